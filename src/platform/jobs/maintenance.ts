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

/**
 * Housekeeping run from the worker loop between claims, so it never competes with them:
 * deletes old finished jobs in slices, and on PGlite vacuums and analyzes the table.
 */
export function createMaintenance(o: MaintenanceOptions) {
  let nextCleanupAt = 0;
  let nextVacuumAt = 0;
  let writes = 0;

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
    },
    async run() {
      if (Date.now() >= nextCleanupAt) await cleanup();
      if (o.vacuum && writes > 0 && (Date.now() >= nextVacuumAt || writes >= VACUUM_AFTER_WRITES))
        await vacuum();
    },
  };
}
