// npm run bench:escalation [-- --engine pglite|postgres] [--json] [--incidents 10000]
//   [--level-delay-ms 60000] [--workers 1|2]
//
// N open incidents escalating at once. Each is routed to a policy: level 1 pages ann, then after
// `level-delay-ms` level 2 pages bob. The incidents are opened through raiseAlert (the intake
// path) before any worker runs, so all N level-1 steps are due together; each level-2 step is
// then due at a known time (its job's run_at = when its level 1 ran + the delay). Level-2 steps
// thus come due at the rate the level-1 burst was worked through: keeping up with them needs the
// throughput the workers reached on that burst, with little to spare.
//
// lateness = when bob's page was handed to the channel (the in-app channel's bus publish, probed
// in the worker, so the figure is escalation, not HTTP) − the level-2 step's scheduled time.
// A page is: the step (claimed in batches, one transaction per batch), whose transaction also
// writes the delivery and its send job already leased to this worker; on commit the send goes
// straight to the channel. lost: incidents without a level-2 page by the deadline; duplicated:
// pages beyond one per incident and person. throughput_per_s: level-2 pages handed to the
// channel per second, from the first level-2 due time to the last level-2 page.
//
// The delay: real policies wait minutes between levels; 60 s by default here, because level 1 of
// 10,000 incidents is itself a burst of 10,000 pages that takes seconds (level1_all_paged_ms);
// a shorter delay makes level 2 queue behind that burst (the queue is first-due, first-run, as
// it must be) and the figure then measures the burst's length, not escalation lateness.
//
// Workers: PGlite is one process's database, so there it is this process running the `work`
// role (as `swimmy start` does). On PostgreSQL, `workers` child processes each run the real
// `work` role (bench/escalation-worker.ts: startSwimmy with roles=work, production defaults) and
// report pages and reference-job starts over IPC; this process only sets up, opens the
// incidents and inserts the reference jobs.
//
// reference: the same workers then run N plain no-op jobs due over the same spread as the
// level-2 steps (handler start − run_at): what the queue alone costs on this machine, this run.
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as pause } from 'node:timers/promises';
import { buildApp } from '../src/app.ts';
import { raiseAlert } from '../src/oncall/incidents.ts';
import { ok, orgWithResponders } from '../src/oncall/testing.ts';
import type { Platform } from '../src/platform/platform.ts';
import { childWorkers, PLAIN, platformOn, type Seen } from './escalation-workers.ts';
import { numberOption, openBenchDb, parseArgs, percentile, printResult, round } from './lib.ts';

const args = parseArgs();
const incidents = numberOption(args, 'incidents', 10_000);
const levelDelayMs = numberOption(args, 'level-delay-ms', 60_000);
const workers = numberOption(args, 'workers', args.engine === 'postgres' ? 2 : 1);
if (args.engine === 'pglite' && workers !== 1) {
  process.stderr.write('PGlite is one process: --workers must be 1\n');
  process.exit(2);
}
/** After the last level-2 due time could pass, how long before a missing page counts as lost. */
const DEADLINE_MS = Math.max(30_000, incidents * 25);
const RAISERS = 32;

/** An org with ann and bob (one in-app rule each), a two-level policy and a catch-all rule. */
async function setUp(p: Platform) {
  const app = await buildApp(p);
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
  const levels = [
    { delaySeconds: levelDelayMs / 1000, targets: [{ type: 'user', userId: ann.userId }] },
    { delaySeconds: 0, targets: [{ type: 'user', userId: bob.userId }] },
  ];
  const url = `/api/v1/orgs/${orgId}/oncall`;
  const policy = await ok(
    app,
    { method: 'POST', url: `${url}/policies`, auth: org.owner.auth, body: { name: 'Bench', levels } },
    201,
  );
  const rule = { name: 'all', conditions: {}, policyId: policy.id };
  await ok(app, { method: 'POST', url: `${url}/routing-rules`, auth: org.owner.auth, body: rule }, 201);
  await app.close();
  return { orgId, ann: ann.userId, bob: bob.userId };
}

/** N incidents through the intake path, RAISERS at a time, before any worker runs. */
async function openIncidents(p: Platform, orgId: string) {
  const ids: string[] = [];
  for (let i = 0; i < incidents; i += RAISERS) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(RAISERS, incidents - i) }, (_, k) =>
        raiseAlert(p, {
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
  return ids;
}

/** Figures from what the workers saw. */
function measure(seen: Seen, ids: string[], due: Map<string, number>, people: { ann: string; bob: string }) {
  const count = new Map<string, number>();
  const lateness: number[] = [];
  let lastPage = 0;
  for (const x of seen.pages) {
    const k = `${x.incidentId}:${x.userId}`;
    count.set(k, (count.get(k) ?? 0) + 1);
    if (x.userId !== people.bob || count.get(k)! > 1) continue;
    const at = due.get(x.incidentId);
    if (at === undefined) continue;
    lateness.push(x.at - at);
    lastPage = Math.max(lastPage, x.at);
  }
  const dueTimes = [...due.values()];
  const firstDue = Math.min(...dueTimes);
  return {
    lateness,
    duplicated: [...count.values()].reduce((s, n) => s + (n - 1), 0),
    lost: ids.filter((id) => !count.has(`${id}:${people.bob}`)).length,
    lostLevel1: ids.filter((id) => !count.has(`${id}:${people.ann}`)).length,
    firstDue,
    spread: Math.max(1, Math.max(...dueTimes) - firstDue),
    level2Window: Math.max(1, lastPage - firstDue),
    level1Done: Math.max(...seen.pages.filter((x) => x.userId === people.ann).map((x) => x.at)),
  };
}

async function main() {
  const bench = await openBenchDb(args.engine);
  const seen: Seen = { pages: [], plainStarts: new Map(), plainLate: [] };
  const inProcess = args.engine === 'pglite';
  const local = platformOn(bench.db, seen, inProcess);
  let children: Awaited<ReturnType<typeof childWorkers>> | undefined;
  try {
    const people = await setUp(local.p);
    const openStart = performance.now();
    const ids = await openIncidents(local.p, people.orgId);
    const openMs = performance.now() - openStart;

    if (inProcess) local.p.jobs.start();
    else {
      const schema = (await bench.db.one<{ s: string }>('select current_schema() as s'))!.s;
      children = await childWorkers(workers, schema, seen);
      await children.ready;
    }
    const startedAt = Date.now();
    const bobPages = () =>
      new Set(seen.pages.filter((x) => x.userId === people.bob).map((x) => x.incidentId)).size;
    // Level 2 is due at the earliest levelDelayMs after the start; give the whole run a deadline.
    let deadline = startedAt + levelDelayMs + DEADLINE_MS;
    while (bobPages() < incidents && Date.now() < deadline) await pause(50);
    await pause(500); // a duplicate would show up now

    // Each level-2 step's scheduled time: the run_at of its job.
    const due = new Map<string, number>();
    const rows = await bench.db.query<{ key: string; run_at: Date }>(
      `select idempotency_key as key, run_at from jobs where kind = 'oncall.escalate' and idempotency_key like 'esc:%:0:1:0'`,
    );
    for (const r of rows) due.set(r.key.split(':')[1]!, r.run_at.getTime());
    const m = measure(seen, ids, due, people);

    // Reference: N plain jobs due over the same spread, on the same workers.
    await bench.db.execute(
      `insert into jobs (kind, run_at)
       select $1, now() + interval '1 second' + (g * $3::float8 / $2::float8) * interval '1 millisecond'
       from generate_series(0, $2::int - 1) g`,
      [PLAIN, incidents, m.spread],
    );
    deadline = Date.now() + 1000 + m.spread + DEADLINE_MS;
    while (seen.plainStarts.size < incidents && Date.now() < deadline) await pause(50);
    await pause(300);

    printResult(
      `bench:escalation on ${args.engine}: ${incidents} incidents, ${workers} worker(s)${inProcess ? ' in this process' : ' (child processes)'}, level 2 due ${levelDelayMs} ms after level 1`,
      {
        incidents,
        workers,
        engine: args.engine,
        worker_processes: inProcess ? 'in-process' : 'child',
        lateness_p50_ms: percentile(m.lateness, 50),
        lateness_p90_ms: percentile(m.lateness, 90),
        lateness_p99_ms: percentile(m.lateness, 99),
        lateness_max_ms: percentile(m.lateness, 100),
        lost: m.lost,
        duplicated: m.duplicated,
        throughput_per_s: round(m.lateness.length / (m.level2Window / 1000)),
        pages_total: seen.pages.length,
        lost_level1: m.lostLevel1,
        level1_all_paged_ms: m.level1Done - startedAt,
        level1_pages_per_s: Math.round(incidents / (Math.max(1, m.level1Done - startedAt) / 1000)),
        level2_due_spread_ms: m.spread,
        open_incidents_ms: round(openMs),
        open_per_s: Math.round(incidents / (openMs / 1000)),
        level_delay_ms: levelDelayMs,
        reference_plain_jobs: incidents,
        reference_plain_lateness_p50_ms: percentile(seen.plainLate, 50),
        reference_plain_lateness_p99_ms: percentile(seen.plainLate, 99),
        reference_plain_lost: incidents - seen.plainStarts.size,
        reference_plain_duplicated: [...seen.plainStarts.values()].reduce((s, n) => s + (n - 1), 0),
        load_1m: round(loadavg()[0] ?? 0),
        cpus: availableParallelism(),
      },
      args.json,
    );
  } finally {
    await children?.close();
    await local.close();
    await bench.close();
  }
}

await main();
