import { loopbackOnly } from './lib.ts';
// npm run bench:status [-- --json] [--duration 10] [--connections 10] [--rounds 5] [--warmup 2]
//   [--runs 3] [--load-connections 20]
//
// Public status pages under load, on a real server started as a child process (`swimmy start`
// with the serve, work and collect roles), so the load generator never shares its event loop:
//   - GET /status/<slug>/api/v2/summary.json and GET /status/<slug> (the HTML page), answered
//     from memory, with autocannon over loopback;
//   - a bare node:http server (another child) answering the same bytes as summary.json: the
//     reference for `ratio` (summary_rps / bare_rps), measured in the same run, interleaved in
//     rounds so that drifting machine load falls on all three alike; all three while the
//     collector ingests a UDP flood at 2× the limit (NetFlow v5 from the flow simulator);
//   - detection delay: a UDP flood at 2× the threshold (NetFlow v5, the flow simulator) sent to
//     the same server's collector, from the first attack datagram to the `attack.started` event
//     on the live stream — first idle, then while a load-generator child hammers both public
//     URLs. Median over --runs floods each.
// The page holds what a busy incident day shows: 8 components in 2 groups, an incident at
// "Update #7", an upcoming maintenance. Any non-2xx answer or error fails the run (exit 1).
// `--load-worker` is internal: this file run as the load-generator child.

import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { runSimulation } from '../src/flows/simulator/run.ts';
import {
  type HttpAuth,
  http,
  type Proc,
  ROOT,
  setupOverHttp,
  spawnNode,
  startServer,
  tempDir,
} from '../test/helpers/process.ts';
import { dataOf, openSse } from '../test/helpers/sse.ts';
import { numberOption, parseArgs, percentile, printResult, round } from './lib.ts';

const args = parseArgs();
const duration = numberOption(args, 'duration', 10);
const connections = numberOption(args, 'connections', 10);
const warmup = numberOption(args, 'warmup', 2);
const rounds = Math.max(1, Math.round(numberOption(args, 'rounds', 5)));
const runs = Math.max(1, Math.round(numberOption(args, 'runs', 3)));
const loadConnections = numberOption(args, 'load-connections', 20);
const LIMIT = 20_000;

const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

interface Target {
  name: string;
  url: string;
  latencies: number[];
  requests: number;
  seconds: number;
  bad: number;
}

const target = (name: string, url: string): Target => {
  loopbackOnly(url);
  return { name, url, latencies: [], requests: 0, seconds: 0, bad: 0 };
};

function cannon(urls: string[], conns: number, seconds: number, onLatency?: (ms: number) => void) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url: urls[0]!,
        requests: urls.map((u) => ({ path: new URL(u).pathname })),
        connections: conns,
        duration: seconds,
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    if (onLatency) run.on('response', (_c, _s, _b, ms) => onLatency(ms));
  });
}

async function measureAll(targets: Target[]) {
  if (warmup > 0) for (const t of targets) await cannon([t.url], connections, warmup);
  const slice = duration / rounds;
  for (let r = 0; r < rounds; r++) {
    say(`round ${r + 1}/${rounds}: ${targets.length} targets, ${slice} s each`);
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(r + i) % targets.length]!;
      const res = await cannon([t.url], connections, slice, (ms) => t.latencies.push(ms));
      t.requests += res.requests.total;
      t.seconds += res.duration;
      t.bad += res.non2xx + res.errors + res.timeouts;
    }
  }
}

/** A UDP port free right now on 127.0.0.1 (the child binds it a moment later). */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function api(base: string, auth: HttpAuth, method: string, path: string, body?: unknown) {
  const res = await http(base, `/api/v1${path}`, { method, auth, ...(body === undefined ? {} : { body }) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body as { id: string };
}

/** The page of a busy day: groups, components, an incident at Update #7, upcoming maintenance. */
async function seedPage(base: string, auth: HttpAuth, orgId: string) {
  const s = `/orgs/${orgId}/status`;
  await api(base, auth, 'PUT', `${s}/page`, { slug: 'acme', name: 'Acme Cloud', published: true });
  const ids: string[] = [];
  for (const g of ['Compute', 'Storage']) {
    const group = await api(base, auth, 'POST', `${s}/components`, { name: g, isGroup: true });
    for (const region of ['par1', 'par2', 'ams1', 'waw1'])
      ids.push(
        (
          await api(base, auth, 'POST', `${s}/components`, {
            name: `${g} ${region}`,
            groupId: group.id,
            description: `${g} in ${region}`,
          })
        ).id,
      );
  }
  const inc = await api(base, auth, 'POST', `${s}/incidents`, {
    name: 'CPU vulnerabilities (Meltdown/Spectre)',
    body: 'We are assessing CVE-2017-5753, CVE-2017-5715 and CVE-2017-5754.',
    components: { [ids[0]!]: 'degraded_performance' },
  });
  for (let n = 2; n <= 7; n++)
    await api(base, auth, 'POST', `${s}/incidents/${inc.id}/updates`, {
      status: n < 5 ? 'identified' : 'monitoring',
      body: `Update ${n}: host kernels patched in ${n * 10} % of par1.`,
    });
  const from = new Date(Date.now() + 86_400_000);
  await api(base, auth, 'POST', `${s}/maintenances`, {
    name: 'Microcode rollout',
    body: 'Rolling reboots of the hypervisors.',
    scheduledFor: from.toISOString(),
    scheduledUntil: new Date(from.getTime() + 7_200_000).toISOString(),
    componentIds: ids.slice(0, 4),
  });
}

/** Floods one target at 2× the limit per run; delay from first datagram to attack.started. */
async function detectionDelays(base: string, auth: HttpAuth, port: number, first: number): Promise<number[]> {
  const sse = await openSse(`${base}/api/v1/stream`, {
    headers: 'cookie' in auth ? { cookie: `swimmy_session=${auth.cookie}` } : {},
  });
  if (!sse.stream) throw new Error(`live stream answered ${sse.status}`);
  const out: number[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const dst = `198.51.100.${first + r}`;
      let sent = 0;
      const sim = runSimulation({
        host: '127.0.0.1',
        port,
        protocol: 'v5',
        durationMs: 3500,
        seed: first + r,
        background: { hosts: 50, ppsPerHost: 200 },
        attacks: [
          {
            vector: 'udp',
            target: dst,
            pps: LIMIT * 2,
            startMs: 500,
            durationMs: 3000,
            spoofed: true,
            sources: 50,
          },
        ],
        onAttackStart: (_i, at) => {
          sent = at;
        },
      });
      const frame = await sse.stream.next({
        timeoutMs: 15_000,
        filter: (f) =>
          f.event === 'attack.started' && dataOf<{ data: { target?: string } }>(f).data.target === dst,
      });
      const seen = Date.now();
      await sim;
      if (!frame || !sent) throw new Error(`no detection for ${dst}`);
      out.push(seen - sent);
      say(`  flood to ${dst}: detected after ${seen - sent} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // the attack ends before the next
    }
  } finally {
    sse.stream.close();
  }
  return out;
}

/** The load-generator child: hammers the given URLs until killed. */
async function loadWorker() {
  const urls = String(args.options.urls ?? '').split(',');
  for (const u of urls) loopbackOnly(u);
  for (;;) await cannon(urls, loadConnections, 30);
}

async function main(): Promise<number> {
  const dir = tempDir('swimmy-bench-status-');
  const procs: Proc[] = [];
  const cleanup = async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    dir.remove();
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    const netflowPort = await freeUdpPort();
    // The collector resolves its org when it starts: make the org and the page first, then
    // restart on the same data directory with every role (the session stays valid).
    say('starting swimmy (serve, work; PGlite) to set up the org and its status page');
    const first = await startServer({
      env: { SWIMMY_DATA_DIR: dir.path, SWIMMY_ROLES: 'serve,work' },
      onSpawn: (p) => procs.push(p),
      timeoutMs: 120_000,
    });
    loopbackOnly(first.url);
    const { auth, orgId } = await setupOverHttp(first.url);
    await seedPage(first.url, auth, orgId);
    await first.proc.stop('SIGTERM', 10_000);
    procs.splice(procs.indexOf(first.proc), 1);
    say('restarting swimmy with the serve, work and collect roles');
    const server = await startServer({
      env: {
        SWIMMY_DATA_DIR: dir.path,
        SWIMMY_ROLES: 'serve,work,collect',
        SWIMMY_COLLECTOR_ADDRESS: '127.0.0.1',
        SWIMMY_NETFLOW_PORT: String(netflowPort),
        SWIMMY_SFLOW_PORT: String(await freeUdpPort()),
        SWIMMY_COLLECTOR_WORKERS: '1',
        SWIMMY_COLLECTOR_ORG: 'acme',
        SWIMMY_DETECTION: JSON.stringify({
          networks: ['198.51.100.0/22'],
          quietPeriodS: 1,
          thresholds: {
            total: { pps: LIMIT, bps: 0 },
            amplification: { pps: 0 },
            tcp_syn: { pps: 0 },
            icmp: { pps: 0 },
            fragments: { pps: 0 },
          },
        }),
      },
      onSpawn: (p) => procs.push(p),
      timeoutMs: 120_000,
    });
    loopbackOnly(server.url);
    const summaryPath = '/status/acme/api/v2/summary.json';
    const probe = await http(server.url, summaryPath);
    const html = await http(server.url, '/status/acme');
    if (probe.status !== 200 || html.status !== 200 || !html.text.includes('Update #7'))
      throw new Error(`the public page is not served: ${probe.status} / ${html.status}`);
    const contentType = probe.headers.get('content-type') ?? 'application/json; charset=utf-8';
    const bare = spawnNode([join(ROOT, 'bench/bare-server.ts')], {
      env: { BARE_BODY_BASE64: Buffer.from(probe.text).toString('base64'), BARE_CONTENT_TYPE: contentType },
    });
    procs.push(bare);
    const bareUrl = (await bare.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/, 10_000))[1]!;
    if ((await http(bareUrl, summaryPath)).text !== probe.text)
      throw new Error('the bare server does not answer the same bytes');

    const summary = target('summary.json', `${server.url}${summaryPath}`);
    const page = target('HTML page', `${server.url}/status/acme`);
    const ref = target('bare node:http', `${bareUrl}${summaryPath}`);
    // As in an incident: the collector ingests a flood (2× the limit, to its own target) while
    // the public page is hammered; the bare reference is measured under the same flood.
    const flood = new AbortController();
    const flooding = runSimulation({
      host: '127.0.0.1',
      port: netflowPort,
      protocol: 'v5',
      durationMs: 3_600_000,
      seed: 99,
      background: { hosts: 50, ppsPerHost: 200 },
      attacks: [
        {
          vector: 'udp',
          target: '198.51.101.200',
          pps: LIMIT * 2,
          startMs: 0,
          durationMs: 3_600_000,
          spoofed: true,
          sources: 50,
        },
      ],
      signal: flood.signal,
    }).catch(() => null);
    try {
      await measureAll([summary, page, ref]);
    } finally {
      flood.abort();
      await flooding;
    }
    await new Promise((resolve) => setTimeout(resolve, 2500)); // that attack ends before the delay runs

    say(`detection delay, idle (${runs} floods at 2× ${LIMIT} pps)`);
    const idle = await detectionDelays(server.url, auth, netflowPort, 10);
    say(`detection delay, with ${loadConnections} connections hammering the public page and JSON`);
    const load = spawnNode([
      join(ROOT, 'bench/status.ts'),
      '--load-worker',
      '--urls',
      `${summary.url},${page.url}`,
      '--load-connections',
      String(loadConnections),
    ]);
    procs.push(load);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the load is on before the first flood
    const loaded = await detectionDelays(server.url, auth, netflowPort, 40);
    await load.stop('SIGTERM', 5000);

    const fig = (t: Target) => ({
      rps: round(t.requests / t.seconds, 1),
      p50: round(percentile(t.latencies, 50), 3),
      p99: round(percentile(t.latencies, 99), 3),
    });
    const s = fig(summary);
    const h = fig(page);
    const b = fig(ref);
    const result = {
      duration_s: duration,
      connections,
      rounds,
      summary_rps: s.rps,
      summary_p50_ms: s.p50,
      summary_p99_ms: s.p99,
      html_rps: h.rps,
      html_p50_ms: h.p50,
      html_p99_ms: h.p99,
      bare_rps: b.rps,
      bare_p50_ms: b.p50,
      bare_p99_ms: b.p99,
      ratio: b.rps > 0 ? round(s.rps / b.rps, 3) : 0,
      html_ratio: b.rps > 0 ? round(h.rps / b.rps, 3) : 0,
      summary_bytes: Buffer.byteLength(probe.text),
      html_bytes: Buffer.byteLength(html.text),
      detect_delay_ms_idle: round(percentile(idle, 50), 0),
      detect_delay_ms_loaded: round(percentile(loaded, 50), 0),
      detect_delay_ms_idle_runs: idle,
      detect_delay_ms_loaded_runs: loaded,
      errors: summary.bad + page.bad + ref.bad,
    };
    printResult(
      `bench:status (${connections} connections, ${duration} s each; detection ${runs} floods)`,
      result,
      args.json,
    );
    return result.errors > 0 ? 1 : 0;
  } finally {
    await cleanup();
  }
}

if (args.options['load-worker'] === true) {
  await loadWorker();
} else {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`bench:status failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
