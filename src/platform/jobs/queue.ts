import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import type { Logger } from '../log.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import type { BatchHandler, Job, Jobs } from './jobs.ts';
import { createJobMetrics } from './metrics.ts';
import { cancelJob, insertJob, insertJobs, validateSpec } from './store.ts';
import { createWorker, type Registered } from './worker.ts';

export interface JobsOptions {
  /** Handlers running at once in this process. */
  concurrency: number;
  /** Longest sleep between looks at the table (jobs scheduled by other processes, expired leases). */
  pollMs: number;
  log: Logger;
  metrics: Registry;
  /** How long a claim is ours without renewal; renewed every third of it. Default 30 s. */
  leaseMs?: number;
  /** Most jobs taken by one claim statement (also bounded by free handler slots). Default 500. */
  claimBatch?: number;
  /** How long stop() waits for running handlers before aborting them. Default 10 s. */
  stopTimeoutMs?: number;
  /** Retry delays; default 1 s doubling up to 1 h, minus up to half at random. */
  backoff?: BackoffOptions;
  /** Done and cancelled jobs are deleted this many days after finishing. Default 7. */
  retainDoneDays?: number;
  /** How often the worker deletes old finished jobs. Default 1 h. */
  cleanupEveryMs?: number;
  /** Written to lease_owner; must be unique per process. Default host:pid:random. */
  workerId?: string;
}

/**
 * Durable jobs in the `jobs` table. schedule()/cancel() work in any role; start() makes this
 * process a worker too. Jobs run at least once: a handler may run again after a crash, a lost
 * lease or a failed write of its outcome, so handlers must be idempotent.
 */
export function createJobs(db: Db, options: JobsOptions): Jobs {
  const handlers = new Map<string, Registered>();
  const owner = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const backoff = options.backoff ?? {};
  const leaseMs = Math.max(100, options.leaseMs ?? 30_000);
  const add = (kind: string, r: Registered) => {
    if (handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    handlers.set(kind, r);
  };
  /** When the lease of each job from scheduleClaimed() surely still holds (local clock). */
  const leasedUntil = new WeakMap<Job, number>();
  const nudgeFor = (specs: readonly { runAt?: Date }[]) => {
    let at = Number.POSITIVE_INFINITY;
    for (const s of specs) at = Math.min(at, s.runAt?.getTime() ?? Date.now());
    if (at < Number.POSITIVE_INFINITY) worker.nudge(at);
  };
  const worker = createWorker({
    db,
    handlers,
    log: options.log.child({ component: 'jobs' }),
    metrics: createJobMetrics(options.metrics),
    owner,
    concurrency: Math.max(1, options.concurrency),
    pollMs: Math.max(1, options.pollMs),
    claimBatch: Math.max(1, options.claimBatch ?? 500),
    leaseMs,
    stopTimeoutMs: Math.max(0, options.stopTimeoutMs ?? 10_000),
    retryDelay: (attempt) => backoffDelay(attempt, backoff),
    retainDoneDays: options.retainDoneDays ?? 7,
    cleanupEveryMs: options.cleanupEveryMs ?? 3_600_000,
  });

  return {
    async schedule(spec, q) {
      validateSpec(spec);
      const result = await insertJob(q ?? db, spec);
      // Inside a transaction the row is not visible to the worker until commit; on PGlite the
      // worker's next statement waits for that commit, on PostgreSQL the next poll finds it.
      if (result.created) worker.nudge(spec.runAt?.getTime() ?? Date.now());
      return result;
    },
    async cancel(id, q) {
      const cancelled = await cancelJob(q ?? db, { id });
      if (cancelled !== undefined && !q) worker.cancelled(cancelled);
      return cancelled !== undefined;
    },
    async cancelByKey(idempotencyKey, q) {
      const cancelled = await cancelJob(q ?? db, { key: idempotencyKey });
      if (cancelled !== undefined && !q) worker.cancelled(cancelled);
      return cancelled !== undefined;
    },
    async scheduleMany(specs, q) {
      for (const spec of specs) validateSpec(spec);
      const created = await insertJobs(q ?? db, specs);
      nudgeFor(created);
      return created.length;
    },
    async scheduleClaimed(specs, q) {
      for (const spec of specs) validateSpec(spec);
      if (!worker.claiming()) {
        nudgeFor(await insertJobs(q, specs));
        return [];
      }
      const sentAt = Date.now();
      const claimed = await insertJobs(q, specs, { owner, leaseMs });
      for (const job of claimed) leasedUntil.set(job, sentAt + leaseMs);
      return claimed;
    },
    // A job not from scheduleClaimed() here is treated as having no lease time left.
    runClaimed: (claimed) => worker.runClaimed(claimed, (job) => leasedUntil.get(job) ?? Date.now()),
    register(kind, handler) {
      const batch: BatchHandler = async ([job], ctx) => {
        await handler(job!, ctx);
        return undefined;
      };
      add(kind, { batch, maxBatch: 1 });
    },
    registerBatch(kind, handler, opts) {
      add(kind, { batch: handler, maxBatch: Math.max(1, opts?.maxBatch ?? 100) });
    },
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
}
