import type { LightMyRequestResponse } from 'fastify';
import { type Auth, call, login, PASSWORD, type TestApp } from '../../test/helpers/app.ts';
import { openTestBus, openTestDb } from '../../test/helpers/engines.ts';
import { buildApp } from '../app.ts';
import { type CasesOptions, casesModule } from '../cases/routes.ts';
import { createAudit } from '../platform/audit.ts';
import { loadConfig } from '../platform/config/load.ts';
import { createMetrics } from '../platform/http/metrics.ts';
import { createJobs } from '../platform/jobs/queue.ts';
import { createLogger } from '../platform/log.ts';
import type { Platform } from '../platform/platform.ts';
import { spacesModule } from './routes.ts';

/**
 * Test helpers for spaces and cases: the whole app as test/helpers/app.ts builds it, plus the
 * coordination routes while src/app.ts does not register them yet (options need our own build), and builders for orgs, people,
 * tokens and spaces that go through the public API only.
 */
export async function createCoordinationApp(options: CasesOptions = {}): Promise<TestApp> {
  const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', loginRateLimit: 10_000 } });
  const log = createLogger(config.logLevel);
  const db = await openTestDb();
  const bus = await openTestBus();
  const metrics = createMetrics();
  const jobs = createJobs(db, { concurrency: 8, pollMs: 50, log, metrics });
  const platform: Platform = { config, log, db, bus, jobs, audit: createAudit(db), metrics };
  const app = await buildApp(platform);
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/spaces' })) {
    await app.register(spacesModule(platform), { prefix: '/api/v1' });
    await app.register(casesModule(platform, options), { prefix: '/api/v1' });
  }
  await app.ready();
  return {
    app,
    platform,
    async close() {
      await app.close();
      await jobs.stop();
      await bus.close();
      await db.close();
    },
  };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the API and fails loudly unless the status is the expected one. */
export async function must(
  t: TestApp,
  auth: Auth,
  method: Method,
  url: string,
  body?: unknown,
  status?: number,
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies loosely
): Promise<any> {
  const res = await call(t.app, {
    method,
    url: `/api/v1${url}`,
    auth,
    ...(body !== undefined ? { body } : {}),
  });
  const want =
    status ?? (method === 'POST' ? 201 : method === 'DELETE' || method === 'PUT' ? res.statusCode : 200);
  if (res.statusCode !== want)
    throw new Error(`${method} ${url}: got ${res.statusCode}, want ${want}: ${res.body}`);
  return res.body ? res.json() : undefined;
}

export const raw = (
  t: TestApp,
  auth: Auth,
  method: Method,
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> =>
  call(t.app, { method, url: `/api/v1${url}`, auth, ...(body !== undefined ? { body } : {}) });

export interface Person {
  auth: { cookie: string; csrf: string };
  userId: string;
  email: string;
}

/** Adds a person to an org (creating the account) and signs them in. */
export async function addPerson(
  t: TestApp,
  admin: Auth,
  orgId: string,
  email: string,
  role: string,
): Promise<Person> {
  const res = await must(t, admin, 'POST', `/orgs/${orgId}/members`, {
    email,
    role,
    name: email.split('@')[0],
  });
  const auth = await login(t.app, email, res.initialPassword);
  return { auth, userId: res.member.userId, email };
}

/** A new org owned by a new person (the creator steps out, as in real life). */
export async function newOrg(
  t: TestApp,
  creator: Person,
  handle: string,
): Promise<{ orgId: string; owner: Person }> {
  const org = await must(t, creator.auth, 'POST', '/orgs', { name: `Org ${handle}`, handle });
  // A fresh session: a cached credential may not know the new membership yet (on NATS the
  // cache is invalidated asynchronously). Creators in these tests use the shared PASSWORD.
  const fresh = await login(t.app, creator.email, PASSWORD);
  const owner = await addPerson(t, fresh, org.id, `owner@${handle}.test`, 'owner');
  await must(t, owner.auth, 'DELETE', `/orgs/${org.id}/members/${creator.userId}`, undefined, 204);
  return { orgId: org.id, owner };
}

export async function newToken(
  t: TestApp,
  admin: Auth,
  orgId: string,
  role: string,
): Promise<{ token: string }> {
  const res = await must(t, admin, 'POST', `/orgs/${orgId}/tokens`, { name: `t-${role}`, role });
  return { token: res.secret };
}

/** Invites an org by handle and has both sides approve; returns the accepted invitation. */
export async function join(
  t: TestApp,
  spaceId: string,
  inviter: Auth,
  org: { orgId: string; handle: string; admin: Auth },
) {
  const { invitation } = await must(t, inviter, 'POST', `/spaces/${spaceId}/invitations`, {
    orgHandle: org.handle,
  });
  return must(t, org.admin, 'POST', `/orgs/${org.orgId}/space-invitations/${invitation.id}/accept`, {}, 200);
}
