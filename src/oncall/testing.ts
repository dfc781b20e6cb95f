import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { type Auth, call, createTestApp, login, setupFirstOrg } from '../../test/helpers/app.ts';
import { openTestDb } from '../../test/helpers/engines.ts';
import { type NotifyOptions, startNotify } from '../notify/index.ts';
import type { Bus } from '../platform/bus/bus.ts';
import type { Config } from '../platform/config/schema.ts';
import type { Db } from '../platform/db/db.ts';
import type { JobHandler } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { type OncallOptions, startOncall } from './start.ts';

export interface OncallHarness {
  app: FastifyInstance;
  platform: Platform;
  /** The job handlers registered (escalation, notification, delivery), by kind. */
  handlers: ReadonlyMap<string, JobHandler>;
  /** Stops the worker, the app and the bus; closes the database unless keepDb. */
  close(): Promise<void>;
}

/**
 * A full app with the on-call module, its ack pages and a running job worker (escalation and
 * notification handlers), on the engines the environment chooses, with test-sized timings.
 */
export async function oncallHarness(
  o: {
    db?: Db;
    bus?: Bus;
    keepDb?: boolean;
    config?: Partial<Config>;
    notify?: NotifyOptions;
    oncall?: OncallOptions;
    worker?: boolean;
  } = {},
): Promise<OncallHarness> {
  // The harness owns the database so a test can keep it across a restart (keepDb).
  const db = o.db ?? (await openTestDb());
  const t = await createTestApp(
    { publicUrl: 'http://swimmy.test', webhookAllowAddresses: ['127.0.0.1'], ...o.config },
    {
      db,
      ...(o.bus ? { bus: o.bus } : {}),
      jobs: {
        pollMs: 20,
        concurrency: 16,
        leaseMs: 3000,
        stopTimeoutMs: 1000,
        backoff: { baseMs: 50, capMs: 200 },
      },
    },
  );
  const { app, platform } = t;
  const { jobs } = platform;
  // Record the handlers the services register, so fake-clock tests can run due jobs themselves.
  const handlers = new Map<string, JobHandler>();
  const register = jobs.register.bind(jobs);
  jobs.register = (kind, handler) => {
    register(kind, handler);
    handlers.set(kind, handler);
  };
  // A batch handler is recorded as a handler of one job at a time.
  const registerBatch = jobs.registerBatch.bind(jobs);
  jobs.registerBatch = (kind, batch, options) => {
    registerBatch(kind, batch, options);
    handlers.set(kind, async (job, ctx) => {
      const failed = await batch([job], { ...ctx, signalOf: () => ctx.signal });
      const error = failed?.get(job.id);
      if (error !== undefined) throw error;
    });
  };
  const notify = startNotify(platform, {
    allowAddresses: ['127.0.0.1'],
    backoff: { baseMs: 50, capMs: 200, jitter: 0.2 },
    ...o.notify,
  });
  const oncall = startOncall(platform, { auditIntervalMs: 60_000, ...o.oncall });
  if (o.worker !== false) jobs.start();
  return {
    app,
    platform,
    handlers,
    async close() {
      oncall.close();
      notify.close();
      // createTestApp closes the app, the worker and the bus it opened; the database is ours.
      await t.close();
      if (!o.keepDb) await db.close();
    },
  };
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  at: number;
}

/** A webhook receiver on 127.0.0.1 that records every request; `respond` picks the status. */
export async function webhookReceiver(
  respond: (r: Received, n: number) => { status: number; headers?: Record<string, string> } = () => ({
    status: 200,
  }),
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {}
      const r: Received = { path: req.url ?? '', headers: req.headers, raw, body, at: Date.now() };
      received.push(r);
      const answer = respond(r, received.length);
      res.writeHead(answer.status, answer.headers ?? {}).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    for: (path: string) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An org with an owner and two responders, each signed in. */
export async function orgWithResponders(app: FastifyInstance, handle = 'acme') {
  const owner = await setupFirstOrg(app, handle, `owner@${handle}.test`);
  const add = async (name: string, role = 'responder') => {
    const email = `${name}@${handle}.test`;
    const res = await call(app, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/members`,
      auth: owner.auth,
      body: { email, name, role },
    });
    if (res.statusCode !== 201) throw new Error(`add member: ${res.statusCode} ${res.body}`);
    const body = res.json() as { member: { userId: string }; initialPassword: string };
    return { userId: body.member.userId, email, auth: await login(app, email, body.initialPassword) };
  };
  return { owner, add };
}

export async function ok(
  app: FastifyInstance,
  c: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; body?: unknown; auth: Auth },
  status = 200,
) {
  const res = await call(app, c);
  if (res.statusCode !== status)
    throw new Error(`${c.method ?? 'GET'} ${c.url}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.body
    ? (res.json() as Record<string, unknown> & { id: string })
    : ({} as Record<string, unknown> & { id: string });
}
