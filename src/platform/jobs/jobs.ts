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

export interface Jobs {
  /** Pass `q` to schedule inside the caller's transaction (the job exists iff the change commits). */
  schedule(spec: JobSpec, q?: Queryable): Promise<{ id: number; created: boolean }>;
  /** Cancels a pending or running job (a running handler is aborted); false if there was none. */
  cancel(id: number, q?: Queryable): Promise<boolean>;
  cancelByKey(idempotencyKey: string, q?: Queryable): Promise<boolean>;
  /** One handler per kind; register before start(), a job of an unknown kind fails. */
  register(kind: string, handler: JobHandler): void;
  /** Starts claiming and running due jobs (the `work` role). */
  start(): void;
  /** Stops claiming, waits for running jobs (bounded), releases their leases. */
  stop(): Promise<void>;
}
