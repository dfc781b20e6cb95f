// npm run bench:jobs [-- --engine pglite|postgres] [--json] [--jobs 10000] [--spread-ms 1000]
//   [--lead-ms auto] [--concurrency 64] [--claim-batch 500] [--poll-ms 200]
//
// Schedules `jobs` timers due over `spread-ms` through the public API while a worker runs, and
// measures lateness = handler start − run_at. The first is due `lead-ms` from now: by default
// 1 s plus the time scheduling them all is expected to take (measured on a sample first), so
// that the figure is the worker's lateness, not a backlog of timers inserted after their due time.
// For context, the same run measures what the database alone costs: a `select 1` round trip, and
// claiming + marking done as many due rows with the worker's own statements, without a loop or
// handlers.
//
// lost: scheduled, never started within 15 s of the last due time; duplicated: jobs started more
// than once; elapsed_ms: first due time to the last handler start (the spread plus the tail).
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as pause } from 'node:timers/promises';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Db } from '../src/platform/db/db.ts';
import type { Jobs } from '../src/platform/jobs/jobs.ts';
import { createJobs } from '../src/platform/jobs/queue.ts';
import { claimDue, markDone, vacuumJobs } from '../src/platform/jobs/store.ts';
import { createLogger } from '../src/platform/log.ts';
import { numberOption, openBenchDb, parseArgs, percentile, printResult, round } from './lib.ts';

const args = parseArgs();
const total = numberOption(args, 'jobs', 10_000);
const spreadMs = numberOption(args, 'spread-ms', 1000);
const concurrency = numberOption(args, 'concurrency', 64);
const claimBatch = numberOption(args, 'claim-batch', 500);
const pollMs = numberOption(args, 'poll-ms', 200);
/** After the last job is due, how long before a job that has not run counts as lost. */
const DEADLINE_MS = 15_000;

async function roundTripMs(db: Db, samples = 200) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await db.query('select 1');
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

/**
 * Claim and mark done `total` due rows in batches as large as the worker's (on PostgreSQL its
 * free handler slots, on PGlite a whole claim batch): the database work of the worker with the
 * same statements, without its loop or handlers.
 */
async function claimOnlyMs(db: Db) {
  await db.execute(
    `insert into jobs (kind, run_at) select 'ref', now() - interval '1 second' from generate_series(1, $1::int)`,
    [total],
  );
  const embedded = db.engine === 'pglite';
  if (embedded) await vacuumJobs(db); // as the worker does on PGlite
  const batchSize = embedded ? claimBatch : Math.min(concurrency, claimBatch);
  const start = performance.now();
  let claimed = 0;
  for (;;) {
    const batch = await claimDue(db, 'reference', batchSize, 30_000, !embedded);
    if (!batch.length) break;
    claimed += batch.length;
    await markDone(db, 'reference', batch, !embedded);
  }
  const elapsed = performance.now() - start;
  if (claimed !== total) throw new Error(`reference claimed ${claimed} of ${total}`);
  await db.exec('truncate jobs restart identity');
  return elapsed;
}

const INSERTERS = 32; // callers scheduling at once (request handlers would be concurrent too)

/** Schedules `count` jobs, `INSERTERS` at a time; returns their ids in order. */
async function scheduleAll(jobs: Jobs, count: number, runAt: (n: number) => Date, kind = 'bench') {
  const ids: number[] = [];
  for (let i = 0; i < count; i += INSERTERS) {
    const chunk = Array.from({ length: Math.min(INSERTERS, count - i) }, (_, k) =>
      jobs.schedule({ kind, runAt: runAt(i + k), payload: { n: i + k } }),
    );
    for (const r of await Promise.all(chunk)) ids.push(r.id);
  }
  return ids;
}

/** Milliseconds that scheduling `total` jobs should take, from a sample of far-future ones. */
async function estimateScheduleMs(db: Db, jobs: Jobs) {
  const sample = Math.min(total, 1000);
  const start = performance.now();
  await scheduleAll(jobs, sample, () => new Date(Date.now() + 3_600_000), 'calibration');
  const elapsed = performance.now() - start;
  await db.exec('truncate jobs restart identity');
  return (elapsed / sample) * total;
}

async function main() {
  const { db, close } = await openBenchDb(args.engine);
  try {
    const roundTrip = await roundTripMs(db);
    const reference = await claimOnlyMs(db);

    const log = createLogger('warn', pino.destination(2));
    const jobs = createJobs(db, { concurrency, pollMs, claimBatch, log, metrics: new Registry() });
    const starts = new Map<number, number>();
    const lateness: number[] = [];
    const duplicated = new Set<number>();
    let lastStart = 0;
    jobs.register('bench', async (job) => {
      const now = Date.now();
      if (starts.has(job.id)) duplicated.add(job.id);
      starts.set(job.id, now);
      lateness.push(now - job.runAt.getTime());
      lastStart = now;
    });
    jobs.start();

    const estimate = await estimateScheduleMs(db, jobs);
    const leadMs = numberOption(args, 'lead-ms', Math.round(1000 + 1.5 * estimate));
    const t0 = Date.now() + leadMs;
    const scheduleStart = performance.now();
    const ids = await scheduleAll(jobs, total, (n) => new Date(t0 + (n * spreadMs) / total));
    const scheduleMs = performance.now() - scheduleStart;
    const scheduledBy = Date.now();

    const deadline = t0 + spreadMs + DEADLINE_MS;
    while (starts.size < total && Date.now() < deadline) await pause(20);
    await pause(200); // a duplicate would show up now
    await jobs.stop();
    const done = await db.one<{ n: number }>(`select count(*)::int as n from jobs where state = 'done'`);

    const lost = ids.filter((id) => !starts.has(id)).length;
    printResult(
      `bench:jobs on ${args.engine}: ${total} timers due over ${spreadMs} ms`,
      {
        engine: args.engine,
        jobs: total,
        lateness_p50_ms: percentile(lateness, 50),
        lateness_p90_ms: percentile(lateness, 90),
        lateness_p99_ms: percentile(lateness, 99),
        lateness_max_ms: percentile(lateness, 100),
        lost,
        duplicated: duplicated.size,
        done_in_db: done?.n ?? 0,
        elapsed_ms: lastStart ? lastStart - t0 : null,
        lead_ms: leadMs,
        schedule_ms: round(scheduleMs),
        schedule_per_s: Math.round(total / (scheduleMs / 1000)),
        schedule_late_ms: Math.max(0, scheduledBy - t0),
        reference_roundtrip_p50_ms: round(roundTrip, 3),
        reference_claim_only_ms: round(reference),
        concurrency,
        claim_batch: claimBatch,
        poll_ms: pollMs,
        // Other processes compete for the CPUs (PGlite runs on this process's main thread).
        load_1m: round(loadavg()[0] ?? 0),
        cpus: availableParallelism(),
      },
      args.json,
    );
  } finally {
    await close();
  }
}

await main();
