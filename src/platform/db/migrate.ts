import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';

export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

/** `NNNN_name.sql` files in version order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      const [version = '', ...rest] = file.replace(/\.sql$/, '').split('_');
      return { version, name: rest.join('_'), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations, each in its own transaction. An advisory lock keeps several
 * processes starting together on PostgreSQL from racing; a changed applied file is an error.
 */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    version text primary key, name text not null, checksum text not null,
    applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.tx(async (q) => {
      await q.query('select pg_advisory_xact_lock(727274)');
      const row = await q.one<{ checksum: string }>(
        'select checksum from schema_migrations where version = $1',
        [m.version],
      );
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new Error(`migration ${m.version}_${m.name} was changed after it was applied`);
        }
        return false;
      }
      for (const statement of splitStatements(m.sql)) await q.query(statement);
      await q.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      return true;
    });
    if (done) applied.push(`${m.version}_${m.name}`);
  }
  return applied;
}

/** Splits on `;` at line ends outside dollar-quoted bodies; migrations keep to that layout. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && current.trim() === '') continue;
    current += `${line}\n`;
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
