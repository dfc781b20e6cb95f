import type { Queryable } from '../db/db.ts';

/** A job to run at (or after) `runAt`; at-least-once, so handlers must be idempotent. */
export interface JobSpec {
  kind: string;
  payload?: unknown;
  /** Default: now. */
  runAt?: Date;
  /** A second schedule with the same key returns the first job instead of adding one. */
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
  runAt: Date;
  idempotencyKey: string | null;
}

export interface JobContext {
  /** Aborted when the lease is lost or the worker stops. */
  signal: AbortSignal;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

export interface Jobs {
  /** Pass `q` to schedule inside the caller's transaction (the job exists iff the change commits). */
  schedule(spec: JobSpec, q?: Queryable): Promise<{ id: number; created: boolean }>;
  cancel(id: number, q?: Queryable): Promise<boolean>;
  cancelByKey(idempotencyKey: string, q?: Queryable): Promise<boolean>;
  register(kind: string, handler: JobHandler): void;
  /** Starts claiming and running due jobs (the `work` role). */
  start(): void;
  /** Stops claiming, waits for running jobs (bounded), releases their leases. */
  stop(): Promise<void>;
}
