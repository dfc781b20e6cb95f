// Test support for collective defense: a consortium of orgs, people and API tokens, built
// through the public API only, and one hand-written indicator under every TLP label.

import { type Auth, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import type { Tlp } from '../policy/index.ts';
import { addPerson, join, must, newOrg, newToken, type Person } from '../spaces/testing.ts';

export const LABELS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

export const READERS = [
  'alphaOwner', // alpha admin/owner, writes every indicator
  'alphaViewer',
  'bravoOwner',
  'bravoRed', // named RED recipient
  'charlieOwner', // in the space, never a named recipient
  'deltaOwner', // not in the space
  'customerOwner', // alpha's customer, not in the space
  'tokenAlpha',
  'tokenBravo',
  'tokenCharlie',
  'tokenDelta',
] as const;
export type Reader = (typeof READERS)[number];

const ALPHA: Reader[] = ['alphaOwner', 'alphaViewer', 'tokenAlpha'];
const BRAVO: Reader[] = ['bravoOwner', 'bravoRed', 'tokenBravo'];
const CHARLIE: Reader[] = ['charlieOwner', 'tokenCharlie'];

/**
 * Who may read alpha's shared indicator under each label (AMBER and AMBER+STRICT named to
 * bravo, RED to bravoRed), written out by hand independently of the policy code under test.
 */
export const ENTITLED: Record<Tlp, Reader[]> = {
  CLEAR: [...READERS],
  GREEN: [...ALPHA, ...BRAVO, ...CHARLIE],
  AMBER: [...ALPHA, ...BRAVO],
  'AMBER+STRICT': [...ALPHA, ...BRAVO],
  RED: ['alphaOwner', 'bravoRed'],
};

export interface IntelWorld {
  t: TestApp;
  spaceId: string;
  auth: Record<Reader, Auth>;
  orgOf: Record<Reader, string>;
  orgIds: Record<'alpha' | 'bravo' | 'charlie' | 'delta' | 'customer', string>;
  userIds: { bravoRed: string };
  alphaOwner: Person;
  bravoOwner: Person;
}

export async function buildIntelWorld(t: TestApp): Promise<IntelWorld> {
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  const alphaOwner: Person = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  const alpha = first.orgId;
  const bravo = await newOrg(t, alphaOwner, 'bravo');
  const charlie = await newOrg(t, alphaOwner, 'charlie');
  const delta = await newOrg(t, alphaOwner, 'delta');
  const customer = await newOrg(t, alphaOwner, 'custo');
  await must(t, alphaOwner.auth, 'POST', `/orgs/${alpha}/customers`, { handle: 'custo' });
  const alphaViewer = await addPerson(t, alphaOwner.auth, alpha, 'viewer@alpha.test', 'viewer');
  const bravoRed = await addPerson(t, bravo.owner.auth, bravo.orgId, 'red@bravo.test', 'responder');
  const tok = (admin: Auth, orgId: string) => newToken(t, admin, orgId, 'viewer');
  const auth: Record<Reader, Auth> = {
    alphaOwner: alphaOwner.auth,
    alphaViewer: alphaViewer.auth,
    bravoOwner: bravo.owner.auth,
    bravoRed: bravoRed.auth,
    charlieOwner: charlie.owner.auth,
    deltaOwner: delta.owner.auth,
    customerOwner: customer.owner.auth,
    tokenAlpha: await tok(alphaOwner.auth, alpha),
    tokenBravo: await tok(bravo.owner.auth, bravo.orgId),
    tokenCharlie: await tok(charlie.owner.auth, charlie.orgId),
    tokenDelta: await tok(delta.owner.auth, delta.orgId),
  };
  const space = await must(t, alphaOwner.auth, 'POST', `/orgs/${alpha}/spaces`, { name: 'DDoS watch' });
  await join(t, space.id, alphaOwner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  await join(t, space.id, alphaOwner.auth, {
    orgId: charlie.orgId,
    handle: 'charlie',
    admin: charlie.owner.auth,
  });
  const orgOf: Record<Reader, string> = {
    alphaOwner: alpha,
    alphaViewer: alpha,
    tokenAlpha: alpha,
    bravoOwner: bravo.orgId,
    bravoRed: bravo.orgId,
    tokenBravo: bravo.orgId,
    charlieOwner: charlie.orgId,
    tokenCharlie: charlie.orgId,
    deltaOwner: delta.orgId,
    tokenDelta: delta.orgId,
    customerOwner: customer.orgId,
  };
  return {
    t,
    spaceId: space.id,
    auth,
    orgOf,
    orgIds: {
      alpha,
      bravo: bravo.orgId,
      charlie: charlie.orgId,
      delta: delta.orgId,
      customer: customer.orgId,
    },
    userIds: { bravoRed: bravoRed.userId },
    alphaOwner,
    bravoOwner: bravo.owner,
  };
}

/** The label fields for alpha's indicator under `tlp`. */
export const labelFor = (w: IntelWorld, tlp: Tlp) =>
  tlp === 'AMBER' || tlp === 'AMBER+STRICT'
    ? { tlp, recipientOrgIds: [w.orgIds.bravo] }
    : tlp === 'RED'
      ? { tlp, recipientUserIds: [w.userIds.bravoRed] }
      : { tlp };

/** Alpha's owner shares one NTP indicator by hand under `tlp` (shared at once: an admin wrote it). */
export async function shareByHand(w: IntelWorld, tlp: Tlp, n = 0) {
  return must(w.t, w.alphaOwner.auth, 'POST', `/orgs/${w.orgIds.alpha}/intel/indicators`, {
    vector: 'amp_ntp',
    protocol: 'udp',
    sourcePorts: [123],
    reflectors: [{ address: `203.0.113.${10 + n}`, port: 123 }],
    target: '198.51.100.0/24',
    peakBps: 38e9,
    peakPps: 3e6,
    summary: `NTP amplification, 38 Gbps (${tlp} #${n})`,
    spaceId: w.spaceId,
    ...labelFor(w, tlp),
  });
}
