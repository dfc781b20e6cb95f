import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { openTestDb } from '../../../test/helpers/engines.ts';
import { DatabaseUnavailableError, type Db } from '../db/db.ts';
import { jobRow, testJobs, waitFor } from './testing.ts';

/** A hung worker fails the test instead of hanging the run. */
const bounded = { timeout: 15_000 };

// One database per file (opening PGlite takes seconds); tests run one after another on it.
let db: Db;
before(async () => {
  db = await openTestDb();
});
after(() => db.close());
beforeEach(() => db.exec('truncate jobs restart identity'));

test('a failing job is retried with backoff, then dead after max attempts', bounded, async (t) => {
  const jobs = testJobs(db, { backoff: { baseMs: 60, capMs: 1000, jitter: 0.5 } });
  const calls: { at: number; attempt: number }[] = [];
  jobs.register('flaky', async (job) => {
    calls.push({ at: Date.now(), attempt: job.attempts });
    throw new Error(`endpoint answered 503 (attempt ${job.attempts})`);
  });
  let second = 0;
  jobs.register('second-time-lucky', async (job) => {
    second = job.attempts;
    if (job.attempts < 2) throw new Error('not yet');
  });
  jobs.start();
  t.after(() => jobs.stop());
  const { id } = await jobs.schedule({ kind: 'flaky', maxAttempts: 3 });
  const lucky = await jobs.schedule({ kind: 'second-time-lucky' });
  await waitFor(async () => (await jobRow(db, id))?.state === 'dead', 5000, 'the job to be dead');
  const row = await jobRow(db, id);
  assert.equal(row?.attempts, 3);
  assert.equal(row?.lease_owner, null);
  assert.match(row?.last_error ?? '', /503 \(attempt 3\)/);
  assert.deepEqual(
    calls.map((c) => c.attempt),
    [1, 2, 3],
  );
  // Delays are 60 ms then 120 ms before jitter, at least half of that after it.
  assert.ok(calls[1]!.at - calls[0]!.at >= 30 - 5, `first retry after ${calls[1]!.at - calls[0]!.at} ms`);
  assert.ok(calls[2]!.at - calls[1]!.at >= 60 - 5, `second retry after ${calls[2]!.at - calls[1]!.at} ms`);
  await pause(300);
  assert.equal(calls.length, 3, 'a dead job does not run again');

  await waitFor(
    async () => (await jobRow(db, lucky.id))?.state === 'done',
    3000,
    'the retried job to succeed',
  );
  assert.equal(second, 2);
  const metrics = await jobs.metrics.metrics();
  assert.match(metrics, /swimmy_jobs_dead_total\{kind="flaky"\} 1/);
  assert.match(metrics, /swimmy_jobs_failed_total\{kind="flaky"\} 3/);
  assert.match(metrics, /swimmy_jobs_run_total\{kind="second-time-lucky"\} 2/);
  assert.match(metrics, /swimmy_jobs_lateness_seconds_count\{kind="flaky"\} 3/);
});

test(
  'a job of an unknown kind fails with a clear error instead of crashing the worker',
  bounded,
  async (t) => {
    const jobs = testJobs(db);
    jobs.register('known', async () => {});
    jobs.start();
    t.after(() => jobs.stop());
    const unknown = await jobs.schedule({ kind: 'renamed-kind', maxAttempts: 2 });
    const known = await jobs.schedule({ kind: 'known' });
    await waitFor(
      async () => (await jobRow(db, unknown.id))?.state === 'dead',
      3000,
      'the unknown job to be dead',
    );
    assert.match(
      (await jobRow(db, unknown.id))?.last_error ?? '',
      /no handler registered for job kind "renamed-kind"/,
    );
    await waitFor(async () => (await jobRow(db, known.id))?.state === 'done', 3000, 'the known job to run');
  },
);

test('a handler is aborted when its lease is lost, and its outcome is not recorded', bounded, async (t) => {
  const jobs = testJobs(db, { leaseMs: 300 });
  let started = false;
  let abortReason = '';
  jobs.register('long', async (_job, { signal }) => {
    started = true;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    abortReason = String((signal.reason as Error).message);
  });
  jobs.start();
  t.after(() => jobs.stop());
  const { id } = await jobs.schedule({ kind: 'long' });
  await waitFor(() => started, 3000, 'the handler to start');
  // Held well past its first lease: renewals keep it.
  await pause(700);
  assert.equal(abortReason, '');
  assert.equal((await jobRow(db, id))?.state, 'running');
  // Another worker took it over (as after an expired lease).
  await db.execute(
    `update jobs set lease_owner = 'thief', lease_until = now() + interval '1 minute', attempts = attempts + 1
     where id = $1`,
    [id],
  );
  await waitFor(() => abortReason, 2000, 'the handler to be aborted');
  assert.match(abortReason, /lease lost/);
  await pause(100);
  const row = await jobRow(db, id);
  assert.equal(row?.state, 'running');
  assert.equal(row?.lease_owner, 'thief');
});

test('after a restart a new queue on the same database runs what the old one left', bounded, async (t) => {
  const first = testJobs(db, { stopTimeoutMs: 200 });
  let hangingRuns = 0;
  first.register('later', async () => assert.fail('the first worker must not run it'));
  first.register('hangs', async () => {
    hangingRuns++;
    await pause(600); // ignores its signal, outlives stop()
  });
  first.start();
  const later = await first.schedule({ kind: 'later', runAt: new Date(Date.now() + 300) });
  const hangs = await first.schedule({ kind: 'hangs' });
  await waitFor(() => hangingRuns === 1, 3000, 'the hanging job to start');
  await first.stop();
  // stop() gave the unfinished job back without counting the attempt.
  const released = await jobRow(db, hangs.id);
  assert.equal(released?.state, 'pending');
  assert.equal(released?.lease_owner, null);
  assert.equal(released?.attempts, 0);

  const second = testJobs(db);
  const ran: number[] = [];
  second.register('later', async (job) => void ran.push(job.id));
  second.register('hangs', async (job) => void ran.push(job.id));
  second.start();
  t.after(() => second.stop());
  await waitFor(() => ran.length === 2, 3000, 'both jobs on the new queue');
  assert.deepEqual(new Set(ran), new Set([later.id, hangs.id]));
  await waitFor(async () => (await jobRow(db, later.id))?.state === 'done', 2000, 'done');
});

test(
  "a crashed worker's expired lease is reclaimed; after the last attempt the job is dead",
  bounded,
  async (t) => {
    const insert = async (attempts: number, leaseUntil: string) => {
      const row = await db.one<{ id: number }>(
        `insert into jobs (kind, state, attempts, max_attempts, lease_owner, lease_until, run_at)
       values ('orphan', 'running', $1, 3, 'crashed-worker', now() + $2::interval, now() - interval '1 minute')
       returning id`,
        [attempts, leaseUntil],
      );
      return row!.id;
    };
    const expired = await insert(1, '-1 second');
    const stillHeld = await insert(1, '1 hour');
    const lastAttempt = await insert(3, '-1 second');
    const jobs = testJobs(db);
    const ran: number[] = [];
    jobs.register('orphan', async (job) => void ran.push(job.id));
    jobs.start();
    t.after(() => jobs.stop());
    await waitFor(async () => (await jobRow(db, expired))?.state === 'done', 3000, 'the orphan to be done');
    await waitFor(
      async () => (await jobRow(db, lastAttempt))?.state === 'dead',
      3000,
      'the last attempt to be dead',
    );
    await pause(200);
    assert.deepEqual(ran, [expired]);
    assert.equal((await jobRow(db, expired))?.attempts, 2);
    assert.match((await jobRow(db, lastAttempt))?.last_error ?? '', /lease expired during the last attempt/);
    assert.equal((await jobRow(db, stillHeld))?.lease_owner, 'crashed-worker');
  },
);

/** The database as seen through a network that can be cut. */
function cuttable(db: Db) {
  let down = false;
  const gate =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      down ? Promise.reject(new DatabaseUnavailableError(new Error('ECONNREFUSED'))) : fn(...args);
  const wrapped: Db = {
    ...db,
    query: gate(db.query.bind(db)) as Db['query'],
    one: gate(db.one.bind(db)) as Db['one'],
    execute: gate(db.execute.bind(db)),
    tx: gate(db.tx.bind(db)) as Db['tx'],
  };
  const cut = (value: boolean) => {
    down = value;
  };
  return { db: wrapped, cut };
}

test('the worker survives a database outage and picks up where it left off', bounded, async (t) => {
  const net = cuttable(db);
  const jobs = testJobs(net.db, { leaseMs: 5000 });
  const ran: number[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  jobs.register('outage', async (job) => void ran.push(job.id));
  jobs.register('spans-outage', async (job) => {
    ran.push(job.id);
    await held;
  });
  jobs.start();
  t.after(() => jobs.stop());
  const before = await jobs.schedule({ kind: 'outage' });
  const spanning = await jobs.schedule({ kind: 'spans-outage' });
  await waitFor(async () => (await jobRow(db, before.id))?.state === 'done', 3000, 'the first job');
  await waitFor(() => ran.includes(spanning.id), 3000, 'the spanning job to start');
  net.cut(true);
  const during = await db.one<{ id: number }>(`insert into jobs (kind) values ('outage') returning id`);
  release(); // finishes while its outcome cannot be written
  await pause(800); // several failed claims and writes, with growing delays
  assert.deepEqual(new Set(ran), new Set([before.id, spanning.id]));
  net.cut(false);
  await waitFor(() => ran.length === 3, 6000, 'the job scheduled during the outage');
  assert.equal(ran[2], during?.id);
  await waitFor(async () => (await jobRow(db, during!.id))?.state === 'done', 3000, 'done after the outage');
  await waitFor(async () => (await jobRow(db, spanning.id))?.state === 'done', 3000, 'the spanning job done');
  assert.equal(ran.filter((id) => id === spanning.id).length, 1, 'the spanning job ran once');
});

test(
  'never more than `concurrency` handlers at once; stop() gives back what never started',
  bounded,
  async (t) => {
    const jobs = testJobs(db, { concurrency: 2, claimBatch: 10, stopTimeoutMs: 2000 });
    let running = 0;
    let most = 0;
    const ran: number[] = [];
    jobs.register('slow', async (job) => {
      ran.push(job.id);
      running++;
      most = Math.max(most, running);
      await pause(150);
      running--;
    });
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push((await jobs.schedule({ kind: 'slow' })).id);
    jobs.start();
    t.after(() => jobs.stop());
    await waitFor(() => ran.length >= 3, 3000, 'a second round of handlers');
    await jobs.stop(); // the two running ones finish within stopTimeoutMs
    assert.equal(most, 2);
    const rows = await db.query<{ id: number; state: string; attempts: number; lease_owner: string | null }>(
      'select id, state, attempts, lease_owner from jobs order by id',
    );
    const done = rows.filter((r) => r.state === 'done');
    assert.deepEqual(new Set(done.map((r) => r.id)), new Set(ran), 'exactly the started jobs are done');
    for (const r of rows.filter((r) => r.state !== 'done')) {
      assert.deepEqual([r.state, r.attempts, r.lease_owner], ['pending', 0, null], `job ${r.id} given back`);
    }
    assert.ok(done.length < ids.length, 'some jobs were left for later');
  },
);
