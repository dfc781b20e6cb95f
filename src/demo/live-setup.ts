// The live part of the demo (bitbucket story, PRODUCT.md story 2) set up on top of the Meltdown
// consortium: Scaleway is the provider whose customer gets flooded; Bitbucket is that customer.
// Everything is configured through the public API as Scaleway's people would, once.

import { createOrgWithOwner } from '../identity/accounts.ts';
import { findOrgByHandle, findUserByEmail } from '../identity/store.ts';
import type { Platform } from '../platform/platform.ts';
import { emailOf } from './cast.ts';
import { clientFor, type DemoClient } from './live-client.ts';
import { MELTDOWN_SPACE } from './meltdown-entries.ts';

export const DEMO_PROVIDER = 'scaleway';
export const DEMO_CUSTOMER = {
  handle: 'bitbucket',
  name: 'Bitbucket',
  owner: 'riley',
  ownerName: 'Riley Chen',
};
/** The customer's web front: the address the simulator floods (data inside flow records only). */
export const DEMO_TARGET = '198.51.100.7';
export const DEMO_NETWORK = '198.51.100.0/22';

/** Detection for the demo (config, not data): Scaleway's network, a hostgroup for Bitbucket. */
export const DEMO_DETECTION = {
  networks: [DEMO_NETWORK],
  thresholds: { total: { pps: 20_000, bps: 0 } },
  hostgroups: [
    {
      name: 'bitbucket-web',
      org: DEMO_PROVIDER,
      prefixes: ['198.51.100.0/24'],
      thresholds: { total: { pps: 20_000, bps: 0 } },
    },
  ],
  quietPeriodS: 5,
};

export interface LiveWorld {
  providerOrgId: string;
  customerOrgId: string;
  spaceId: string;
  /** Camille (Scaleway owner), Léa (Scaleway responder, on call), Riley (Bitbucket owner). */
  camille: DemoClient;
  lea: DemoClient;
  leaUserId: string;
  customerCreated: boolean;
  /** The public status page's slug (ours, or the one the demo data gave Scaleway). */
  statusSlug: string | null;
}

async function userId(p: Platform, local: string, handle: string) {
  const u = await findUserByEmail(p.db, emailOf(local, handle));
  if (!u) throw new Error(`demo: ${emailOf(local, handle)} is missing; load the demo into a fresh database`);
  return u.id;
}

export async function setUpLive(
  p: Platform,
  baseUrl: string,
  password: string | undefined,
): Promise<LiveWorld> {
  const provider = await findOrgByHandle(p.db, DEMO_PROVIDER);
  if (!provider) throw new Error('demo: the Meltdown consortium is not loaded');
  const camille = await clientFor(p, baseUrl, await userId(p, 'camille', DEMO_PROVIDER));
  const leaUserId = await userId(p, 'lea', DEMO_PROVIDER);
  const lea = await clientFor(p, baseUrl, leaUserId);
  const spaces = await camille.call<{ items: Array<{ id: string; name: string }> }>('GET', '/spaces');
  const space = spaces.items.find((s) => s.name === MELTDOWN_SPACE.name);
  if (!space) throw new Error('demo: the consortium space is missing');
  let customer = await findOrgByHandle(p.db, DEMO_CUSTOMER.handle);
  const customerCreated = !customer;
  if (!customer) {
    customer = (
      await createOrgWithOwner(p, {
        org: { name: DEMO_CUSTOMER.name, handle: DEMO_CUSTOMER.handle },
        owner: {
          name: DEMO_CUSTOMER.ownerName,
          email: emailOf(DEMO_CUSTOMER.owner, DEMO_CUSTOMER.handle),
          password: password ?? '',
        },
      })
    ).org;
    await configure(camille, lea, leaUserId, provider.id, customer.id, space.id);
  }
  const page = await camille.find<{ slug: string }>(`/orgs/${provider.id}/status/page`);
  return {
    providerOrgId: provider.id,
    customerOrgId: customer.id,
    spaceId: space.id,
    camille,
    lea,
    leaUserId,
    customerCreated,
    statusSlug: page?.slug ?? null,
  };
}

async function configure(
  camille: DemoClient,
  lea: DemoClient,
  leaUserId: string,
  orgId: string,
  customerOrgId: string,
  spaceId: string,
) {
  const org = `/orgs/${orgId}`;
  // Bitbucket is Scaleway's customer, with its web front address.
  await camille.call('POST', `${org}/customers`, { handle: DEMO_CUSTOMER.handle });
  await camille.call('POST', `${org}/customers/${customerOrgId}/resources`, {
    kind: 'address',
    identifier: DEMO_TARGET,
    name: 'web front',
  });
  // On call: Léa this week, paged in the app; detected attacks go to her policy.
  const schedule = await camille.call<{ id: string }>('POST', `${org}/oncall/schedules`, {
    name: 'Network on-call',
    timeZone: 'Europe/Paris',
    layers: [
      {
        name: 'primary',
        rotation: 'weekly',
        handoffTime: '09:00',
        startDate: '2026-01-05',
        members: [leaUserId],
      },
    ],
  });
  const policy = await camille.call<{ id: string }>('POST', `${org}/oncall/policies`, {
    name: 'DDoS',
    levels: [{ delaySeconds: 300, targets: [{ type: 'schedule', scheduleId: schedule.id }] }],
  });
  await camille.call('POST', `${org}/oncall/routing-rules`, {
    name: 'Detected attacks',
    conditions: { sources: ['detection'] },
    policyId: policy.id,
  });
  await lea.call('POST', '/me/notification-rules', { channel: 'in_app' });
  // Collective defense: every attack is shared at once, GREEN, the victim generalised to its /24.
  await camille.call('PUT', `${org}/intel/policy`, {
    mode: 'automatic',
    spaceId,
    defaultTlp: 'GREEN',
    anonymisation: 'generalise',
  });
  // A public status page, unless the demo data already gave Scaleway one.
  if (!(await camille.find(`${org}/status/page`)))
    await camille.call('PUT', `${org}/status/page`, { slug: 'scaleway', name: 'Scaleway', published: true });
}
