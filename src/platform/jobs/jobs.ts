import type { Queryable } from '../db/db.ts';

/** A job to run at (or after) `runAt`; at-least-once, so handlers must be idempotent. */
export interface JobSpec {
  kind: string;
  payload?: unknown;
  /** Default: now. */
  runAt?: Date;
  /**
   * A second schedule with the same key returns the first job instead of adding one. The key
   * stays taken while the row exists: done, dead and cancelled jobs too, until they are cleaned up.
   */
  idempotencyKey?: string;
  /** Default 10; after that the job is 'dead' and kept for inspection. */
  maxAttempts?: number;
}

export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  /** When this attempt became due (a retry moves it to the end of its backoff). */
  runAt: Date;
  idempotencyKey: string | null;
}

export interface JobContext {
  /** Aborted when the lease is lost, the job is cancelled, or the worker stops before it ends. */
  signal: AbortSignal;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

/**
 * Runs several claimed jobs of one kind in one call (e.g. one transaction for all of them).
 * Resolves with the failures by job id (absent ones succeeded); throwing fails them all. The
 * signal is aborted when any of their leases is lost.
 */
export type BatchHandler = (
  jobs: Job[],
  ctx: BatchContext,
) => Promise<ReadonlyMap<number, unknown> | undefined>;

export interface BatchContext extends JobContext {
  /** Aborted when this one job's lease is lost (`signal` covers the whole batch). */
  signalOf(jobId: number): AbortSignal;
}

export interface Jobs {
  /** Pass `q` to schedule inside the caller's transaction (the job exists iff the change commits). */
  schedule(spec: JobSpec, q?: Queryable): Promise<{ id: number; created: boolean }>;
  /** Cancels a pending or running job (a running handler is aborted); false if there was none. */
  cancel(id: number, q?: Queryable): Promise<boolean>;
  cancelByKey(idempotencyKey: string, q?: Queryable): Promise<boolean>;
  /** Several jobs with one statement; returns how many were created (keys already taken are not). */
  scheduleMany(specs: readonly JobSpec[], q?: Queryable): Promise<number>;
  /**
   * Schedules jobs due now that this process's worker holds already: inserted with its lease in
   * the caller's transaction `q`. After that transaction commits, pass them to runClaimed() and
   * they start at once, without a poll or a claim. If the process dies first, or never calls
   * runClaimed(), the lease expires and any worker runs them: as durable as schedule(). Returns
   * [] (the jobs are then plain pending ones) when this process's worker is not running.
   */
  scheduleClaimed(specs: readonly JobSpec[], q: Queryable): Promise<Job[]>;
  /** Starts jobs from scheduleClaimed() whose transaction has committed (ahead of queued ones). */
  runClaimed(jobs: readonly Job[]): void;
  /** One handler per kind; register before start(), a job of an unknown kind fails. */
  register(kind: string, handler: JobHandler): void;
  /** A handler given up to `maxBatch` due jobs of its kind at once (default 100). */
  registerBatch(kind: string, handler: BatchHandler, options?: { maxBatch?: number }): void;
  /** Starts claiming and running due jobs (the `work` role). */
  start(): void;
  /** Stops claiming, waits for running jobs (bounded), releases their leases. */
  stop(): Promise<void>;
}
