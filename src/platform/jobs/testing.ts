import { setTimeout as pause } from 'node:timers/promises';
import { Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import { createLogger } from '../log.ts';
import { createJobs, type JobsOptions } from './queue.ts';

/** A queue with quiet logs, a fresh registry and test-sized timings. */
export function testJobs(db: Db, options: Partial<JobsOptions> = {}) {
  const metrics = options.metrics ?? new Registry();
  const jobs = createJobs(db, {
    concurrency: 8,
    pollMs: 50,
    log: createLogger(process.env.JOBS_TEST_LOG ?? 'silent'),
    leaseMs: 1000,
    stopTimeoutMs: 1000,
    backoff: { baseMs: 20, capMs: 100 },
    ...options,
    metrics,
  });
  return Object.assign(jobs, { metrics });
}

/** Polls `check` until it returns a truthy value; throws after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(10);
  }
}

export interface JobRowView {
  id: number;
  state: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  run_at: Date;
}

export const jobRow = (db: Db, id: number) =>
  db.one<JobRowView>(
    'select id, state, attempts, lease_owner, lease_until, last_error, run_at from jobs where id = $1',
    [id],
  );
