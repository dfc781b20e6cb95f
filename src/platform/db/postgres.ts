import pg from 'pg';
import { DatabaseUnavailableError, type Db, isConnectionError, type Queryable } from './db.ts';
import { INT8_OID, NUMERIC_OID, parseBigNumber } from './parsers.ts';

const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID || oid === NUMERIC_OID) return parseBigNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

function guard<T>(p: Promise<T>): Promise<T> {
  return p.catch((err: unknown) => {
    throw isConnectionError(err) ? new DatabaseUnavailableError(err) : err;
  });
}

function wrap(run: { query: pg.Pool['query'] | pg.PoolClient['query'] }): Queryable {
  const q = <R>(text: string, params: readonly unknown[] = []) =>
    guard((run.query as pg.Pool['query'])(text, params as unknown[])) as Promise<
      pg.QueryResult<R & pg.QueryResultRow>
    >;
  return {
    query: async <R>(text: string, params?: readonly unknown[]) => (await q<R>(text, params)).rows as R[],
    one: async <R>(text: string, params?: readonly unknown[]) =>
      (await q<R>(text, params)).rows[0] as R | undefined,
    execute: async (text, params) => (await q(text, params)).rowCount ?? 0,
  };
}

export interface PostgresOptions {
  url: string;
  /** Schema holding Swimmy's tables (created if missing); tests use one schema each. */
  schema?: string;
  max?: number;
}

/** PostgreSQL through a connection pool; a lost server surfaces as DatabaseUnavailableError. */
export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const schema = opts.schema;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 3000,
    // A server that goes silent (partition) must fail requests, not hang them forever.
    query_timeout: 10_000,
    keepAlive: true,
    idleTimeoutMillis: 10_000,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  if (schema) await guard(pool.query(`create schema if not exists ${schema}`));
  else await guard(pool.query('select 1'));
  const base = wrap(pool);
  return {
    engine: 'postgres',
    ...base,
    async tx(fn) {
      const client = await guard(pool.connect());
      let broken = false;
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await guard(client.query('begin'));
        const result = await fn(wrap(client));
        await guard(client.query('commit'));
        return result;
      } catch (err) {
        if (!isConnectionError(err) && !(err instanceof DatabaseUnavailableError)) {
          await client.query('rollback').catch(() => {});
        } else broken = true;
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    exec: async (sql) => {
      await guard(pool.query(sql));
    },
    ping: async () => {
      await guard(pool.query('select 1'));
    },
    close: () => pool.end(),
  };
}
