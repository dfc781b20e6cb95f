import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { openTestDb } from '../../../test/helpers/engines.ts';
import type { Db } from '../db/db.ts';
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

test('a job runs at its due time, not before, and gets its payload', bounded, async (t) => {
  const jobs = testJobs(db);
  const started = new Map<number, { at: number; payload: unknown }>();
  jobs.register('due', async (job) => {
    started.set(job.id, { at: Date.now(), payload: job.payload });
  });
  jobs.start();
  t.after(() => jobs.stop());
  const base = Date.now();
  const specs = [400, 150, 600].map((offset) => ({ offset, runAt: new Date(base + offset) }));
  const ids: number[] = [];
  for (const { offset, runAt } of specs) {
    ids.push((await jobs.schedule({ kind: 'due', runAt, payload: { offset, list: [1, 'two'] } })).id);
  }
  await waitFor(() => started.size === 3, 5000, 'three jobs');
  for (const [i, id] of ids.entries()) {
    const spec = specs[i]!;
    const run = started.get(id)!;
    assert.ok(
      run.at >= spec.runAt.getTime(),
      `job due at +${spec.offset} ms started ${spec.runAt.getTime() - run.at} ms early`,
    );
    assert.deepEqual(run.payload, { offset: spec.offset, list: [1, 'two'] });
  }
  await waitFor(async () => (await jobRow(db, ids[2]!))?.state === 'done', 2000, 'done state');
  assert.equal((await jobRow(db, ids[2]!))?.attempts, 1);
});

test('schedule wakes a sleeping worker early instead of waiting for the poll', bounded, async (t) => {
  const jobs = testJobs(db, { pollMs: 30_000 });
  let ranAt = 0;
  jobs.register('soon', async () => {
    ranAt = Date.now();
  });
  jobs.start();
  t.after(() => jobs.stop());
  await pause(100); // the worker is now asleep for up to 30 s
  const runAt = Date.now() + 100;
  await jobs.schedule({ kind: 'soon', runAt: new Date(runAt) });
  await waitFor(() => ranAt, 5000, 'the job to run well before the 30 s poll');
  assert.ok(ranAt >= runAt);
});

test('an idempotency key deduplicates, also under concurrent schedules', bounded, async () => {
  const jobs = testJobs(db);
  const first = await jobs.schedule({ kind: 'k', idempotencyKey: 'case-1:escalate:1', payload: { n: 1 } });
  const second = await jobs.schedule({ kind: 'k', idempotencyKey: 'case-1:escalate:1', payload: { n: 2 } });
  assert.equal(first.created, true);
  assert.deepEqual(second, { id: first.id, created: false });

  const many = await Promise.all(
    Array.from({ length: 20 }, (_, n) =>
      jobs.schedule({ kind: 'k', idempotencyKey: 'burst', payload: { n } }),
    ),
  );
  assert.equal(many.filter((r) => r.created).length, 1);
  assert.equal(new Set(many.map((r) => r.id)).size, 1);
  const rows = await db.query<{ n: number }>('select count(*)::int as n from jobs');
  assert.equal(rows[0]?.n, 2);
  const kept = await db.one<{ payload: unknown }>('select payload from jobs where id = $1', [first.id]);
  assert.deepEqual(kept?.payload, { n: 1 });
});

test(
  'a job scheduled in a rolled-back transaction does not exist; a committed one runs',
  bounded,
  async (t) => {
    const jobs = testJobs(db);
    const ran: string[] = [];
    jobs.register('tx', async (job) => {
      ran.push((job.payload as { name: string }).name);
    });
    jobs.start();
    t.after(() => jobs.stop());
    await assert.rejects(
      db.tx(async (q) => {
        await jobs.schedule({ kind: 'tx', payload: { name: 'rolled-back' }, idempotencyKey: 'rb' }, q);
        throw new Error('change failed');
      }),
      /change failed/,
    );
    await db.tx(async (q) => {
      await jobs.schedule({ kind: 'tx', payload: { name: 'committed' } }, q);
    });
    await waitFor(() => ran.length === 1, 3000, 'the committed job');
    await pause(200);
    assert.deepEqual(ran, ['committed']);
    assert.equal(await db.one('select id from jobs where idempotency_key = $1', ['rb']), undefined);
    // The key of the rolled-back job is free again.
    assert.equal((await jobs.schedule({ kind: 'other', idempotencyKey: 'rb' })).created, true);
  },
);

test('cancel stops a pending job from running and aborts a running one', bounded, async (t) => {
  const jobs = testJobs(db);
  const ran: number[] = [];
  let aborted = false;
  jobs.register('c', async (job, { signal }) => {
    ran.push(job.id);
    if ((job.payload as { hang?: boolean }).hang) {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      aborted = true;
    }
  });
  const later = await jobs.schedule({
    kind: 'c',
    runAt: new Date(Date.now() + 300),
    idempotencyKey: 'later',
  });
  const hanging = await jobs.schedule({ kind: 'c', payload: { hang: true } });
  jobs.start();
  t.after(() => jobs.stop());
  assert.equal(await jobs.cancelByKey('later'), true);
  assert.equal(await jobs.cancelByKey('later'), false);
  await waitFor(() => ran.includes(hanging.id), 3000, 'the hanging job to start');
  assert.equal(await jobs.cancel(hanging.id), true);
  await waitFor(() => aborted, 2000, 'the handler to be aborted');
  await pause(500);
  assert.deepEqual(ran, [hanging.id]);
  assert.equal((await jobRow(db, later.id))?.state, 'cancelled');
  assert.equal((await jobRow(db, hanging.id))?.state, 'cancelled');
  assert.equal(await jobs.cancel(987654), false);
});

test('bad specs are refused before touching the database', bounded, async () => {
  const jobs = testJobs(db);
  await assert.rejects(jobs.schedule({ kind: '' }), TypeError);
  await assert.rejects(jobs.schedule({ kind: 'x', runAt: new Date(Number.NaN) }), TypeError);
  await assert.rejects(jobs.schedule({ kind: 'x', maxAttempts: 0 }), TypeError);
  assert.throws(() => {
    jobs.register('dup', async () => {});
    jobs.register('dup', async () => {});
  }, /already registered/);
  await jobs.stop(); // never started: a no-op
});
