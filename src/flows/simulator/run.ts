// Runs a simulation: every `intervalMs` it asks the traffic model for the flows of the interval
// just passed, encodes them as the chosen exporter would and sends them — to a loopback
// collector only. It reports when each attack's first datagram left, which is what detection
// delays are measured from.

import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { SimExporter, type SimProtocol } from './exporters.ts';
import { type AttackSpec, type BackgroundSpec, prng, TrafficModel } from './traffic.ts';

export class NotLoopbackError extends Error {}

/** Only 127.0.0.0/8, ::1 and localhost: the simulator never sends anywhere else. */
export function assertLoopback(host: string): string {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return '127.0.0.1';
  if ((isIP(h) === 4 && h.startsWith('127.')) || h === '::1') return h;
  throw new NotLoopbackError(
    `refusing to send to ${host}: the simulator only sends to loopback (127.0.0.0/8, ::1)`,
  );
}

export interface SimulationOptions {
  host: string;
  port: number;
  /** The same datagrams also go to these ports (side-by-side benchmarks). */
  mirrorPorts?: number[];
  protocol: SimProtocol;
  durationMs: number;
  intervalMs?: number;
  sampling?: number;
  background: BackgroundSpec;
  attacks: AttackSpec[];
  seed?: number;
  maxRecordsPerInterval?: number;
  /** Called about once a second. */
  onProgress?: (p: SimulationProgress) => void;
  /** Called as each attack's first datagram is sent. */
  onAttackStart?: (attack: number, atMs: number) => void;
  signal?: AbortSignal;
}

export interface SimulationProgress {
  elapsedMs: number;
  datagrams: number;
  records: number;
  bytes: number;
  activeAttacks: number;
}

export interface SimulationResult extends SimulationProgress {
  /** Epoch ms of each attack's first datagram (null when it never started). */
  attackFirstDatagramMs: Array<number | null>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const host = assertLoopback(o.host);
  const intervalMs = o.intervalMs ?? 100;
  const random = prng((o.seed ?? 1) + 7);
  const model = new TrafficModel(o.background, o.attacks, o.seed ?? 1, o.maxRecordsPerInterval ?? 1000);
  const exporter = new SimExporter(o.protocol, { sampling: o.sampling ?? 1, random });
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const firsts: Array<number | null> = o.attacks.map(() => null);
  const progress: SimulationProgress = { elapsedMs: 0, datagrams: 0, records: 0, bytes: 0, activeAttacks: 0 };
  const start = Date.now();
  let lastReport = start;
  let lastSent: Promise<unknown> = Promise.resolve();
  try {
    for (let from = start; from - start < o.durationMs && !o.signal?.aborted; from += intervalMs) {
      await sleep(from + intervalMs - Date.now());
      const now = Date.now();
      const flows = model.interval(start, from, from + intervalMs);
      const datagrams = exporter.encode(flows, now);
      const attacksHere = new Set(flows.filter((f) => f.attack >= 0).map((f) => f.attack));
      for (const a of attacksHere) {
        if (firsts[a] === null) {
          firsts[a] = Date.now();
          o.onAttackStart?.(a, firsts[a]);
        }
      }
      for (const d of datagrams) {
        for (const port of o.mirrorPorts ?? []) socket.send(d, port, host);
        lastSent = new Promise((resolve) => socket.send(d, o.port, host, resolve));
        progress.bytes += d.length;
      }
      progress.datagrams += datagrams.length;
      progress.records += flows.length;
      progress.activeAttacks = attacksHere.size;
      progress.elapsedMs = now - start;
      if (now - lastReport >= 1000) {
        lastReport = now;
        o.onProgress?.({ ...progress });
      }
    }
    await lastSent; // the last datagrams leave before the socket closes
  } finally {
    socket.close();
  }
  return { ...progress, elapsedMs: Date.now() - start, attackFirstDatagramMs: firsts };
}
