// Detection delay, every peer side by side on the same stream: one simulated exporter per flow
// protocol sends each datagram to every peer at once (Swimmy's port and FastNetMon's), with UDP,
// SYN and ICMP floods at 1.25×, 2×, 10× and 50× the limit all running together, each on its own
// target, over background traffic. The delay is from the moment the simulator sent an attack's
// first datagram to each peer's detection event for that target; null = not detected before the
// attack ended. Targets are never reused, so FastNetMon's ban time cannot hide a detection.

import type { SimProtocol } from '../../src/flows/simulator/exporters.ts';
import type { AttackVector } from '../../src/flows/simulator/traffic.ts';
import { percentile, round } from '../lib.ts';
import { socketDrops } from '../peers/socket-drops.ts';
import type { Peer, RunningPeer } from '../peers/types.ts';
import { simulateInThread } from './simulate-thread.ts';

export const LIMIT_PPS = 20_000;
export const MULTIPLES = [1.25, 2, 10, 50];
export const VECTORS: AttackVector[] = ['udp', 'syn', 'icmp'];
export const PROTOCOLS: Array<[string, SimProtocol]> = [
  ['v5', 'v5'],
  ['ipfix', 'ipfix'],
  ['sflow', 'sflow'],
];
/** Background hosts live in 198.51.100.0/24; targets from 198.51.101.10 on. */
export const NETWORK = '198.51.100.0/22';
const SFLOW_SAMPLING = 100;

export interface DelayOptions {
  runs: number;
  /** How long each flood lasts: the window a detection must fall in. */
  attackMs: number;
  log: (line: string) => void;
}

export type PeerFigures = Record<string, number | null>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const target = (n: number) => `198.51.${101 + Math.floor(n / 200)}.${10 + (n % 200)}`;
const keyOf = (v: number, protocol: string, m: number) => `${VECTORS[v]}_${protocol}_${MULTIPLES[m]}x`;

async function oneRun(
  peers: Array<[string, RunningPeer]>,
  protocol: SimProtocol,
  run: number,
  o: DelayOptions,
): Promise<Map<string, Map<string, number | null>>> {
  const attacks = VECTORS.flatMap((vector, v) =>
    MULTIPLES.map((m, i) => ({
      vector,
      target: target(run * VECTORS.length * MULTIPLES.length + v * MULTIPLES.length + i),
      pps: LIMIT_PPS * m,
      startMs: 1000,
      durationMs: o.attackMs,
      spoofed: vector !== 'icmp',
      sources: 50,
    })),
  );
  const port = (p: RunningPeer) => (protocol === 'sflow' ? p.sflowPort : p.netflowPort);
  const dropsBefore = peers.map(([, p]) => socketDrops(port(p))?.drops ?? 0);
  const result = await simulateInThread({
    host: '127.0.0.1',
    port: port(peers[0]![1]),
    mirrorPorts: peers.slice(1).map(([, p]) => port(p)),
    protocol,
    sampling: protocol === 'sflow' ? SFLOW_SAMPLING : 1,
    durationMs: 1000 + o.attackMs,
    seed: run + 1,
    background: { hosts: 50, ppsPerHost: 200 },
    attacks,
    // Datagrams every 10 ms, each flood as up to 10 records per interval (a router's summary of
    // many packets): bursts small enough that no peer's socket buffer overflows (FastNetMon keeps
    // the kernel's default of ~200 KB; 100 ms bursts of sFlow samples overflowed it).
    intervalMs: 10,
    maxRecordsPerInterval: 10,
  });
  await sleep(300); // detections of the last datagrams reach the bus / the notify script
  peers.forEach(([name, p], i) => {
    const drops = (socketDrops(port(p))?.drops ?? 0) - dropsBefore[i]!;
    if (drops > 0)
      o.log(`  (${name}: the kernel dropped ${drops} datagrams at its ${protocol} socket in run ${run + 1})`);
  });
  const out = new Map<string, Map<string, number | null>>();
  attacks.forEach((a, i) => {
    const first = result.attackFirstDatagramMs[i];
    const key = keyOf(Math.floor(i / MULTIPLES.length), '', i % MULTIPLES.length);
    const perPeer = new Map<string, number | null>();
    for (const [column, seenAt] of columns(peers)) {
      const seen = seenAt.get(a.target);
      perPeer.set(column, seen === undefined || first == null ? null : seen - first);
    }
    out.set(key, perPeer);
  });
  return out;
}

/** A column per peer's detection event, plus `<peer>_detector` where it tells its decision time. */
function columns(peers: Array<[string, RunningPeer]>): Array<[string, Map<string, number>]> {
  return peers.flatMap(
    ([name, p]): Array<[string, Map<string, number>]> =>
      p.decisions
        ? [
            [name, p.detections],
            [`${name}_detector`, p.decisions],
          ]
        : [[name, p.detections]],
  );
}

/** Median and worst delay per key and column (null when any run missed the attack). */
export async function measureDelays(
  peers: Peer[],
  o: DelayOptions,
): Promise<{ median: Record<string, PeerFigures>; worst: Record<string, PeerFigures> }> {
  const median: Record<string, PeerFigures> = {};
  const worst: Record<string, PeerFigures> = {};
  for (const [pName, protocol] of PROTOCOLS) {
    const running: Array<[string, RunningPeer]> = [];
    try {
      for (const peer of peers)
        running.push([peer.name, await peer.start({ pps: LIMIT_PPS, network: NETWORK })]);
      const samples: Array<Map<string, Map<string, number | null>>> = [];
      for (let r = 0; r < o.runs; r++) {
        samples.push(await oneRun(running, protocol, r, o));
        await sleep(1500); // floods end (Swimmy's quiet period) before the next run
      }
      for (let v = 0; v < VECTORS.length; v++) {
        for (let m = 0; m < MULTIPLES.length; m++) {
          const key = keyOf(v, pName, m);
          median[key] = {};
          worst[key] = {};
          const names = columns(running).map(([column]) => column);
          for (const column of names) {
            const got = samples.map((s) => s.get(keyOf(v, '', m))!.get(column) ?? null);
            const hits = got.filter((x): x is number => x !== null);
            median[key][column] = hits.length === got.length ? round(percentile(hits, 50), 0) : null;
            worst[key][column] = hits.length === got.length ? Math.max(...hits) : null;
          }
          o.log(
            `  ${key.padEnd(18)} ${names.map((c) => `${c} ${median[key]![c] ?? '—'} ms (worst ${worst[key]![c] ?? '—'})`).join('   ')}`,
          );
        }
      }
    } finally {
      for (const [, p] of running) await p.stop();
    }
  }
  return { median, worst };
}
