/** What every store needs from the database; the PostgreSQL dialect on both engines. */
export interface Queryable {
  /** Rows of a parameterised statement ($1, $2 …). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  one<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Rows changed by a statement. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Throws DatabaseUnavailableError when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached; answered as 503 and retried by the caller, never a crash. */
export class DatabaseUnavailableError extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super(`database unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.cause = cause;
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/** True for errors that mean "the server is gone", not "the statement is wrong". */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  const m = e.message ?? '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|Query read timeout|timeout exceeded when trying to connect/i.test(
    m,
  );
}
