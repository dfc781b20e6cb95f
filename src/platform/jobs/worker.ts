import { setTimeout as pause } from 'node:timers/promises';
import type { Db } from '../db/db.ts';
import type { Logger } from '../log.ts';
import type { JobHandler } from './jobs.ts';
import { createMaintenance } from './maintenance.ts';
import type { JobMetrics } from './metrics.ts';
import { createRuns, type Run } from './runs.ts';
import { createSleeper } from './sleeper.ts';
import * as store from './store.ts';

export interface WorkerOptions {
  db: Db;
  handlers: ReadonlyMap<string, JobHandler>;
  log: Logger;
  metrics: JobMetrics;
  /** Unique per process: written to lease_owner. */
  owner: string;
  concurrency: number;
  pollMs: number;
  claimBatch: number;
  leaseMs: number;
  stopTimeoutMs: number;
  /** Delay before the next attempt after `attempt` failed ones. */
  retryDelay: (attempt: number) => number;
  retainDoneDays: number;
  cleanupEveryMs: number;
}

export interface Worker {
  start(): void;
  stop(): Promise<void>;
  /** A job was scheduled here, due at epoch ms `at`: look again by then. */
  nudge(at: number): void;
  /** A job was cancelled here: abort its handler if it runs in this process. */
  cancelled(id: number): void;
}

/** Due rows that a claim skipped are locked by another worker's claim: look again shortly. */
const LOCKED_RETRY_MS = 10;
/** A run of a job this worker still holds (its lease lost) is handed back for this long. */
const HELD_RETRY_MS = 1000;
const MAX_ERROR_MS = 5000;
const MAX_ERROR_LENGTH = 4000;

const describe = (err: unknown) =>
  (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, MAX_ERROR_LENGTH);

/**
 * The `work` role: claims due jobs in batches under a lease, runs up to `concurrency` handlers
 * at once, records outcomes, and sleeps until the next job is due (at most `pollMs`). It never
 * throws: database errors are logged and retried with a growing delay, so it recovers when the
 * database comes back.
 */
export function createWorker(o: WorkerOptions): Worker {
  const { db, log, metrics, owner } = o;
  const runs = createRuns({ db, log, owner, leaseMs: o.leaseMs });
  const sleeper = createSleeper();
  let running = false;
  let waitingForCapacity = false;
  let loopDone: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  // One connection (PGlite): no row locks needed, and no autovacuum to rely on.
  const embedded = db.engine === 'pglite';
  // PGlite has exactly one worker, so it claims whole batches and queues what it cannot start at
  // once (fewer, larger statements); on PostgreSQL a worker claims no more than it can start and
  // leaves the rest to the other workers.
  const maxHeld = embedded ? Math.max(o.concurrency, o.claimBatch) : o.concurrency;
  /** Claimed, waiting for a handler slot (their leases are renewed with the others). */
  const queued: Run[] = [];
  let started = 0;
  const maintenance = createMaintenance({
    db,
    log,
    retainDoneDays: o.retainDoneDays,
    cleanupEveryMs: o.cleanupEveryMs,
    vacuum: embedded,
  });

  async function fail(run: Run, message: string) {
    const { job } = run;
    const delay = o.retryDelay(job.attempts);
    const state = await store.markFailed(db, owner, job, message, delay);
    if (state === 'dead') {
      metrics.dead.inc({ kind: job.kind });
      log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: message }, 'job dead');
    } else if (state === 'pending') {
      log.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempts, retryInMs: delay, error: message },
        'job failed',
      );
    }
  }

  async function execute(run: Run) {
    const { job } = run;
    const kind = job.kind;
    try {
      if (job.attempts > job.maxAttempts) {
        run.settling = true;
        await fail(run, 'lease expired during the last attempt (worker stopped or crashed)');
        return;
      }
      metrics.lateness.observe({ kind }, Math.max(0, Date.now() - job.runAt.getTime()) / 1000);
      const handler = o.handlers.get(kind);
      let error: string | undefined;
      if (!handler) {
        error = `no handler registered for job kind "${kind}"`;
      } else {
        metrics.run.inc({ kind });
        try {
          await handler(job, { signal: run.controller.signal });
        } catch (err) {
          error = describe(err);
          if (!run.abandoned) log.debug({ err, jobId: job.id, kind }, 'job handler threw');
        }
      }
      if (run.abandoned) return;
      if (error === undefined) {
        runs.succeeded(run);
        return;
      }
      metrics.failed.inc({ kind });
      run.settling = true;
      await fail(run, error);
    } catch (err) {
      log.warn(
        { err, jobId: job.id, kind },
        'could not record a job outcome; it runs again when its lease expires',
      );
    } finally {
      started--;
      runs.remove(run);
      dispatch();
      if (waitingForCapacity) sleeper.wake();
    }
  }

  function dispatch() {
    while (started < o.concurrency && queued.length) {
      const run = queued.shift()!;
      if (run.abandoned) {
        runs.remove(run);
        continue;
      }
      started++;
      void execute(run);
    }
  }

  /** Claims up to `limit` due jobs and starts them; returns how many rows the claim took. */
  async function claim(limit: number): Promise<number> {
    const endTimer = metrics.claim.startTimer();
    const sentAt = Date.now();
    const jobs = await store.claimDue(db, owner, limit, o.leaseMs, !embedded);
    endTimer();
    if (!jobs.length) return 0;
    maintenance.wrote(jobs.length * 2); // the claim, and the outcome to come
    if (!running) {
      await store.releaseLeases(db, owner, jobs);
      return jobs.length;
    }
    const held = jobs.filter((j) => runs.holds(j.id));
    if (held.length) await store.releaseLeases(db, owner, held, HELD_RETRY_MS);
    for (const job of jobs) {
      if (!held.includes(job)) queued.push(runs.add(job, sentAt + o.leaseMs));
    }
    dispatch();
    return jobs.length;
  }

  async function loop() {
    let failures = 0;
    while (running) {
      sleeper.reset();
      try {
        await maintenance.run();
        const free = maxHeld - runs.active.size;
        if (free <= 0) {
          waitingForCapacity = true;
          await sleeper.sleep(o.pollMs);
          waitingForCapacity = false;
          continue;
        }
        const limit = Math.min(free, o.claimBatch);
        const claimed = await claim(limit);
        failures = 0;
        if (claimed === limit) continue; // more may be due right now
        const wait = await store.msUntilNextDue(db);
        let ms = o.pollMs;
        if (wait !== null) ms = Math.min(ms, wait > 0 ? wait : claimed === 0 ? LOCKED_RETRY_MS : 0);
        if (running && ms > 0) await sleeper.sleep(ms);
      } catch (err) {
        failures++;
        const delay = Math.min(MAX_ERROR_MS, 250 * 2 ** Math.min(failures - 1, 5));
        log.warn({ err, retryInMs: delay }, 'job worker: database error; retrying');
        if (running) await sleeper.sleep(delay);
      }
    }
  }

  async function stopNow() {
    running = false;
    sleeper.wake();
    await loopDone;
    // Claimed but never started: given back at once.
    const unstarted = queued.splice(0).filter((r) => !r.abandoned);
    for (const run of unstarted) runs.drop(run);
    // The renewal timer keeps the leases of handlers still running while we wait for them.
    const deadline = Date.now() + o.stopTimeoutMs;
    while (runs.running().length && Date.now() < deadline) await pause(10);
    clearInterval(renewTimer);
    const left = runs.running();
    for (const run of left) runs.lose(run, 'job worker stopping');
    left.push(...unstarted);
    await runs.drain();
    if (left.length) {
      try {
        await store.releaseLeases(
          db,
          owner,
          left.map((r) => r.job),
        );
      } catch (err) {
        log.warn({ err, jobs: left.length }, 'could not release job leases; they expire on their own');
      }
    }
    loopDone = undefined;
  }

  return {
    start() {
      if (loopDone) return;
      running = true;
      runs.resume();
      maintenance.start();
      renewTimer = setInterval(() => void runs.renew(), Math.max(20, o.leaseMs / 3));
      loopDone = loop();
    },
    stop() {
      if (!loopDone) return Promise.resolve();
      stopping ??= stopNow().finally(() => {
        stopping = undefined;
      });
      return stopping;
    },
    nudge(at) {
      if (running) sleeper.wakeBy(at);
    },
    cancelled(id) {
      const run = runs.active.get(id);
      if (run) runs.lose(run, 'job cancelled');
    },
  };
}
