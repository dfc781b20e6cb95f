import type { Db } from '../db/db.ts';
import type { Logger } from '../log.ts';
import { deleteFinished, vacuumJobs } from './store.ts';

export interface MaintenanceOptions {
  db: Db;
  log: Logger;
  /** Done and cancelled jobs older than this are deleted. */
  retainDoneDays: number;
  cleanupEveryMs: number;
  /** Vacuum the table ourselves: PGlite has no autovacuum. */
  vacuum: boolean;
}

const DELETE_SLICE = 10_000;
/** Row versions written (claims, outcomes) after which PGlite's table is vacuumed anyway. */
const VACUUM_AFTER_WRITES = 10_000;
const VACUUM_EVERY_MS = 60_000;
/** Housekeeping waits for a gap between due jobs at most this long, then runs anyway. */
const MAX_DEFER_MS = 30_000;

/**
 * Housekeeping run from the worker loop between claims, so it never competes with them:
 * deletes old finished jobs in slices, and on PGlite vacuums and analyzes the table. On PGlite
 * (one connection) it holds up every statement while it runs, so the loop runs it in a gap
 * before the next due job that is longer than its last run took, or once it is long overdue.
 */
export function createMaintenance(o: MaintenanceOptions) {
  let nextCleanupAt = 0;
  let nextVacuumAt = 0;
  let writes = 0;
  let lastTookMs = 0;
  /** When the writes since the last vacuum reached VACUUM_AFTER_WRITES. */
  let manyWritesAt = Number.POSITIVE_INFINITY;
  const vacuumDueAt = () =>
    o.vacuum && writes > 0 ? Math.min(nextVacuumAt, manyWritesAt) : Number.POSITIVE_INFINITY;

  async function cleanup() {
    nextCleanupAt = Date.now() + o.cleanupEveryMs;
    const deleted = await deleteFinished(o.db, o.retainDoneDays, DELETE_SLICE);
    if (deleted) o.log.info({ deleted }, 'deleted old finished jobs');
    // More left: the next slice soon, so claims are not held up by one long delete.
    if (deleted === DELETE_SLICE) nextCleanupAt = Date.now() + 1000;
  }

  async function vacuum() {
    nextVacuumAt = Date.now() + VACUUM_EVERY_MS;
    writes = 0;
    manyWritesAt = Number.POSITIVE_INFINITY;
    const start = Date.now();
    await vacuumJobs(o.db);
    o.log.debug({ ms: Date.now() - start }, 'vacuumed the jobs table');
  }

  return {
    start() {
      // Spread the first cleanup of processes started together; vacuum (and analyze) at once.
      nextCleanupAt = Date.now() + Math.random() * Math.min(o.cleanupEveryMs, 60_000);
      nextVacuumAt = 0;
      writes = 1;
    },
    /** The worker wrote `n` row versions. */
    wrote(n: number) {
      writes += n;
      if (writes >= VACUUM_AFTER_WRITES && manyWritesAt === Number.POSITIVE_INFINITY)
        manyWritesAt = Date.now();
    },
    /** Whether to run now, with `idleMs` until the next job is due. */
    fitsIn(idleMs: number) {
      const due = Math.min(nextCleanupAt, vacuumDueAt());
      const now = Date.now();
      return now >= due && (idleMs >= 2 * lastTookMs || now - due >= MAX_DEFER_MS);
    },
    /** Runs what is due; returns whether anything ran. */
    async run() {
      const start = Date.now();
      let ran = false;
      if (start >= nextCleanupAt) {
        await cleanup();
        ran = true;
      }
      if (Date.now() >= vacuumDueAt()) {
        await vacuum();
        ran = true;
      }
      if (ran) lastTookMs = Date.now() - start;
      return ran;
    },
  };
}
