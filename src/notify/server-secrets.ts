import { randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/db/db.ts';

const cache = new WeakMap<Queryable, Map<string, Promise<Buffer>>>();

/**
 * A server-side secret by name, generated on first use and kept in the database, so every
 * process of one deployment shares it and it is never in the repository or the config.
 * Concurrent first uses agree: the first insert wins and everyone reads it back.
 */
export function serverSecret(db: Queryable, name: string): Promise<Buffer> {
  let byName = cache.get(db);
  if (!byName) {
    byName = new Map();
    cache.set(db, byName);
  }
  let secret = byName.get(name);
  if (!secret) {
    secret = (async () => {
      await db.execute(
        'insert into server_secrets (name, value) values ($1, $2) on conflict (name) do nothing',
        [name, randomBytes(32).toString('base64url')],
      );
      const row = await db.one<{ value: string }>('select value from server_secrets where name = $1', [name]);
      if (!row) throw new Error(`server secret ${name} missing after insert`);
      return Buffer.from(row.value, 'base64url');
    })();
    secret.catch(() => byName.delete(name));
    byName.set(name, secret);
  }
  return secret;
}
