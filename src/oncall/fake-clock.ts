import type { Job } from '../platform/jobs/jobs.ts';
import type { OncallHarness } from './testing.ts';

/** The job kinds a fake-clock test runs: escalation steps, ack timeouts, notifications, deliveries. */
const DRIVEN = ['oncall.escalate', 'oncall.ack-timeout', 'oncall.notify', 'notify.send'];

export interface Page {
  userId: string;
  channel: string;
  incidentId: string;
  /** Fake-clock time the delivery was handed to its channel. */
  at: number;
}

interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  idempotency_key: string | null;
}

/**
 * A fake clock for the escalation engine and a driver that runs its due jobs by hand, in run_at
 * order, at their due time on that clock. Use with `oncallHarness({ worker: false, oncall: { now:
 * clock.now } })`: the production handlers run unchanged, only the queue's polling loop (tested
 * on its own in src/platform/jobs) is replaced by `advance`. Nothing sleeps.
 */
export function fakeClock(start = Date.UTC(2031, 0, 6, 9, 0, 0)) {
  let t = start;
  return {
    start,
    now: () => t,
    set(ms: number) {
      if (ms < t) throw new Error('a fake clock does not go back');
      t = ms;
    },
  };
}
export type FakeClock = ReturnType<typeof fakeClock>;

export function jobDriver(h: OncallHarness, clock: FakeClock) {
  const { db } = h.platform;
  const pages: Page[] = [];
  const errors: string[] = [];

  const nextDue = (upTo: number) =>
    db.one<JobRow>(
      `select id, kind, payload, attempts, max_attempts, run_at, idempotency_key from jobs
       where state = 'pending' and kind = any($1::text[]) and run_at <= $2
       order by run_at, id limit 1`,
      [DRIVEN, new Date(upTo)],
    );

  async function runOne(row: JobRow) {
    const handler = h.handlers.get(row.kind);
    if (!handler) throw new Error(`no handler for ${row.kind}`);
    await db.query(`update jobs set state = 'running', attempts = attempts + 1 where id = $1`, [row.id]);
    const job: Job = {
      id: row.id,
      kind: row.kind,
      payload: row.payload,
      attempts: row.attempts + 1,
      maxAttempts: row.max_attempts,
      runAt: row.run_at,
      idempotencyKey: row.idempotency_key,
    };
    try {
      await handler(job, { signal: new AbortController().signal });
      await db.query(`update jobs set state = 'done', finished_at = now() where id = $1`, [row.id]);
    } catch (err) {
      errors.push(`${row.kind} #${row.id}: ${String(err)}`);
      await db.query(`update jobs set state = 'dead', finished_at = now(), last_error = $2 where id = $1`, [
        row.id,
        String(err),
      ]);
      return;
    }
    if (row.kind !== 'notify.send') return;
    const d = await db.one<{ channel: string; status: string; user_id: string; ref_id: string }>(
      `select channel, status, owner_user_id as user_id, ref_id from notify_deliveries where id = $1`,
      [(row.payload as { deliveryId: string }).deliveryId],
    );
    if (d?.status === 'delivered')
      pages.push({ userId: d.user_id, channel: d.channel, incidentId: d.ref_id, at: clock.now() });
  }

  /** Moves the clock to `to`, running every job that comes due on the way at its due time. */
  async function advanceTo(to: number) {
    for (;;) {
      const row = await nextDue(to);
      if (!row) break;
      clock.set(Math.max(clock.now(), row.run_at.getTime()));
      await runOne(row);
    }
    clock.set(to);
  }

  return {
    pages,
    errors,
    advanceTo,
    /** Moves the clock on by `ms` (0: runs what is due now). */
    advance: (ms: number) => advanceTo(clock.now() + ms),
    /** Pending driven jobs, for assertions. */
    pending: () =>
      db.query<{ kind: string; run_at: Date }>(
        `select kind, run_at from jobs where state = 'pending' and kind = any($1::text[]) order by run_at, id`,
        [DRIVEN],
      ),
  };
}
