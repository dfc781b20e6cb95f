// Shared by the benchmarks (`npm run bench:*`): arguments, figures, output, a fresh database.
import { randomBytes } from 'node:crypto';
import type { Db } from '../src/platform/db/db.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';

export type Engine = 'pglite' | 'postgres';

export interface BenchArgs {
  /** `--json`: print exactly one JSON object on stdout, nothing else. */
  json: boolean;
  /** `--engine pglite|postgres`, default pglite. */
  engine: Engine;
  /** Every other `--name value`, `--name=value` or bare `--flag` (value true). */
  options: Record<string, string | true>;
}

/** Parses benchmark arguments; exits with a message on a bad `--engine`. */
export function parseArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) fail(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      options[arg.slice(2)] = next;
      i++;
    } else options[arg.slice(2)] = true;
  }
  const { json, engine = 'pglite', ...rest } = options;
  if (engine !== 'pglite' && engine !== 'postgres')
    fail(`--engine must be pglite or postgres, not ${engine}`);
  return { json: json === true || json === 'true', engine, options: rest };
}

/** A numeric `--name value`, or `fallback` when absent; exits on anything but a finite number. */
export function numberOption(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isFinite(value)) fail(`--${name} needs a number`);
  return value;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The p-th percentile (0..100, nearest rank) of values in any order; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One JSON object on stdout with `json`, otherwise a two-column table under a title. */
export function printResult(title: string, result: Record<string, unknown>, json: boolean) {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const show = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v));
  const rows = Object.entries(result).map(([k, v]) => [k, show(v)] as const);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  process.stdout.write(`${title}\n${lines.join('\n')}\n`);
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Benchmark traffic stays on this machine. */
function assertLoopback(url: string) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === '' || host === 'localhost' || host === '::1' || /^127\./.test(host)) return;
  fail(`refusing to benchmark against ${host}: benchmarks only talk to loopback`);
}

/**
 * A migrated, empty database: PGlite in memory, or a fresh schema on PostgreSQL (DATABASE_URL or
 * the local default) that close() drops.
 */
export async function openBenchDb(engine: Engine): Promise<{ db: Db; close(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPglite(null);
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const url = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  assertLoopback(url);
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres({ url, schema, max: 20 });
  await migrate(db);
  return {
    db,
    async close() {
      await db.exec(`drop schema if exists ${schema} cascade`).catch(() => {});
      await db.close();
    },
  };
}

/** Benchmarks only ever talk to loopback; anything else is refused before a request is made. */
export function loopbackOnly(url: string) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return;
  throw new Error(`refusing to benchmark against ${host}: benchmarks only talk to loopback`);
}
