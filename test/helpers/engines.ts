import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus } from '../../src/platform/bus/bus.ts';
import { createMemoryBus } from '../../src/platform/bus/memory.ts';
import type { Db } from '../../src/platform/db/db.ts';
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';

/**
 * The engines a test runs on follow the environment: `npm test` uses PGlite in memory and the
 * in-process bus; `npm run test:services` sets DATABASE_URL and NATS_URL, and every test gets
 * its own PostgreSQL schema and JetStream stream so files can run in parallel.
 */
export const engineName = () => (process.env.DATABASE_URL ? 'postgres' : 'pglite');
export const busName = () => (process.env.NATS_URL ? 'nats' : 'memory');

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

export async function openTestDb(options: { migrate?: boolean } = {}): Promise<Db & { schema?: string }> {
  let db: Db & { schema?: string };
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = uniqueName('t');
    const inner = await openPostgres({ url, schema });
    db = {
      ...inner,
      schema,
      close: async () => {
        await inner.exec(`drop schema if exists ${schema} cascade`).catch(() => {});
        await inner.close();
      },
    };
  } else if (options.migrate !== false) {
    db = await openPglite(null, { loadDataDir: await migratedTemplate() });
  } else {
    db = await openPglite(null);
  }
  if (options.migrate !== false) await migrate(db);
  return db;
}

/**
 * A freshly migrated PGlite data directory, made once per set of migrations and shared by every
 * test process: starting from it skips initdb and the migrations (seconds per test on a busy
 * machine). The migrate() call after loading still verifies the checksums.
 */
async function migratedTemplate(): Promise<Blob> {
  const key = createHash('sha256')
    .update(
      readMigrations()
        .map((m) => `${m.version}:${m.checksum}`)
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
  const path = join(tmpdir(), `swimmy-pglite-template-${key}.tar`);
  if (!existsSync(path)) {
    const fresh = await openPglite(null);
    await migrate(fresh);
    const dump = Buffer.from(await (await fresh.dump()).arrayBuffer());
    await fresh.close();
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, dump);
    renameSync(partial, path); // atomic: parallel test files never read half a template
  }
  return new Blob([readFileSync(path)]);
}

export async function openTestBus(): Promise<Bus> {
  const url = process.env.NATS_URL;
  if (!url) return createMemoryBus();
  const { openNatsBus } = await import('../../src/platform/bus/nats.ts');
  return openNatsBus({ url, stream: uniqueName('T').toUpperCase(), deleteStreamOnClose: true });
}
