import { setTimeout as pause } from 'node:timers/promises';
import type { Db } from '../db/db.ts';
import type { Logger } from '../log.ts';
import { callHandler, nextGroup } from './groups.ts';
import type { BatchHandler, Job } from './jobs.ts';
import { createMaintenance } from './maintenance.ts';
import type { JobMetrics } from './metrics.ts';
import { createRuns, type Run } from './runs.ts';
import { createSleeper } from './sleeper.ts';
import * as store from './store.ts';

/** A kind's handler: plain handlers are batches of one. */
export interface Registered {
  batch: BatchHandler;
  maxBatch: number;
}

export interface WorkerOptions {
  db: Db;
  handlers: ReadonlyMap<string, Registered>;
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
  /** Whether jobs may be claimed for this worker now (it runs and is not stopping). */
  claiming(): boolean;
  /**
   * Jobs inserted already leased to this worker, their transaction committed: start them.
   * `leaseUntil`: local epoch ms before which each lease is surely still ours.
   */
  runClaimed(jobs: readonly Job[], leaseUntil: (job: Job) => number): void;
}

/** Due rows that a claim skipped are locked by another worker's claim: look again shortly. */
const LOCKED_RETRY_MS = 10;
/** A run of a job this worker still holds (its lease lost) is handed back for this long. */
const HELD_RETRY_MS = 1000;
const MAX_ERROR_MS = 5000;

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

  /** Runs a group of claimed jobs of one kind through its handler; records each outcome. */
  async function execute(group: Run[]) {
    const kind = group[0]!.job.kind;
    try {
      const live: Run[] = [];
      for (const run of group) {
        if (run.job.attempts <= run.job.maxAttempts) {
          live.push(run);
          continue;
        }
        run.settling = true;
        await settle(run, 'lease expired during the last attempt (worker stopped or crashed)');
      }
      if (!live.length) return;
      const errors = await callHandler({ handlers: o.handlers, metrics, log }, kind, live);
      for (const run of live) {
        if (run.abandoned) continue;
        const error = errors.get(run.job.id);
        if (error === undefined) {
          runs.succeeded(run);
          continue;
        }
        metrics.failed.inc({ kind });
        run.settling = true;
        await settle(run, error);
      }
    } finally {
      started--;
      for (const run of group) runs.remove(run);
      dispatch();
      if (waitingForCapacity) sleeper.wake();
    }
  }

  /** Records one failure; a write that fails leaves the job to run again when its lease expires. */
  async function settle(run: Run, error: string) {
    try {
      await fail(run, error);
    } catch (err) {
      log.warn(
        { err, jobId: run.job.id, kind: run.job.kind },
        'could not record a job outcome; it runs again when its lease expires',
      );
    }
  }

  function dispatch() {
    while (started < o.concurrency) {
      const group = nextGroup(queued, runs, (kind) => o.handlers.get(kind)?.maxBatch ?? 1);
      if (!group) return;
      started++;
      void execute(group);
    }
  }

  /**
   * Claims up to `limit` due jobs and starts them; returns how many rows the claim took and the
   * wait until the next pending job is due (null: none).
   */
  async function claim(limit: number): Promise<{ claimed: number; nextDueMs: number | null }> {
    const endTimer = metrics.claim.startTimer();
    const sentAt = Date.now();
    const { jobs, nextDueMs } = await store.claimDueAndNext(db, owner, limit, o.leaseMs, !embedded);
    endTimer();
    const out = { claimed: jobs.length, nextDueMs };
    if (!jobs.length) return out;
    maintenance.wrote(jobs.length * 2); // the claim, and the outcome to come
    if (!running) {
      await store.releaseLeases(db, owner, jobs);
      return out;
    }
    const held = jobs.filter((j) => runs.holds(j.id));
    if (held.length) {
      await store.releaseLeases(db, owner, held, HELD_RETRY_MS);
      // Due again after the claim's own look at the next due job: look again by then.
      sleeper.wakeBy(Date.now() + HELD_RETRY_MS);
    }
    for (const job of jobs) {
      if (!held.includes(job)) queued.push(runs.add(job, sentAt + o.leaseMs));
    }
    dispatch();
    return out;
  }

  async function loop() {
    let failures = 0;
    while (running) {
      sleeper.reset();
      try {
        const free = maxHeld - runs.active.size;
        if (free <= 0) {
          waitingForCapacity = true;
          await sleeper.sleep(o.pollMs);
          waitingForCapacity = false;
          continue;
        }
        const limit = Math.min(free, o.claimBatch);
        const { claimed, nextDueMs: wait } = await claim(limit);
        failures = 0;
        if (claimed === limit) continue; // more may be due right now
        let ms = o.pollMs;
        if (wait !== null) ms = Math.min(ms, wait > 0 ? wait : claimed === 0 ? LOCKED_RETRY_MS : 0);
        // Housekeeping in a gap before the next due job, so it delays none (unless long overdue).
        if (maintenance.fitsIn(ms) && (await maintenance.run())) continue;
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
    claiming: () => running,
    runClaimed(jobs, leaseUntil) {
      if (!jobs.length) return;
      maintenance.wrote(jobs.length * 2);
      if (!running) {
        // Stopped meanwhile: give them back at once rather than wait out the lease.
        store
          .releaseLeases(db, owner, jobs)
          .catch((err) =>
            log.warn({ err, jobs: jobs.length }, 'could not release job leases; they expire on their own'),
          );
        return;
      }
      const fresh = jobs.filter((j) => !runs.holds(j.id)).map((j) => runs.add(j, leaseUntil(j)));
      queued.unshift(...fresh);
      dispatch();
    },
  };
}
