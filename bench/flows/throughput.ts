// Throughput. In one thread: decode + count (the collector worker's per-record work, no sockets)
// for each protocol — the ceiling of one worker. Over loopback: NetFlow v5 offered by a sender
// thread at rising rates to each peer; a rate is loss-free when the kernel dropped nothing on the
// peer's sockets (/proc/net/udp) and the peer counted every record sent.

import { settingsFrom } from '../../src/detection/engine/testing.ts';
import { TickCounter } from '../../src/detection/engine/tick-counter.ts';
import { decodeFlowDatagram, FlowBatch, FlowDecoderState } from '../../src/flows/index.ts';
import { encodeNetflow5 } from '../../src/flows/testing/encode.ts';
import { percentile } from '../lib.ts';
import { socketDrops } from '../peers/socket-drops.ts';
import type { Peer, RunningPeer } from '../peers/types.ts';
import { sendNetflow5 } from './sender.ts';

/** Hosts of the throughput streams: 65,536 of them, in a /16 (FastNetMon allocates per address). */
export const THROUGHPUT_NETWORK = '10.1.0.0/16';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records per second of decode + count in this thread, median of `seconds` one-second rounds. */
export function inThreadRate(
  datagrams: readonly Uint8Array[],
  seconds: number,
  prime: Uint8Array[] = [],
): number {
  const counter = new TickCounter(settingsFrom({ networks: [THROUGHPUT_NETWORK] }));
  const state = new FlowDecoderState();
  const batch = new FlowBatch(64);
  const buffers = datagrams.map((d) => Buffer.from(d));
  for (const p of prime) decodeFlowDatagram(Buffer.from(p), 'bench', batch, state);
  const rates: number[] = [];
  for (let round = 0; round <= seconds; round++) {
    let records = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) {
      for (const d of buffers) {
        batch.reset();
        decodeFlowDatagram(d, 'bench', batch, state);
        counter.add(batch, Date.now());
        records += batch.length;
      }
      counter.flush(); // a tick boundary per pass, as the worker flushes every 250 ms
    }
    if (round > 0) rates.push(records / ((performance.now() - start) / 1000)); // round 0 warms up
  }
  return percentile(rates, 50);
}

/** `count` NetFlow v5 datagrams of 30 records each, to hosts spread over THROUGHPUT_NETWORK. */
export function v5Datagrams(count: number): Uint8Array[] {
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

export interface LadderStep {
  offered: number;
  sent: number;
  received: number | null;
  kernelDrops: number | null;
  lossless: boolean;
}

/**
 * Offers rising rates to every peer, interleaved (each rate to one peer, then the next) so that
 * the noise of a shared machine hits them alike; per peer the highest loss-free rate and every
 * step. A peer drops out after two lossy rates in a row.
 */
export async function losslessLadder(
  peers: readonly Peer[],
  rates: readonly number[],
  seconds: number,
  log: (line: string) => void,
  workers = 0,
): Promise<Record<string, { maxLossless: number; steps: LadderStep[] }>> {
  const datagrams = v5Datagrams(2048);
  const out: Record<string, { maxLossless: number; steps: LadderStep[] }> = {};
  const running: Array<[Peer, RunningPeer, { failures: number }]> = [];
  try {
    for (const peer of peers) {
      out[peer.name] = { maxLossless: 0, steps: [] };
      running.push([
        peer,
        await peer.start({ pps: 20_000, network: THROUGHPUT_NETWORK, workers }),
        { failures: 0 },
      ]);
    }
    for (const rate of rates) {
      for (const [peer, p, state] of running) {
        if (state.failures >= 2) continue;
        const step = await offer(p, rate, seconds, datagrams);
        out[peer.name]!.steps.push(step);
        log(
          `  ${peer.name.padEnd(10)} offered ${step.offered.toLocaleString().padStart(10)} records/s: kernel drops ${step.kernelDrops ?? '?'} datagrams, counted ${step.received?.toLocaleString() ?? '?'} of ${step.sent.toLocaleString()}${step.lossless ? '' : '  LOSS'}`,
        );
        if (step.lossless) {
          out[peer.name]!.maxLossless = Math.max(out[peer.name]!.maxLossless, step.offered);
          state.failures = 0;
        } else state.failures++;
      }
    }
  } finally {
    for (const [, p] of running) await p.stop();
  }
  return out;
}

/** One rate to one peer: kernel drops on its socket and records it counted, before and after. */
async function offer(
  p: RunningPeer,
  rate: number,
  seconds: number,
  datagrams: Uint8Array[],
): Promise<LadderStep> {
  const dropsBefore = socketDrops(p.netflowPort)?.drops ?? null;
  const receivedBefore = await p.receivedRecords();
  const sent = await sendNetflow5({
    port: p.netflowPort,
    recordsPerSecond: rate,
    seconds,
    datagrams,
    recordsPerDatagram: 30,
  });
  await sleep(1500); // queued datagrams are read and the peer's counters catch up
  const dropsAfter = socketDrops(p.netflowPort)?.drops ?? null;
  const receivedAfter = await p.receivedRecords();
  const kernelDrops = dropsBefore === null || dropsAfter === null ? null : dropsAfter - dropsBefore;
  const received = receivedBefore === null || receivedAfter === null ? null : receivedAfter - receivedBefore;
  return {
    offered: Math.round(sent.records / sent.seconds),
    sent: sent.records,
    received,
    kernelDrops,
    lossless: kernelDrops === 0 && (received === null || received >= sent.records),
  };
}
