import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createAudit } from '../../src/platform/audit.ts';
import type { Bus } from '../../src/platform/bus/bus.ts';
import { loadConfig } from '../../src/platform/config/load.ts';
import type { Config } from '../../src/platform/config/schema.ts';
import type { Db } from '../../src/platform/db/db.ts';
import { createMetrics } from '../../src/platform/http/metrics.ts';
import { createJobs, type JobsOptions } from '../../src/platform/jobs/queue.ts';
import { createLogger } from '../../src/platform/log.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { openTestBus, openTestDb } from './engines.ts';

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A database / bus the caller owns (and closes); by default the app opens and closes its own. */
  db?: Db;
  bus?: Bus;
  /** Test-sized job timings (poll, lease, backoff); the queue is otherwise the production one. */
  jobs?: Partial<JobsOptions>;
}

/** A full app on the engines chosen by the environment (see engines.ts), not listening. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  o: TestAppOptions = {},
): Promise<TestApp> {
  const config = loadConfig({
    env: {},
    overrides: { logLevel: 'silent', loginRateLimit: 10_000, ...overrides },
  });
  const log = createLogger(config.logLevel);
  const db = o.db ?? (await openTestDb());
  const bus = o.bus ?? (await openTestBus());
  const metrics = createMetrics();
  const jobs = createJobs(db, { concurrency: 8, pollMs: 50, log, metrics, ...o.jobs });
  const platform: Platform = { config, log, db, bus, jobs, audit: createAudit(db), metrics };
  const app = await buildApp(platform);
  await app.ready();
  return {
    app,
    platform,
    async close() {
      await app.close();
      await platform.jobs.stop();
      if (!o.bus) await bus.close();
      if (!o.db) await db.close();
    },
  };
}

/** Credentials a test request carries: a browser session (cookie + CSRF) or an API token. */
export type Auth = { cookie: string; csrf: string } | { token: string } | null;

export interface Call {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  auth?: Auth;
  headers?: Record<string, string>;
}

export function call(app: FastifyInstance, c: Call): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.auth && 'cookie' in c.auth) {
    headers.cookie = `swimmy_session=${c.auth.cookie}`;
    headers['x-csrf-token'] ??= c.auth.csrf;
  } else if (c.auth && 'token' in c.auth) {
    headers.authorization = `Bearer ${c.auth.token}`;
  }
  return app.inject({
    method: c.method ?? 'GET',
    url: c.url,
    headers,
    ...(c.body !== undefined ? { payload: c.body as object } : {}),
  });
}

export function sessionAuth(res: LightMyRequestResponse): { cookie: string; csrf: string } {
  const cookie = res.cookies.find((c) => c.name === 'swimmy_session')?.value;
  if (!cookie) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

export const PASSWORD = 'correct horse battery staple';

/** Runs first-run setup: an org and its owner, signed in. */
export async function setupFirstOrg(app: FastifyInstance, handle = 'acme', email = 'owner@acme.test') {
  const res = await call(app, {
    method: 'POST',
    url: '/api/v1/setup',
    body: { org: { name: `Org ${handle}`, handle }, owner: { name: 'Owner', email, password: PASSWORD } },
  });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string }; orgs: Array<{ id: string }> };
  return { auth: sessionAuth(res), userId: body.user.id, orgId: body.orgs[0]!.id };
}

export async function login(app: FastifyInstance, email: string, password: string) {
  const res = await call(app, { method: 'POST', url: '/api/v1/session', body: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return sessionAuth(res);
}
