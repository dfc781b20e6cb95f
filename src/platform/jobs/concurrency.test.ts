import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { engineName, openTestDb } from '../../../test/helpers/engines.ts';
import { openPostgres } from '../db/postgres.ts';
import { testJobs, waitFor } from './testing.ts';

const JOBS = 2000;

test('two workers on one PostgreSQL schema run every job exactly once', {
  skip:
    engineName() === 'pglite' && 'needs PostgreSQL (DATABASE_URL): PGlite has one connection, one process',
}, async (t) => {
  const db = await openTestDb();
  const other = await openPostgres({ url: process.env.DATABASE_URL!, schema: db.schema! });

  const runs = new Map<number, number>();
  const inFlight = new Set<number>();
  let overlaps = 0;
  const perWorker = [0, 0];
  const handler = (worker: number) => async (job: { id: number }) => {
    if (inFlight.has(job.id)) overlaps++;
    inFlight.add(job.id);
    runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    perWorker[worker]!++;
    await pause(Math.random() < 0.2 ? 2 : 0);
    inFlight.delete(job.id);
  };
  // Small batches and leases so that both workers claim, renew and mark done many times.
  const workers = [db, other].map((d, i) => {
    const jobs = testJobs(d, { concurrency: 16, claimBatch: 25, pollMs: 20, leaseMs: 2000 });
    jobs.register('count', handler(i));
    return jobs;
  });
  for (const w of workers) w.start();
  t.after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await other.close();
    await db.close(); // drops the schema
  });

  // Half inserted in bulk (already due), half scheduled through both queues while they run.
  await db.execute(`insert into jobs (kind, payload) select 'count', '{}' from generate_series(1, $1::int)`, [
    JOBS / 2,
  ]);
  await Promise.all(
    Array.from({ length: JOBS / 2 }, (_, n) =>
      workers[n % 2]!.schedule({ kind: 'count', runAt: new Date(Date.now() + (n % 50) * 4) }),
    ),
  );

  await waitFor(
    async () => {
      const row = await db.one<{ n: number }>(`select count(*)::int as n from jobs where state = 'done'`);
      return row?.n === JOBS;
    },
    12_000,
    `${JOBS} jobs done`,
  );
  await pause(200);
  assert.equal(overlaps, 0, 'no job ran on two workers at once');
  assert.equal(runs.size, JOBS);
  const twice = [...runs].filter(([, n]) => n !== 1);
  assert.deepEqual(twice, [], 'every job ran exactly once');
  assert.ok(perWorker[0]! > 0 && perWorker[1]! > 0, `both workers ran jobs: ${perWorker.join(' / ')}`);
  const attempts = await db.one<{ max: number }>('select max(attempts)::int as max from jobs');
  assert.equal(attempts?.max, 1);
});
