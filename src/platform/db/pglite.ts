import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';
import { lockDataDir } from './lock.ts';
import { INT8_OID, NUMERIC_OID, parseBigNumber } from './parsers.ts';

function wrap(run: PGlite | Transaction): Queryable {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const res = await run.query<R>(text, params as unknown[]);
      return res.rows;
    },
    async one<R>(text: string, params: readonly unknown[] = []) {
      const res = await run.query<R>(text, params as unknown[]);
      return res.rows[0];
    },
    async execute(text: string, params: readonly unknown[] = []) {
      const res = await run.query(text, params as unknown[]);
      return res.affectedRows ?? 0;
    },
  };
}

/**
 * Embedded PostgreSQL (WASM). `dataDir` null keeps everything in memory (tests).
 * PGlite writes through to files with synchronous writes at commit, so an acknowledged
 * write survives the process being killed (tested in durability.test.ts).
 */
export async function openPglite(
  dataDir: string | null,
  opts: { loadDataDir?: Blob } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  let dir: string | undefined;
  let unlock = () => {};
  if (dataDir) {
    dir = resolve(dataDir, 'pg');
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(resolve(dataDir));
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir, {
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      parsers: { [INT8_OID]: parseBigNumber, [NUMERIC_OID]: parseBigNumber },
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const base = wrap(pg);
  return {
    engine: 'pglite',
    ...base,
    tx: (fn) => pg.transaction((t) => fn(wrap(t))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    ping: async () => {
      await pg.query('select 1');
    },
    close: async () => {
      await pg.close();
      unlock();
    },
    /** The whole data directory as a tarball (tests start from a migrated template). */
    dump: async () => (await pg.dumpDataDir('none')) as Blob,
  };
}
