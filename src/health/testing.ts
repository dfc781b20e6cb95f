// Test support for the health module: a provider with people in every role, two customer orgs
// with their own people, links and resources — all made through the public API.

import type { FastifyInstance } from 'fastify';
import { type Auth, call, login, PASSWORD, setupFirstOrg } from '../../test/helpers/app.ts';

export interface Person {
  auth: { cookie: string; csrf: string };
  userId: string;
  email: string;
}

/** Calls the API and fails loudly unless the status is the expected one. */
export async function api(
  app: FastifyInstance,
  auth: Auth,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  status = method === 'POST' ? 201 : 200,
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies loosely
): Promise<any> {
  const res = await call(app, {
    method,
    url: `/api/v1${url}`,
    auth,
    ...(body !== undefined ? { body } : {}),
  });
  if (res.statusCode !== status)
    throw new Error(`${method} ${url}: got ${res.statusCode}, want ${status}: ${res.body}`);
  return res.body ? res.json() : undefined;
}

export async function addPerson(
  app: FastifyInstance,
  admin: Auth,
  orgId: string,
  email: string,
  role: string,
) {
  const res = await api(app, admin, 'POST', `/orgs/${orgId}/members`, {
    email,
    role,
    name: email.split('@')[0],
  });
  return { auth: await login(app, email, res.initialPassword), userId: res.member.userId, email } as Person;
}

/** A new org owned by a new person; the creator steps out, so the two orgs share nobody. */
export async function newOrg(app: FastifyInstance, creator: Person, handle: string) {
  const org = await api(app, creator.auth, 'POST', '/orgs', { name: `Org ${handle}`, handle });
  const fresh = await login(app, creator.email, PASSWORD);
  const owner = await addPerson(app, fresh, org.id, `owner@${handle}.test`, 'owner');
  await api(app, owner.auth, 'DELETE', `/orgs/${org.id}/members/${creator.userId}`, undefined, 204);
  return { orgId: org.id as string, handle, owner };
}

export async function healthWorld(app: FastifyInstance) {
  const setup = await setupFirstOrg(app, 'acme', 'owner@acme.test');
  const providerOwner: Person = { auth: setup.auth, userId: setup.userId, email: 'owner@acme.test' };
  const provider = {
    orgId: setup.orgId,
    owner: providerOwner,
    admin: await addPerson(app, setup.auth, setup.orgId, 'admin@acme.test', 'admin'),
    responder: await addPerson(app, setup.auth, setup.orgId, 'responder@acme.test', 'responder'),
    viewer: await addPerson(app, setup.auth, setup.orgId, 'viewer@acme.test', 'viewer'),
  };
  const customer = async (handle: string) => {
    const org = await newOrg(app, providerOwner, handle);
    return {
      ...org,
      responder: await addPerson(app, org.owner.auth, org.orgId, `responder@${handle}.test`, 'responder'),
      viewer: await addPerson(app, org.owner.auth, org.orgId, `viewer@${handle}.test`, 'viewer'),
    };
  };
  const bitbucket = await customer('bitbucket');
  const other = await customer('othercorp');
  // An org that is nobody's customer.
  const outsider = await newOrg(app, providerOwner, 'outsider');
  for (const c of [bitbucket, other]) {
    await api(app, provider.admin.auth, 'POST', `/orgs/${provider.orgId}/customers`, { handle: c.handle });
  }
  const resource = (c: { orgId: string }, kind: string, identifier: string, extra: object = {}) =>
    api(app, provider.admin.auth, 'POST', `/orgs/${provider.orgId}/customers/${c.orgId}/resources`, {
      kind,
      identifier,
      ...extra,
    });
  const resources = {
    address: await resource(bitbucket, 'address', '198.51.100.7', { name: 'web front' }),
    prefix: await resource(bitbucket, 'prefix', '2001:db8:7::/48'),
    volume: await resource(bitbucket, 'volume', 'vol-1', { region: 'fr-par' }),
    otherAddress: await resource(other, 'address', '198.51.100.8'),
  };
  return { provider, bitbucket, other, outsider, resources };
}

export type HealthWorld = Awaited<ReturnType<typeof healthWorld>>;

/** An attack event as the detection module publishes it (the fields the health module reads, and more). */
export function attackEvent(
  orgId: string,
  o: { id: string; target: string; state?: 'active' | 'ended'; pps?: number; at?: number; scope?: string },
) {
  const at = new Date(o.at ?? Date.now()).toISOString();
  const state = o.state ?? 'active';
  return {
    type: state === 'ended' ? 'attack.ended' : 'attack.updated',
    orgId,
    tlp: 'AMBER' as const,
    data: {
      id: o.id,
      orgId,
      scope: o.scope ?? 'host',
      target: o.target,
      classification: 'UDP flood',
      vectors: ['total', 'udp'],
      state,
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      updatedAt: at,
      endedAt: state === 'ended' ? at : null,
      current: { pps: o.pps ?? 2_300_000, bps: 9_200_000_000 },
      peak: { pps: o.pps ?? 2_300_000, bps: 9_200_000_000 },
      topSources: [{ address: '203.0.113.99', pps: 1000 }],
      sampleFlows: [{ src: '203.0.113.99' }],
      thresholds: { total: { pps: 20000 } },
    },
  };
}
