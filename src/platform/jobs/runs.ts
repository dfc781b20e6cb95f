import { setTimeout as pause } from 'node:timers/promises';
import type { Db } from '../db/db.ts';
import type { Logger } from '../log.ts';
import type { Job } from './jobs.ts';
import * as store from './store.ts';

/** One claim of a job held by this worker: running, or finished and waiting to be marked done. */
export interface Run {
  job: Job;
  controller: AbortController;
  /** Local epoch ms before which the lease is surely still ours (measured from the request). */
  leaseUntil: number;
  /** The lease was lost or given back: the outcome is no longer ours to record. */
  abandoned: boolean;
  /** A failure is being recorded; a renewal missing the row is no news. */
  settling: boolean;
}

export interface RunsOptions {
  db: Db;
  log: Logger;
  owner: string;
  leaseMs: number;
}

const DONE_BATCH = 1000;

/**
 * The runs a worker holds and their leases: renews them all with one statement, aborts a
 * handler whose lease is gone, and marks finished runs done in batches (one statement for
 * every run that finished in the same turn of the event loop).
 */
export function createRuns(o: RunsOptions) {
  const active = new Map<number, Run>();
  /** Succeeded, not yet marked done; the lease is still renewed until it is. */
  const finished = new Map<number, Run>();
  let flushing: Promise<void> | undefined;
  let renewing = false;
  let stopping = new AbortController();

  function lose(run: Run, reason: string) {
    if (run.settling || run.abandoned) return;
    const id = run.job.id;
    if (finished.get(id) === run) finished.delete(id);
    else if (active.get(id) !== run) return;
    run.abandoned = true;
    run.controller.abort(new Error(reason));
    o.log.warn(
      { jobId: id, kind: run.job.kind, reason },
      'job run abandoned; its outcome will not be recorded',
    );
  }

  async function renew() {
    if (renewing) return;
    const held = [...active.values(), ...finished.values()].filter((r) => !r.abandoned && !r.settling);
    if (!held.length) return;
    renewing = true;
    const sentAt = Date.now();
    try {
      const kept = await store.renewLeases(
        o.db,
        o.owner,
        held.map((r) => r.job),
        o.leaseMs,
      );
      for (const run of held) {
        if (kept.has(run.job.id)) run.leaseUntil = sentAt + o.leaseMs;
        else if (!run.settling) {
          lose(run, 'lease lost (job cancelled, or claimed by another worker after the lease expired)');
        }
      }
    } catch (err) {
      o.log.warn({ err }, 'could not renew job leases');
      const now = Date.now();
      for (const run of held)
        if (run.leaseUntil <= now) lose(run, 'lease expired while the database was unreachable');
    } finally {
      renewing = false;
    }
  }

  async function flushOnce() {
    while (finished.size) {
      const batch: Run[] = [];
      for (const run of finished.values()) {
        batch.push(run);
        if (batch.length === DONE_BATCH) break;
      }
      for (const run of batch) finished.delete(run.job.id);
      try {
        await store.markDone(
          o.db,
          o.owner,
          batch.map((r) => r.job),
          o.db.engine === 'postgres',
        );
      } catch (err) {
        for (const run of batch)
          if (!run.abandoned && !finished.has(run.job.id)) finished.set(run.job.id, run);
        throw err;
      }
    }
  }

  async function flushLoop() {
    // Let every handler finishing in this turn join the batch.
    await new Promise((r) => setImmediate(r));
    let failures = 0;
    while (finished.size) {
      try {
        await flushOnce();
        failures = 0;
      } catch (err) {
        failures++;
        o.log.warn({ err, pending: finished.size }, 'could not mark jobs done; retrying');
        if (stopping.signal.aborted) return;
        const delay = Math.min(5000, 250 * 2 ** Math.min(failures - 1, 5));
        await pause(delay, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  }

  function scheduleFlush() {
    if (flushing) return;
    flushing = flushLoop().finally(() => {
      flushing = undefined;
      if (finished.size && !stopping.signal.aborted) scheduleFlush();
    });
  }

  return {
    active,
    lose,
    renew,
    /** Whether this worker still holds an older run of `id` (whose lease it lost meanwhile). */
    holds: (id: number) => active.has(id) || finished.has(id),
    add(job: Job, leaseUntil: number): Run {
      const run: Run = {
        job,
        controller: new AbortController(),
        leaseUntil,
        abandoned: false,
        settling: false,
      };
      active.set(job.id, run);
      return run;
    },
    /** The handler succeeded: frees its slot, marks it done soon. */
    succeeded(run: Run) {
      if (active.get(run.job.id) === run) active.delete(run.job.id);
      if (run.abandoned) return;
      finished.set(run.job.id, run);
      scheduleFlush();
    },
    /** Forgets a run that never started (its lease is released by the caller). */
    drop(run: Run) {
      run.abandoned = true;
      if (active.get(run.job.id) === run) active.delete(run.job.id);
    },
    remove(run: Run) {
      if (active.get(run.job.id) === run) active.delete(run.job.id);
    },
    /** Runs whose handlers are still going and still ours. */
    running: () => [...active.values()].filter((r) => !r.abandoned),
    resume() {
      stopping = new AbortController();
    },
    /** Stops retrying in the background and makes one last attempt to mark finished runs done. */
    async drain() {
      stopping.abort();
      await flushing;
      try {
        await flushOnce();
      } catch (err) {
        o.log.warn(
          { err, runs: finished.size },
          'could not mark jobs done before stopping; they will run again',
        );
        finished.clear();
      }
    },
  };
}

export type Runs = ReturnType<typeof createRuns>;
