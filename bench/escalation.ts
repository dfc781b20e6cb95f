// npm run bench:escalation [-- --engine pglite|postgres] [--json] [--incidents 10000]
//   [--level-delay-ms 5000] [--workers 1|2]
//
// N open incidents escalating at once. Each is routed to a policy: level 1 pages ann, then after
// `level-delay-ms` level 2 pages bob. The incidents are opened through raiseAlert (the intake
// path) before the workers start, so all level-1 steps are due together; each level-2 step is then
// due at a known time (its job's run_at = when level 1 ran + the delay) while the other level-1
// steps, notifications and deliveries are still being worked through.
//
// lateness = when bob's notification was handed to the channel (the in-app channel's bus
// publish, intercepted here, so the figure is escalation, not HTTP) − the level-2 step's
// scheduled time. Each level-2 page runs three durable jobs in turn: the step, the notification
// rule (oncall.notify) and the delivery (notify.send).
// lost: incidents without a level-2 page by the deadline; duplicated: pages beyond one per
// incident and person. throughput_per_s: pages handed to the channel per second from the first
// level-2 due time to the last level-2 page.
//
// Workers: PGlite has one (one process, one connection). On PostgreSQL two `work` workers run in
// this process, each a full platform with its own connection pool, job queue and worker id (as
// two `work` processes would be, without the process start-up in the figures); they compete for
// the same rows with FOR UPDATE SKIP LOCKED exactly as separate processes do.
//
// reference: the same workers then run N plain no-op jobs due over the same spread as the
// level-2 steps (handler start − run_at): what the queue alone costs on this machine, this run.
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as pause } from 'node:timers/promises';
import pino from 'pino';
import { Registry } from 'prom-client';
import { buildApp } from '../src/app.ts';
import { startNotify } from '../src/notify/index.ts';
import { raiseAlert } from '../src/oncall/incidents.ts';
import { startOncall } from '../src/oncall/start.ts';
import { ok, orgWithResponders } from '../src/oncall/testing.ts';
import { createAudit } from '../src/platform/audit.ts';
import type { Bus } from '../src/platform/bus/bus.ts';
import { createMemoryBus } from '../src/platform/bus/memory.ts';
import { loadConfig } from '../src/platform/config/load.ts';
import type { Db } from '../src/platform/db/db.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createJobs } from '../src/platform/jobs/queue.ts';
import { createLogger } from '../src/platform/log.ts';
import type { Platform } from '../src/platform/platform.ts';
import {
  DEFAULT_POSTGRES_URL,
  numberOption,
  openBenchDb,
  parseArgs,
  percentile,
  printResult,
  round,
} from './lib.ts';

const args = parseArgs();
const incidents = numberOption(args, 'incidents', 10_000);
const levelDelayMs = numberOption(args, 'level-delay-ms', 5000);
const workers = numberOption(args, 'workers', args.engine === 'postgres' ? 2 : 1);
if (args.engine === 'pglite' && workers !== 1) {
  process.stderr.write('PGlite is one process: --workers must be 1\n');
  process.exit(2);
}
/** After the last level-2 due time could pass, how long before a missing page counts as lost. */
const DEADLINE_MS = Math.max(30_000, incidents * 25);
const RAISERS = 32;
const PLAIN = 'bench.plain';

interface Page {
  incidentId: string;
  userId: string;
  at: number;
}

function platformOn(db: Db, pages: Page[], plainStarts: Map<number, number>, plainLate: number[]) {
  const config = loadConfig({ env: {}, overrides: { logLevel: 'warn', loginRateLimit: 10_000 } });
  const log = createLogger('warn', pino.destination(2));
  const metrics = new Registry();
  const bus: Bus = createMemoryBus();
  const publish = bus.publish.bind(bus);
  bus.publish = (e) => {
    if (e.type === 'notification') {
      const d = e.data as { userId: string; event: { data: { incidentId: string } } };
      pages.push({ incidentId: d.event.data.incidentId, userId: d.userId, at: Date.now() });
    }
    return publish(e);
  };
  // The `work` role's queue as openPlatform builds it (production defaults).
  const jobs = createJobs(db, { concurrency: config.jobConcurrency, pollMs: config.jobPollMs, log, metrics });
  const p: Platform = { config, log, db, bus, jobs, audit: createAudit(db), metrics };
  const notify = startNotify(p, {});
  const oncall = startOncall(p, { subscribeDetection: false, auditIntervalMs: 3_600_000 });
  jobs.register(PLAIN, async (job) => {
    const now = Date.now();
    if (!plainStarts.has(job.id)) plainLate.push(now - job.runAt.getTime());
    plainStarts.set(job.id, (plainStarts.get(job.id) ?? 0) + 1);
  });
  return {
    p,
    async close() {
      oncall.close();
      await jobs.stop();
      notify.close();
      await bus.close();
    },
  };
}

async function main() {
  const bench = await openBenchDb(args.engine);
  const extraDbs: Db[] = [];
  const pages: Page[] = [];
  const plainStarts = new Map<number, number>();
  const plainLate: number[] = [];
  const running: Array<Awaited<ReturnType<typeof platformOn>>> = [];
  try {
    running.push(platformOn(bench.db, pages, plainStarts, plainLate));
    if (workers > 1) {
      const schema = (await bench.db.one<{ s: string }>('select current_schema() as s'))!.s;
      const url = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
      for (let i = 1; i < workers; i++) {
        const db = await openPostgres({ url, schema, max: 20 });
        extraDbs.push(db);
        running.push(platformOn(db, pages, plainStarts, plainLate));
      }
    }
    const main = running[0]!.p;

    // Setup through the API: an org, ann and bob (one in-app rule each), a policy, a routing rule.
    const app = await buildApp(main);
    await app.ready();
    const org = await orgWithResponders(app, 'bench');
    const ann = await org.add('ann');
    const bob = await org.add('bob');
    for (const who of [ann, bob])
      await ok(
        app,
        { method: 'POST', url: '/api/v1/me/notification-rules', auth: who.auth, body: { channel: 'in_app' } },
        201,
      );
    const { orgId } = org.owner;
    const policy = await ok(
      app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'Bench',
          levels: [
            { delaySeconds: levelDelayMs / 1000, targets: [{ type: 'user', userId: ann.userId }] },
            { delaySeconds: 0, targets: [{ type: 'user', userId: bob.userId }] },
          ],
        },
      },
      201,
    );
    await ok(
      app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: { name: 'all', conditions: {}, policyId: policy.id },
      },
      201,
    );
    await app.close();

    // N incidents through the intake path, before any worker runs.
    const openStart = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < incidents; i += RAISERS) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(RAISERS, incidents - i) }, (_, k) =>
          raiseAlert(main, {
            orgId,
            source: 'bench',
            dedupKey: `bench-${i + k}`,
            summary: `incident ${i + k}`,
            severity: 'critical',
          }),
        ),
      );
      for (const r of batch) ids.push(r.incidentId);
    }
    const openMs = performance.now() - openStart;

    const startedAt = Date.now();
    for (const r of running) r.p.jobs.start();
    const bobPages = () =>
      new Set(pages.filter((x) => x.userId === bob.userId).map((x) => x.incidentId)).size;
    // Level 2 is due at the earliest levelDelayMs after the start; give the whole run a deadline.
    let deadline = startedAt + levelDelayMs + DEADLINE_MS;
    while (bobPages() < incidents && Date.now() < deadline) await pause(50);
    await pause(500); // a duplicate would show up now

    // Each level-2 step's scheduled time: the run_at of its job.
    const due = new Map<string, number>();
    const rows = await main.db.query<{ key: string; run_at: Date }>(
      `select idempotency_key as key, run_at from jobs where kind = 'oncall.escalate' and idempotency_key like 'esc:%:0:1:0'`,
    );
    for (const r of rows) due.set(r.key.split(':')[1]!, r.run_at.getTime());
    const seen = new Map<string, number>();
    const lateness: number[] = [];
    let lastPage = 0;
    for (const x of pages) {
      const k = `${x.incidentId}:${x.userId}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
      if (x.userId !== bob.userId || seen.get(k)! > 1) continue;
      const at = due.get(x.incidentId);
      if (at === undefined) continue;
      lateness.push(x.at - at);
      lastPage = Math.max(lastPage, x.at);
    }
    const duplicated = [...seen.values()].reduce((s, n) => s + (n - 1), 0);
    const lost = ids.filter((id) => !seen.has(`${id}:${bob.userId}`)).length;
    const lostLevel1 = ids.filter((id) => !seen.has(`${id}:${ann.userId}`)).length;
    const dueTimes = [...due.values()];
    const firstDue = Math.min(...dueTimes);
    const lastDue = Math.max(...dueTimes);
    const level2Window = Math.max(1, lastPage - firstDue);
    const level1Done = Math.max(...pages.filter((x) => x.userId === ann.userId).map((x) => x.at));

    // Reference: N plain jobs due over the same spread, on the same workers.
    const spread = Math.max(1, lastDue - firstDue);
    await main.db.execute(
      `insert into jobs (kind, run_at)
       select $1, now() + interval '1 second' + (g * $3::float8 / $2::float8) * interval '1 millisecond'
       from generate_series(0, $2::int - 1) g`,
      [PLAIN, incidents, spread],
    );
    deadline = Date.now() + 1000 + spread + DEADLINE_MS;
    while (plainStarts.size < incidents && Date.now() < deadline) await pause(50);
    await pause(300);
    const plainDup = [...plainStarts.values()].reduce((s, n) => s + (n - 1), 0);

    printResult(
      `bench:escalation on ${args.engine}: ${incidents} incidents, ${workers} worker(s), level 2 due ${levelDelayMs} ms after level 1`,
      {
        incidents,
        workers,
        engine: args.engine,
        lateness_p50_ms: percentile(lateness, 50),
        lateness_p90_ms: percentile(lateness, 90),
        lateness_p99_ms: percentile(lateness, 99),
        lateness_max_ms: percentile(lateness, 100),
        lost,
        duplicated,
        throughput_per_s: round(lateness.length / (level2Window / 1000)),
        pages_total: pages.length,
        lost_level1: lostLevel1,
        level1_all_paged_ms: level1Done - startedAt,
        level2_due_spread_ms: spread,
        open_incidents_ms: round(openMs),
        open_per_s: Math.round(incidents / (openMs / 1000)),
        level_delay_ms: levelDelayMs,
        reference_plain_jobs: incidents,
        reference_plain_lateness_p50_ms: percentile(plainLate, 50),
        reference_plain_lateness_p99_ms: percentile(plainLate, 99),
        reference_plain_lost: incidents - plainStarts.size,
        reference_plain_duplicated: plainDup,
        load_1m: round(loadavg()[0] ?? 0),
        cpus: availableParallelism(),
      },
      args.json,
    );
  } finally {
    for (const r of running) await r.close();
    for (const db of extraDbs) await db.close();
    await bench.close();
  }
}

await main();
