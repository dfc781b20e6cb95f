import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { openTestDb } from '../../../test/helpers/engines.ts';
import type { Db } from '../db/db.ts';
import type { Job } from './jobs.ts';
import { jobRow, testJobs, waitFor } from './testing.ts';

const bounded = { timeout: 15_000 };

let db: Db;
before(async () => {
  db = await openTestDb();
});
after(() => db.close());
beforeEach(() => db.exec('truncate jobs restart identity'));

test('a batch handler gets due jobs of its kind together; its failures retry alone', bounded, async (t) => {
  const jobs = testJobs(db, { concurrency: 2 });
  const calls: number[][] = [];
  const tries = new Map<number, number>();
  jobs.registerBatch(
    'many',
    async (batch) => {
      calls.push(batch.map((j) => (j.payload as { n: number }).n));
      const failed = new Map<number, unknown>();
      for (const j of batch) {
        const n = (j.payload as { n: number }).n;
        tries.set(n, (tries.get(n) ?? 0) + 1);
        if (n === 7 && tries.get(n) === 1) failed.set(j.id, new Error('seven fails once'));
      }
      return failed;
    },
    { maxBatch: 10 },
  );
  const created = await jobs.scheduleMany(
    Array.from({ length: 25 }, (_, n) => ({ kind: 'many', payload: { n }, idempotencyKey: `m${n}` })),
  );
  assert.equal(created, 25);
  // The same keys again create nothing.
  assert.equal(await jobs.scheduleMany([{ kind: 'many', idempotencyKey: 'm3' }]), 0);
  jobs.start();
  t.after(() => jobs.stop());
  await waitFor(() => tries.size === 25 && tries.get(7) === 2, 5000, 'all jobs, seven twice');
  assert.ok(
    calls.every((c) => c.length <= 10),
    `no batch above maxBatch: ${calls.map((c) => c.length)}`,
  );
  assert.ok(calls.length < 25, `jobs ran in batches (${calls.length} calls for 25 jobs)`);
  assert.ok(
    [...tries.entries()].every(([n, k]) => k === (n === 7 ? 2 : 1)),
    'only the failed job ran again',
  );
  await waitFor(
    async () =>
      (await db.one<{ n: number }>(`select count(*)::int as n from jobs where state = 'done'`))?.n === 25,
    3000,
    'all done',
  );
});

test('jobs scheduled claimed run at once after commit, without a claim', bounded, async (t) => {
  const jobs = testJobs(db, { pollMs: 30_000 });
  const ran: number[] = [];
  jobs.register('now', async (job) => void ran.push(job.id));
  jobs.start();
  t.after(() => jobs.stop());
  await pause(100); // asleep for up to 30 s: only runClaimed can start them
  const claimed = await db.tx((q) => jobs.scheduleClaimed([{ kind: 'now' }, { kind: 'now' }], q));
  assert.equal(claimed.length, 2);
  const row = await jobRow(db, claimed[0]!.id);
  assert.equal(row?.state, 'running', 'leased from the insert on');
  assert.ok(row?.lease_owner, 'to this worker');
  jobs.runClaimed(claimed);
  await waitFor(() => ran.length === 2, 2000, 'both to run');
  assert.deepEqual(new Set(ran), new Set(claimed.map((j) => j.id)));
  await waitFor(async () => (await jobRow(db, claimed[1]!.id))?.state === 'done', 2000, 'done');
});

test('a claimed job never handed over runs elsewhere once its lease expires', bounded, async (t) => {
  const dying = testJobs(db, { leaseMs: 300 });
  dying.register('orphan', async () => assert.fail('the dying worker never runs it'));
  dying.start();
  const claimed: Job[] = await db.tx((q) => dying.scheduleClaimed([{ kind: 'orphan' }], q));
  assert.equal(claimed.length, 1);
  // "Crash": the worker stops renewing without ever starting the job (runClaimed not called).
  await dying.stop();
  assert.equal((await jobRow(db, claimed[0]!.id))?.state, 'running', 'still leased after the crash');

  const other = testJobs(db);
  const ran: number[] = [];
  other.register('orphan', async (job) => void ran.push(job.id));
  other.start();
  t.after(() => other.stop());
  await pause(150);
  assert.equal(ran.length, 0, 'not while the lease holds');
  await waitFor(() => ran.length === 1, 3000, 'taken over after the lease');
  assert.equal((await jobRow(db, claimed[0]!.id))?.attempts, 2);
});

test('without a running worker, scheduleClaimed leaves plain pending jobs', bounded, async () => {
  const jobs = testJobs(db);
  const claimed = await db.tx((q) => jobs.scheduleClaimed([{ kind: 'later', idempotencyKey: 'k' }], q));
  assert.deepEqual(claimed, []);
  const row = await db.one<{ state: string; lease_owner: string | null }>(
    `select state, lease_owner from jobs where idempotency_key = 'k'`,
  );
  assert.deepEqual(row, { state: 'pending', lease_owner: null });
});
