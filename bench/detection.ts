// Detection benchmark. Figures:
// - detect_delay_ms: from the first attack datagram the simulator sends to the `attack.started`
//   event on the bus, for UDP, SYN and ICMP floods at 1.25×, 2×, 10× and 50× the limit, over
//   NetFlow v5, IPFIX and sFlow (1-in-100) — median over --runs (default 3) and the worst run;
//   the same limit as FastNetMon's default (20 000 pps total, nothing per protocol);
// - v5_records_per_s_one_worker: decode + count in one thread, no sockets (median of 5 s);
// - collector_records_per_s_one_worker / max_lossless_records_per_s: NetFlow v5 offered over
//   loopback at rising rates to a collector with one worker; received vs sent records;
// - bytes_per_active_host: detector state per host (and as allocated at 100k hosts).
// Each detection figure is { <peer>: ms | null }: Swimmy now; a FastNetMon column plugs in as
// another `Peer` (same streams, same limit) without changing the table or the JSON shape.
// `--json` prints one JSON object; `--runs N`; `--skip-delays`, `--skip-throughput`.

import { startCollectRole } from '../src/detection/collect-role.ts';
import { Detector } from '../src/detection/engine/detector.ts';
import { resolveSettings } from '../src/detection/engine/settings.ts';
import { batchOf, settingsFrom } from '../src/detection/engine/testing.ts';
import { TickCounter } from '../src/detection/engine/tick-counter.ts';
import { startCollector } from '../src/flows/collector/collector.ts';
import { decodeNetflow5, FlowBatch, FlowDecoderState } from '../src/flows/index.ts';
import type { SimProtocol } from '../src/flows/simulator/exporters.ts';
import { replayNetflow5 } from '../src/flows/simulator/replay.ts';
import { runSimulation } from '../src/flows/simulator/run.ts';
import type { AttackVector } from '../src/flows/simulator/traffic.ts';
import { encodeNetflow5 } from '../src/flows/testing/encode.ts';
import { createAudit } from '../src/platform/audit.ts';
import { createMemoryBus } from '../src/platform/bus/memory.ts';
import { loadConfig } from '../src/platform/config/load.ts';
import type { Config } from '../src/platform/config/schema.ts';
import { createMetrics } from '../src/platform/http/metrics.ts';
import { createJobs } from '../src/platform/jobs/queue.ts';
import { createLogger } from '../src/platform/log.ts';
import type { Platform } from '../src/platform/platform.ts';
import { numberOption, openBenchDb, parseArgs, percentile, printResult, round } from './lib.ts';

const LIMIT = 20_000;
const MULTIPLES = [1.25, 2, 10, 50];
const VECTORS: Array<[string, AttackVector]> = [
  ['udp', 'udp'],
  ['syn', 'syn'],
  ['icmp', 'icmp'],
];
const PROTOCOLS: Array<[string, SimProtocol]> = [
  ['v5', 'v5'],
  ['ipfix', 'ipfix'],
  ['sflow', 'sflow'],
];

/** A system under test: where to send flows, and when it reported an attack on a target. */
interface Peer {
  name: string;
  start(): Promise<{
    netflowPort: number;
    sflowPort: number;
    detections: Map<string, number>;
    stop(): Promise<void>;
  }>;
}

const swimmy: Peer = {
  name: 'swimmy',
  async start() {
    const config = loadConfig({
      env: {},
      overrides: {
        logLevel: 'silent',
        collectorAddress: '127.0.0.1',
        netflowPort: 0,
        sflowPort: 0,
        detection: {
          networks: ['198.51.100.0/22'],
          quietPeriodS: 1,
          thresholds: {
            total: { pps: LIMIT, bps: 0 },
            amplification: { pps: 0 },
            tcp_syn: { pps: 0 },
            icmp: { pps: 0 },
            fragments: { pps: 0 },
          },
        } as Config['detection'],
      },
    });
    const { db, close } = await openBenchDb('pglite');
    await db.execute(`insert into orgs (handle, name) values ('bench', 'Bench')`);
    const log = createLogger('silent');
    const metrics = createMetrics();
    const bus = createMemoryBus();
    const jobs = createJobs(db, { concurrency: 1, pollMs: 1000, log, metrics });
    const platform: Platform = { config, log, db, bus, jobs, audit: createAudit(db), metrics };
    const role = await startCollectRole(platform);
    const detections = new Map<string, number>();
    bus.subscribe((e) => {
      const target = (e.data as { target?: string }).target;
      if (e.type === 'attack.started' && target && !detections.has(target))
        detections.set(target, Date.now());
    });
    return {
      netflowPort: role.collector.netflowPort,
      sflowPort: role.collector.sflowPort,
      detections,
      async stop() {
        await role.close();
        await bus.close();
        await close();
      },
    };
  },
};

/** One run: the four multiples of one vector at once, each on its own target. */
async function delayRun(
  peer: Awaited<ReturnType<Peer['start']>>,
  protocol: SimProtocol,
  vector: AttackVector,
  run: number,
) {
  const targets = MULTIPLES.map(
    (_, i) => `198.51.10${1 + (run % 3)}.${10 + i + 10 * VECTORS.findIndex(([, v]) => v === vector)}`,
  );
  for (const t of targets) peer.detections.delete(t);
  const firsts: number[] = [];
  await runSimulation({
    host: '127.0.0.1',
    port: protocol === 'sflow' ? peer.sflowPort : peer.netflowPort,
    protocol,
    sampling: protocol === 'sflow' ? 100 : 1,
    durationMs: 3600,
    seed: run + 1,
    background: { hosts: 50, ppsPerHost: 200 },
    attacks: MULTIPLES.map((m, i) => ({
      vector,
      target: targets[i]!,
      pps: LIMIT * m,
      startMs: 1000,
      durationMs: 2600,
      spoofed: vector !== 'icmp',
      sources: 50,
    })),
    onAttackStart: (i, at) => {
      firsts[i] = at;
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the attacks end before the next run
  return MULTIPLES.map((_, i) => {
    const seen = peer.detections.get(targets[i]!);
    return seen === undefined || firsts[i] === undefined ? null : seen - firsts[i]!;
  });
}

async function delays(runs: number, log: (line: string) => void) {
  const result: Record<string, Record<string, number | null>> = {};
  const worst: Record<string, number | null> = {};
  for (const peer of [swimmy]) {
    for (const [pName, protocol] of PROTOCOLS) {
      const running = await peer.start();
      for (const [vName, vector] of VECTORS) {
        const samples: Array<Array<number | null>> = [];
        for (let r = 0; r < runs; r++) samples.push(await delayRun(running, protocol, vector, r));
        MULTIPLES.forEach((m, i) => {
          const key = `${vName}_${pName}_${m}x`;
          const got = samples.map((s) => s[i]).filter((x): x is number => x !== null);
          // A run that missed the attack makes the figure "not detected".
          const value = got.length === runs ? round(percentile(got, 50), 0) : null;
          result[key] = { ...result[key], [peer.name]: value };
          worst[key] = got.length === runs ? Math.max(...got) : null;
          log(
            `  ${key.padEnd(18)} ${peer.name} median ${value ?? 'not detected'} ms, worst ${worst[key] ?? '—'} ms`,
          );
        });
      }
      await running.stop();
    }
  }
  for (const key of Object.keys(result)) result[key]!.fastnetmon ??= null; // peer added next
  return { result, worst };
}

/** Decode + count of NetFlow v5 in this thread: the per-worker ceiling, without sockets. */
function inThreadRate(datagrams: Uint8Array[]): number {
  const settings = settingsFrom({ networks: ['10.0.0.0/8'] });
  const counter = new TickCounter(settings);
  const state = new FlowDecoderState();
  const batch = new FlowBatch(64);
  const rates: number[] = [];
  for (let round = 0; round < 6; round++) {
    let records = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) {
      for (const d of datagrams) {
        batch.reset();
        decodeNetflow5(d, 'bench', batch, state);
        counter.add(batch, Date.now());
        records += batch.length;
      }
      counter.flush();
    }
    if (round > 0) rates.push(records / ((performance.now() - start) / 1000));
  }
  return percentile(rates, 50);
}

function v5Datagrams(count: number): Uint8Array[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, d) =>
    encodeNetflow5(
      Array.from({ length: 30 }, (_, r) => {
        const host = (d * 30 + r) % 65536;
        return {
          src: `203.0.113.${r + 1}`,
          dst: `10.1.${host >> 8}.${host & 255}`,
          srcPort: 443,
          dstPort: 40000 + r,
          protocol: 6,
          tcpFlags: 0x18,
          packets: 10,
          bytes: 12000,
          startMs: now - 100,
          endMs: now,
        };
      }),
      { unixMs: now },
    ),
  );
}

async function throughput(log: (line: string) => void) {
  const datagrams = v5Datagrams(2048);
  const inThread = inThreadRate(datagrams);
  log(`  decode + count in one thread: ${Math.round(inThread).toLocaleString()} records/s`);
  const collector = await startCollector({
    address: '127.0.0.1',
    netflowPort: 0,
    sflowPort: 0,
    workers: 1,
    recvBufferBytes: 32 << 20,
    settings: resolveSettings(
      loadConfig({ env: {}, overrides: { detection: { networks: ['10.0.0.0/8'] } as Config['detection'] } })
        .detection,
    ),
    log: createLogger('silent'),
    onEvents: () => {},
    statsIntervalMs: 200,
  });
  const received = () => collector.exporters().reduce((n, e) => n + e.stats.records, 0);
  let maxLossless = 0;
  let best = 0;
  for (const rate of [100_000, 250_000, 500_000, 750_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000]) {
    const before = received();
    const sent = await replayNetflow5({
      host: '127.0.0.1',
      port: collector.netflowPort,
      recordsPerSecond: rate,
      seconds: 2,
      datagrams,
      recordsPerDatagram: 30,
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const got = received() - before;
    const loss = 1 - got / sent.records;
    best = Math.max(best, got / sent.seconds);
    log(
      `  offered ${Math.round(sent.records / sent.seconds).toLocaleString()} records/s: received ${got.toLocaleString()} of ${sent.records.toLocaleString()} (loss ${(loss * 100).toFixed(3)}%)`,
    );
    if (got >= sent.records) maxLossless = Math.max(maxLossless, sent.records / sent.seconds);
    else if (loss > 0.05) break;
  }
  await collector.close();
  return { inThread, best, maxLossless, recvBufferBytes: collector.recvBufferBytes };
}

function memory() {
  const settings = settingsFrom({ networks: ['10.0.0.0/8'] });
  const counter = new TickCounter(settings, 0, 1_700_000_000_000);
  const detector = new Detector(settings, { workers: 1, now: () => 1_700_000_000_250 });
  const hosts = 100_000;
  counter.add(
    batchOf(
      Array.from({ length: hosts }, (_, i) => ({
        dst: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
        packets: 1,
      })),
    ),
    1_700_000_000_000,
  );
  const tickTableBytes = counter.bytes;
  detector.ingest(counter.flush(1_700_000_000_250));
  const s = detector.stats();
  return {
    perHost: s.bytesPerEntity,
    allocatedPerHost: s.bytes / s.entities,
    tickTablePerHost: tickTableBytes / hosts,
  };
}

async function main() {
  const args = parseArgs();
  const runs = numberOption(args, 'runs', 3);
  const log = (line: string) => {
    if (!args.json) process.stdout.write(`${line}\n`);
  };
  const out: Record<string, unknown> = {};
  log(`Detection delays (limit ${LIMIT} pps total; sFlow 1-in-100; ${runs} run(s) each)`);
  if (args.options['skip-delays'] !== true) {
    const { result, worst } = await delays(runs, log);
    out.detect_delay_ms = result;
    out.detect_delay_worst_ms = worst;
  }
  if (args.options['skip-throughput'] !== true) {
    log('Throughput (NetFlow v5, one collector worker)');
    const t = await throughput(log);
    out.v5_records_per_s_one_worker = Math.round(t.inThread);
    out.collector_records_per_s_one_worker = Math.round(t.best);
    out.max_lossless_records_per_s = Math.round(t.maxLossless);
    out.recv_buffer_bytes = t.recvBufferBytes;
  }
  const m = memory();
  // Allocated bytes (columns + hash slots + growth slack) per host at 100k hosts; the columns alone too.
  out.bytes_per_active_host = Math.round(m.allocatedPerHost);
  out.bytes_per_active_host_columns = m.perHost;
  out.worker_tick_table_bytes_per_host = round(m.tickTablePerHost, 1);
  out.fastnetmon_max_lossless_records_per_s = null;
  out.fastnetmon = 'not run: the FastNetMon peer column is added in a later session';
  const scalars = Object.fromEntries(Object.entries(out).filter(([, v]) => typeof v !== 'object'));
  printResult('Detection benchmark', args.json ? out : scalars, args.json);
}

await main();
