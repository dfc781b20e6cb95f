/**
 * Child processes for tests and benchmarks: the real CLI, spawned on Node 24 directly (not
 * through npx, so that a signal reaches the server itself and `kill -9` means what it says),
 * with an environment the test controls, and helpers to wait for it, read it and stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI = join(ROOT, 'src/cli/main.ts');

/** Node 24: this process when it runs on it (`npx node --test`), else the pinned `node` package. */
export const NODE =
  Number(process.versions.node.split('.')[0]) >= 24
    ? process.execPath
    : join(ROOT, 'node_modules/node/bin/node');

/** Inherited variables that would change what the child does; a test names the ones it wants. */
const SCRUBBED = /^(SWIMMY_|NODE_TEST|NODE_OPTIONS$|DATABASE_URL$|NATS_URL$|PORT$|HOST$|SMTP_URL$)/;

/** This process's environment without Swimmy settings, plus `extra` (undefined removes a key). */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!SCRUBBED.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  /** True once the process has exited. */
  done(): boolean;
  /** Resolves when `pattern` appears on stdout; rejects when the process exits first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` (default SIGTERM), then SIGKILL after graceMs; resolves on exit. Safe to call twice. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed (stdin is always closed, so nothing waits on it). */
  input?: string;
  cwd?: string;
}

/** Spawns a Node 24 process with `args` (a script and its arguments, or `-e CODE`). */
export function spawnNode(args: string[], opts: SpawnOptions = {}): Proc {
  const child = spawn(NODE, args, {
    cwd: opts.cwd ?? ROOT,
    env: childEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${NODE} ${args.join(' ')}`);
  let out = '';
  let err = '';
  let finished = false;
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    for (const l of listeners) l();
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      finished = true;
      for (const l of listeners) l();
      resolve({ code, signal });
    });
  });
  const pid = child.pid;
  const proc: Proc = {
    child,
    pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    done: () => finished,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) return finish(() => resolve(m));
          if (finished)
            return finish(() =>
              reject(
                new Error(
                  `process ${pid} exited (code ${child.exitCode}, signal ${child.signalCode}) before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`,
                ),
              ),
            );
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new Error(
                  `no ${pattern} from process ${pid} in ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`,
                ),
              ),
            ),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (finished) return exited;
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
  return proc;
}

/** Spawns the CLI: `swimmy <args>`. */
export const spawnCli = (args: string[], opts: SpawnOptions = {}) => spawnNode([CLI, ...args], opts);

export interface Ran extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (killed after timeoutMs). */
export async function runCli(args: string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<Ran> {
  const p = spawnCli(args, opts);
  const timer = setTimeout(() => p.stop('SIGKILL'), opts.timeoutMs ?? 30_000);
  const exit = await p.exited;
  clearTimeout(timer);
  return { ...exit, stdout: p.stdout(), stderr: p.stderr() };
}

export const RUNNING_LINE = /Swimmy is running \(.*\) on (http:\/\/\S+)\n/;

export interface Server {
  proc: Proc;
  /** Base URL parsed from the "running on" line. */
  url: string;
}

/**
 * Starts `swimmy <command>` (default `start`) on a free port (PORT=0) on 127.0.0.1 and waits
 * for its "running on" line. The caller stops it (`server.proc.stop()`), typically in t.after.
 */
export async function startServer(
  opts: SpawnOptions & { command?: string; timeoutMs?: number; onSpawn?: (p: Proc) => void } = {},
): Promise<Server> {
  const proc = spawnCli([opts.command ?? 'start'], {
    ...opts,
    env: { PORT: '0', HOST: '127.0.0.1', SWIMMY_LOG_LEVEL: 'warn', ...opts.env },
  });
  opts.onSpawn?.(proc);
  try {
    const m = await proc.waitFor(RUNNING_LINE, opts.timeoutMs ?? 30_000);
    return { proc, url: m[1]! };
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
}

/** A fresh temporary directory and its removal. */
export function tempDir(prefix = 'swimmy-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: unknown;
}

/** Credentials for a real-socket request: a session (cookie + CSRF) or an API token. */
export type HttpAuth = { cookie: string; csrf: string } | { token: string };

/** One request over a real socket (fetch), never anywhere but the server under test. */
export async function http(
  base: string,
  path: string,
  opts: { method?: string; body?: unknown; auth?: HttpAuth; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.auth && 'cookie' in opts.auth) {
    headers.cookie = `swimmy_session=${opts.auth.cookie}`;
    headers['x-csrf-token'] = opts.auth.csrf;
  } else if (opts.auth) {
    headers.authorization = `Bearer ${opts.auth.token}`;
  }
  const res = await fetch(new URL(path, base), {
    method: opts.method ?? 'GET',
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** The session cookie a sign-in or setup answer set, with the CSRF token from its body. */
export function sessionFrom(res: HttpAnswer): { cookie: string; csrf: string } {
  const cookie = /swimmy_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  const csrf = (res.body as { csrfToken?: string } | undefined)?.csrfToken;
  if (!cookie || !csrf) throw new Error(`no session in answer ${res.status}: ${res.text}`);
  return { cookie, csrf };
}

export const HTTP_PASSWORD = 'correct horse battery staple';

/** First-run setup over HTTP: an organisation and its owner, signed in. */
export async function setupOverHttp(base: string, handle = 'acme', email = `owner@${handle}.test`) {
  const res = await http(base, '/api/v1/setup', {
    method: 'POST',
    body: {
      org: { name: `Org ${handle}`, handle },
      owner: { name: 'Owner', email, password: HTTP_PASSWORD },
    },
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${res.text}`);
  const orgId = (res.body as { orgs: Array<{ id: string }> }).orgs[0]?.id;
  if (!orgId) throw new Error(`setup answered no organisation: ${res.text}`);
  return { auth: sessionFrom(res), orgId, email };
}

/** Signs in over HTTP. */
export async function loginOverHttp(base: string, email: string, password = HTTP_PASSWORD) {
  const res = await http(base, '/api/v1/session', { method: 'POST', body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return sessionFrom(res);
}

/** Creates an API token over HTTP with a session; returns its secret. */
export async function createTokenOverHttp(
  base: string,
  auth: HttpAuth,
  orgId: string,
  name: string,
  role = 'viewer',
): Promise<{ id: string; secret: string }> {
  const res = await http(base, `/api/v1/orgs/${orgId}/tokens`, {
    method: 'POST',
    auth,
    body: { name, role },
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${res.text}`);
  const b = res.body as { token: { id: string }; secret: string };
  return { id: b.token.id, secret: b.secret };
}

/** Drops a PostgreSQL schema (a test's or a benchmark's own). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/** Deletes a JetStream stream (a test's own); a missing stream is fine. */
export async function deleteStream(url: string, stream: string): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

const suffix = () => Math.random().toString(36).slice(2, 10);

export interface Services {
  /** Environment for child processes: DATABASE_URL + own schema, NATS_URL + own stream, when set here. */
  env: Record<string, string>;
  engine: 'pglite' | 'postgres';
  schema?: string;
  /** Drops the schema and the stream (call after every process using them has stopped). */
  cleanup(): Promise<void>;
}

/**
 * The engines the environment asks for (DATABASE_URL, NATS_URL), each with a name of its own
 * so tests run side by side; PGlite and the in-process bus otherwise.
 */
export function servicesFromEnv(prefix = 't'): Services {
  const env: Record<string, string> = {};
  const dbUrl = process.env.DATABASE_URL;
  const natsUrl = process.env.NATS_URL;
  const schema = dbUrl ? `${prefix}_${suffix()}` : undefined;
  const stream = natsUrl ? `${prefix.toUpperCase()}_${suffix().toUpperCase()}` : undefined;
  if (dbUrl && schema) Object.assign(env, { DATABASE_URL: dbUrl, SWIMMY_DATABASE_SCHEMA: schema });
  if (natsUrl && stream) Object.assign(env, { NATS_URL: natsUrl, SWIMMY_NATS_STREAM: stream });
  return {
    env,
    engine: dbUrl ? 'postgres' : 'pglite',
    ...(schema ? { schema } : {}),
    async cleanup() {
      if (dbUrl && schema) await dropSchema(dbUrl, schema);
      if (natsUrl && stream) await deleteStream(natsUrl, stream);
    },
  };
}

/** Rethrows `err` with what the processes wrote, so a failure shows the server's side too. */
export function withOutput(procs: readonly Proc[]): (err: unknown) => never {
  return (err) => {
    const logs = procs
      .map((p) => `--- process ${p.pid} stdout:\n${p.stdout()}--- process ${p.pid} stderr:\n${p.stderr()}`)
      .join('\n');
    if (err instanceof Error) {
      err.message = `${err.message}\n${logs}`;
      throw err;
    }
    throw new Error(`${String(err)}\n${logs}`);
  };
}
