// npm run bench:fanout [-- --engine pglite|postgres] [--bus memory|nats] [--json] [--clients 1000]
//   [--orgs 10] [--users-per-org 10] [--posts 100] [--rate 5] [--burst-posts 100] [--concurrency 8]
//   [--profile DIR]   (the server runs under the V8 profiler and writes a .cpuprofile there)
//
// The live stream under a crowd: `clients` Server-Sent Events connections to a real Swimmy server
// (a child process, `swimmy start`), spread over the people of `orgs` organisations that are all
// members of one consortium space (clients share their person's session, as browser tabs do).
// The clients run in a worker thread (bench/fanout-clients.ts) so they never share an event loop
// with the server or the poster. A person of the first org posts through the API, labels mixed:
// 5/10 GREEN (every client), 3/10 AMBER+STRICT to one other org, 2/10 RED to three people.
//   - steady: `posts` posts at `rate` per second; latency of every entitled delivery, from the
//     moment the poster sends the POST (so it includes accepting the post) to the moment the
//     client has read the event; p50/p99; `lost` = entitled deliveries missing, `leaked` =
//     deliveries to clients not entitled (must be 0);
//   - burst: `burst-posts` posts by `concurrency` posters as fast as they are accepted:
//     posts_per_s = posts over the time from the first send to the last delivery;
//   - reference: a bare WebSocket broadcast (`ws`, bench/fanout-reference.ts) of the same payload
//     to the same number of clients at the same rate, in the same run.
// server_cpu_ms_per_post / reference_cpu_ms_per_post: CPU each serving process spent per post
// (from /proc; PostgreSQL's own processes not included), steadier than latency on a shared
// machine. Exit 1 when anything was lost, leaked, duplicated, refused or not connected.
// PostgreSQL: DATABASE_URL or the local default, in a schema of its own dropped at the end. NATS:
// NATS_URL or the local default, in a stream of its own deleted at the end.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CLI,
  deleteStream,
  dropSchema,
  type Proc,
  ROOT,
  RUNNING_LINE,
  spawnNode,
  startServer,
  tempDir,
} from '../test/helpers/process.ts';
import {
  analyse,
  asFastAsPossible,
  ask,
  atRate,
  collect,
  cpuMs,
  expectedDeliveries,
  type Figures,
  now,
  type Send,
  type Sent,
} from './fanout-measure.ts';
import { buildFanoutWorld, type FanoutWorld, labelFor } from './fanout-world.ts';
import { DEFAULT_POSTGRES_URL, loopbackOnly, numberOption, parseArgs, printResult, round } from './lib.ts';

const args = parseArgs();
const clients = numberOption(args, 'clients', 1000);
const orgs = numberOption(args, 'orgs', 10);
const usersPerOrg = numberOption(args, 'users-per-org', 10);
const posts = numberOption(args, 'posts', 100);
const rate = numberOption(args, 'rate', 5);
const burstPosts = numberOption(args, 'burst-posts', 100);
const concurrency = numberOption(args, 'concurrency', 8);
const bus = args.options.bus === 'nats' ? 'nats' : 'memory';
const DRAIN_MS = 15_000;
// A realistic finding: a few hundred bytes of Markdown after the marker the clients look for.
const FILLER =
  'KPTI backport status: 4.4 and 4.9 stable kernels built, rolling to one rack per region first. Overhead without PCID 5–30 % on syscall-heavy loads; with PCID mostly under 5 %. Microcode still pending from the OEM.'.repeat(
    2,
  );

const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

function postSender(base: string, w: FanoutWorld, keep: (n: number, body: string) => void): Send {
  const headers = {
    cookie: `swimmy_session=${w.poster.auth.cookie}`,
    'x-csrf-token': w.poster.auth.csrf,
    'content-type': 'application/json',
  };
  return async (n) => {
    const label = labelFor(n, w);
    const payload = JSON.stringify({ body: `fanout#${n}# ${FILLER}`, ...label.fields });
    const t0 = now();
    const res = await fetch(`${base}/api/v1/cases/${w.caseId}/posts`, {
      method: 'POST',
      headers,
      body: payload,
    });
    const text = await res.text();
    const t1 = now();
    if (res.status === 201) keep(n, text);
    else say(`post ${n}: ${res.status} ${text}`);
    return { t0, t1, ok: res.status === 201, entitled: label.entitled } satisfies Sent;
  };
}

/** The reference broadcasts what a client of the live stream receives for a GREEN post. */
function broadcastSender(refUrl: string, template: string): Send {
  return async (n) => {
    const body = template.replaceAll('fanout#N#', `fanout#${n}#`);
    const t0 = now();
    const res = await fetch(`${refUrl}/broadcast`, { method: 'POST', body });
    await res.arrayBuffer();
    return { t0, t1: now(), ok: res.status === 204, entitled: () => true };
  };
}

/** `swimmy start` on a free port; with `--profile DIR` under the V8 profiler (a .cpuprofile at exit). */
async function startSwimmy(env: Record<string, string>, onSpawn: (p: Proc) => void) {
  const profile = args.options.profile;
  if (typeof profile !== 'string') return startServer({ env, onSpawn, timeoutMs: 60_000 });
  const proc = spawnNode(['--cpu-prof', '--cpu-prof-dir', profile, CLI, 'start'], {
    env: { PORT: '0', HOST: '127.0.0.1', SWIMMY_LOG_LEVEL: 'warn', ...env },
  });
  onSpawn(proc);
  return { proc, url: (await proc.waitFor(RUNNING_LINE, 60_000))[1]! };
}

/** Runs one phase and measures it, with the CPU the serving process `pid` spent per post. */
async function phase(
  worker: Worker,
  pid: number,
  name: string,
  run: () => Promise<Map<number, Sent>>,
): Promise<Figures & { cpu_ms_per_post: number }> {
  say(`${name}…`);
  const cpu0 = cpuMs(pid);
  const sent = await run();
  const deliveries = await collect(worker, expectedDeliveries(sent, clients), DRAIN_MS);
  const f = {
    ...analyse(sent, deliveries, clients),
    cpu_ms_per_post: round((cpuMs(pid) - cpu0) / sent.size, 2),
  };
  say(
    `  ${name}: p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms, ${f.posts_per_s} posts/s, lost ${f.lost}, leaked ${f.leaked}, server CPU ${f.cpu_ms_per_post} ms/post`,
  );
  return f;
}

async function main(): Promise<number> {
  const dir = tempDir('swimmy-fanout-');
  const procs: Proc[] = [];
  const env: Record<string, string> = {
    SWIMMY_DATA_DIR: dir.path,
    SWIMMY_ROLES: 'serve,work',
    SWIMMY_LOGIN_RATE_LIMIT: '10000',
  };
  const suffix = randomBytes(5).toString('hex');
  const dbUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
  const schema = args.engine === 'postgres' ? `bench_${suffix}` : undefined;
  const stream = bus === 'nats' ? `BENCH_${suffix.toUpperCase()}` : undefined;
  if (schema) {
    loopbackOnly(dbUrl);
    Object.assign(env, { DATABASE_URL: dbUrl, SWIMMY_DATABASE_SCHEMA: schema });
  }
  if (stream) {
    loopbackOnly(natsUrl);
    Object.assign(env, { NATS_URL: natsUrl, SWIMMY_NATS_STREAM: stream });
  }
  const worker = new Worker(join(ROOT, 'bench/fanout-clients.ts'));
  const cleanup = async () => {
    await worker.terminate();
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    if (schema)
      await dropSchema(dbUrl, schema).catch((err: Error) => say(`could not drop ${schema}: ${err.message}`));
    if (stream)
      await deleteStream(natsUrl, stream).catch((err: Error) =>
        say(`could not delete ${stream}: ${err.message}`),
      );
    dir.remove();
  };
  try {
    say(`starting swimmy (${args.engine}, ${bus} bus)`);
    const server = await startSwimmy(env, (p) => procs.push(p));
    loopbackOnly(server.url);
    say(`building ${orgs} orgs × ${usersPerOrg} people`);
    const w = await buildFanoutWorld(server.url, orgs, usersPerOrg);
    const cookies = Array.from({ length: clients }, (_, c) => w.users[c % w.users.length]!.auth.cookie);
    const sse = await ask<{ failed: number }>(worker, 'connect', {
      kind: 'sse',
      url: `${server.url}/api/v1/stream`,
      cookies,
    });
    say(`${clients - sse.failed} live stream clients connected`);
    let template = '';
    const keep = (n: number, text: string) => {
      if (!template && n % 10 < 5) template = text.replaceAll(`fanout#${n}#`, 'fanout#N#');
    };
    const send = postSender(server.url, w, keep);
    await phase(worker, server.proc.pid, 'warm-up', () => atRate(-100, 20, rate, send));
    const steady = await phase(worker, server.proc.pid, `steady (${posts} posts at ${rate}/s)`, () =>
      atRate(0, posts, rate, send),
    );
    const burst = await phase(
      worker,
      server.proc.pid,
      `burst (${burstPosts} posts, ${concurrency} posters)`,
      () => asFastAsPossible(posts, burstPosts, concurrency, send),
    );
    await ask(worker, 'close');

    const ref = spawnNode([join(ROOT, 'bench/fanout-reference.ts')]);
    procs.push(ref);
    const refUrl = (await ref.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/, 10_000))[1]!;
    const wsUrl = refUrl.replace('http://', 'ws://');
    const ws = await ask<{ failed: number }>(worker, 'connect', { kind: 'ws', url: wsUrl, cookies });
    say(`${clients - ws.failed} WebSocket clients connected to the reference`);
    // The event as the live stream frames it: {id, seq, type, orgId, tlp, at, data: {post}}.
    const post = JSON.parse(template) as { label: { org: { id: string } } };
    const event = JSON.stringify({
      id: 'x',
      seq: 1,
      type: 'post.created',
      orgId: post.label.org.id,
      tlp: 'GREEN',
      at: new Date().toISOString(),
      data: { post },
    });
    const bsend = broadcastSender(refUrl, event);
    await phase(worker, ref.pid, 'reference warm-up', () => atRate(-100, 20, rate, bsend));
    const reference = await phase(worker, ref.pid, 'reference', () => atRate(0, posts, rate, bsend));
    await ask(worker, 'close');

    const result = {
      engine: args.engine,
      bus,
      clients,
      orgs,
      people: w.users.length,
      posts: steady.posts,
      rate_per_s: rate,
      p50_ms: steady.p50_ms,
      p99_ms: steady.p99_ms,
      max_ms: steady.max_ms,
      accept_p50_ms: steady.accept_p50_ms,
      deliveries: steady.deliveries,
      lost: steady.lost + burst.lost,
      leaked: steady.leaked + burst.leaked,
      duplicated: steady.duplicated + burst.duplicated,
      posts_per_s: burst.posts_per_s,
      burst_posts: burst.posts,
      burst_p50_ms: burst.p50_ms,
      burst_p99_ms: burst.p99_ms,
      reference_p50_ms: reference.p50_ms,
      reference_p99_ms: reference.p99_ms,
      reference_lost: reference.lost,
      server_cpu_ms_per_post: steady.cpu_ms_per_post,
      reference_cpu_ms_per_post: reference.cpu_ms_per_post,
      post_errors: steady.errors + burst.errors,
      connect_failed: sse.failed + ws.failed,
    };
    printResult(`bench:fanout (${args.engine}, ${bus} bus, ${clients} clients)`, result, args.json);
    const bad = result.lost + result.leaked + result.duplicated + result.post_errors + result.connect_failed;
    return bad > 0 ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench:fanout failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
