import { loopbackOnly } from './lib.ts';
// npm run bench:api [-- --engine pglite|postgres] [--json] [--duration 10] [--connections 10]
//   [--warmup 2] [--rounds 5]
//
// HTTP throughput and latency of the real server, started as a child process (`swimmy start`),
// so that the load generator (autocannon, in this process) never shares the server's event loop:
//   - an authenticated read: GET /api/v1/orgs/:orgId/members with an API token (bearer),
//   - /healthz (no authentication, no database),
//   - a bare node:http server (another child) answering the same body and content type as the
//     authenticated read: the reference the ratios are measured against, in the same run.
// Same duration and connections for each, measured in interleaved rounds (`rounds` slices of
// duration/rounds seconds per target) so that load drifting on a noisy machine hits all three
// alike; a warm-up before the first round is not counted. Latency percentiles are computed from
// every response time (sub-millisecond), rps from all requests over the measured time. Any non-2xx
// answer, connection error or timeout fails the benchmark (exit 1) after printing the figures.
// PostgreSQL: DATABASE_URL or the local default, in a schema of its own dropped at the end.

import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  createTokenOverHttp,
  dropSchema,
  http,
  type Proc,
  ROOT,
  setupOverHttp,
  spawnNode,
  startServer,
  tempDir,
} from '../test/helpers/process.ts';
import { DEFAULT_POSTGRES_URL, numberOption, parseArgs, percentile, printResult, round } from './lib.ts';

const args = parseArgs();
const duration = numberOption(args, 'duration', 10);
const connections = numberOption(args, 'connections', 10);
const warmup = numberOption(args, 'warmup', 2);
const rounds = Math.max(1, Math.round(numberOption(args, 'rounds', 5)));

const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** Every response time, ms (sub-millisecond resolution). */
  latencies: number[];
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

const target = (name: string, url: string, headers: Record<string, string> = {}): Target => {
  loopbackOnly(url);
  return {
    name,
    url,
    headers,
    latencies: [],
    requests: 0,
    seconds: 0,
    non2xx: 0,
    errors: 0,
    statusCodes: {},
  };
};

function cannon(t: Target, seconds: number, record: boolean): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const run = autocannon({ url: t.url, connections, duration: seconds, headers: t.headers }, (err, r) =>
      err ? reject(err) : resolve(r),
    );
    if (record) run.on('response', (_client, _status, _bytes, ms) => t.latencies.push(ms));
  });
}

/**
 * Measures the targets in interleaved rounds (each round runs every target for duration/rounds
 * seconds, starting with a different one each time), so that a change in the machine's load
 * during the run falls on all of them alike and the ratios stay meaningful.
 */
async function measureAll(targets: Target[]) {
  if (warmup > 0) for (const t of targets) await cannon(t, warmup, false);
  const slice = duration / rounds;
  for (let round = 0; round < rounds; round++) {
    say(`round ${round + 1}/${rounds}: ${targets.length} targets, ${slice} s each`);
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(round + i) % targets.length]!;
      const r = await cannon(t, slice, true);
      t.requests += r.requests.total;
      t.seconds += r.duration;
      t.non2xx += r.non2xx;
      t.errors += r.errors + r.timeouts;
      for (const [code, s] of Object.entries(r.statusCodeStats ?? {}))
        t.statusCodes[code] = (t.statusCodes[code] ?? 0) + (s.count ?? 0);
    }
  }
}

const figures = (t: Target) => ({
  rps: round(t.seconds > 0 ? t.requests / t.seconds : 0, 1),
  p50: round(percentile(t.latencies, 50), 3),
  p99: round(percentile(t.latencies, 99), 3),
});

async function main(): Promise<number> {
  const dir = tempDir('swimmy-bench-');
  const procs: Proc[] = [];
  const env: Record<string, string> = { SWIMMY_DATA_DIR: dir.path, SWIMMY_ROLES: 'serve,work' };
  let schema: string | undefined;
  const dbUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  if (args.engine === 'postgres') {
    loopbackOnly(dbUrl);
    schema = `bench_${Math.random().toString(36).slice(2, 10)}`;
    Object.assign(env, { DATABASE_URL: dbUrl, SWIMMY_DATABASE_SCHEMA: schema });
  }
  const cleanup = async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    if (schema)
      await dropSchema(dbUrl, schema).catch((err: Error) => say(`could not drop ${schema}: ${err.message}`));
    dir.remove();
  };
  const interrupted = () => {
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    say(`starting swimmy (${args.engine})`);
    const server = await startServer({ env, onSpawn: (p) => procs.push(p) });
    loopbackOnly(server.url);
    const { auth, orgId } = await setupOverHttp(server.url);
    const { secret } = await createTokenOverHttp(server.url, auth, orgId, 'bench', 'viewer');
    const readPath = `/api/v1/orgs/${orgId}/members`;
    const bearer = { authorization: `Bearer ${secret}` };

    // The read must really be authenticated and answered, or the figures mean nothing.
    const probe = await http(server.url, readPath, { auth: { token: secret } });
    if (probe.status !== 200)
      throw new Error(`the API read answered ${probe.status}, not 200: ${probe.text}`);
    const items = (probe.body as { items?: unknown[] } | undefined)?.items;
    if (!Array.isArray(items) || items.length !== 1)
      throw new Error(`unexpected API read body: ${probe.text}`);
    const contentType = probe.headers.get('content-type') ?? 'application/json; charset=utf-8';

    const bare = spawnNode([join(ROOT, 'bench/bare-server.ts')], {
      env: { BARE_BODY_BASE64: Buffer.from(probe.text).toString('base64'), BARE_CONTENT_TYPE: contentType },
    });
    procs.push(bare);
    const bareUrl = (await bare.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/, 10_000))[1]!;
    const bareProbe = await http(bareUrl, readPath);
    if (bareProbe.text !== probe.text || bareProbe.headers.get('content-type') !== contentType)
      throw new Error('the bare server does not answer the same bytes as the API read');

    const api = target('api read', `${server.url}${readPath}`, bearer);
    const healthz = target('/healthz', `${server.url}/healthz`);
    const bareRef = target('bare node:http', `${bareUrl}${readPath}`);
    await measureAll([api, healthz, bareRef]);
    const a = figures(api);
    const h = figures(healthz);
    const ref = figures(bareRef);

    const result = {
      engine: args.engine,
      duration_s: duration,
      connections,
      rounds,
      api_read_rps: a.rps,
      api_read_p50_ms: a.p50,
      api_read_p99_ms: a.p99,
      healthz_rps: h.rps,
      healthz_p50_ms: h.p50,
      healthz_p99_ms: h.p99,
      bare_rps: ref.rps,
      bare_p50_ms: ref.p50,
      bare_p99_ms: ref.p99,
      ratio: ref.rps > 0 ? round(a.rps / ref.rps, 3) : 0,
      healthz_ratio: ref.rps > 0 ? round(h.rps / ref.rps, 3) : 0,
      response_bytes: Buffer.byteLength(probe.text),
      api_read_non2xx: api.non2xx,
      healthz_non2xx: healthz.non2xx,
      bare_non2xx: bareRef.non2xx,
      errors: api.errors + healthz.errors + bareRef.errors,
    };
    printResult(
      `bench:api (${args.engine}, ${connections} connections, ${duration} s each)`,
      result,
      args.json,
    );

    const bad = [api, healthz, bareRef].filter((t) => t.non2xx > 0 || t.errors > 0);
    for (const t of bad) {
      process.stderr.write(
        `bench:api: ${t.name}: ${t.non2xx} non-2xx answers, ${t.errors} errors/timeouts; status codes ${JSON.stringify(t.statusCodes)}\n`,
      );
    }
    const out = server.proc.stderr().trim();
    if (bad.length && out) process.stderr.write(`server stderr:\n${out}\n`);
    return bad.length ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench:api failed: ${err.message}\n`);
    process.exit(1);
  },
);
