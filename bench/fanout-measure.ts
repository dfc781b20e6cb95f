// Phases and figures for bench/fanout.ts: sending posts on a schedule, waiting for the
// deliveries, and turning (post, client, time) triples into latency, lost and leaked.
import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { percentile, round } from './lib.ts';

export const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CPU time a process has used so far (all its threads), ms: user + system from /proc. What the
 * server spends per post is steadier than latency on a machine shared with other work.
 */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** One post (or reference broadcast) sent: when, and which clients may receive it. */
export interface Sent {
  t0: number;
  /** When the server answered (accepted the post). */
  t1: number;
  ok: boolean;
  entitled: (client: number) => boolean;
}

export type Send = (n: number) => Promise<Sent>;

/** Asks the client worker something and waits for its answer. */
export function ask<T>(worker: Worker, op: string, extra: object = {}): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: { op: string }) => {
      if (m.op !== (op === 'connect' ? 'connected' : op === 'close' ? 'closed' : op)) return;
      worker.off('message', onMessage);
      resolve(m as T);
    };
    worker.on('message', onMessage);
    worker.postMessage({ op, ...extra });
  });
}

/** Open loop: post n is sent at start + n/rate whatever happened to the ones before. */
export async function atRate(first: number, count: number, rate: number, send: Send) {
  const sent = new Map<number, Sent>();
  const start = now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const n = first + i;
    inflight.push(send(n).then((s) => void sent.set(n, s)));
  }
  await Promise.all(inflight);
  return sent;
}

/** Closed loop: `concurrency` posters, each sending its next post once the last was accepted. */
export async function asFastAsPossible(first: number, count: number, concurrency: number, send: Send) {
  const sent = new Map<number, Sent>();
  let next = first;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < first + count) {
      const n = next++;
      sent.set(n, await send(n));
    }
  });
  await Promise.all(lanes);
  return sent;
}

/** Waits until the worker holds `expected` deliveries (or `timeoutMs`), then a little longer for strays. */
export async function collect(worker: Worker, expected: number, timeoutMs: number): Promise<Float64Array> {
  const deadline = now() + timeoutMs;
  while (now() < deadline) {
    const { count } = await ask<{ count: number }>(worker, 'count');
    if (count >= expected) break;
    await sleep(50);
  }
  await sleep(300);
  return (await ask<{ deliveries: Float64Array }>(worker, 'results')).deliveries;
}

export const expectedDeliveries = (sent: Map<number, Sent>, clients: number) => {
  let total = 0;
  for (const s of sent.values()) for (let c = 0; c < clients; c++) if (s.entitled(c)) total++;
  return total;
};

export interface Figures {
  posts: number;
  errors: number;
  deliveries: number;
  expected: number;
  lost: number;
  leaked: number;
  duplicated: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  accept_p50_ms: number;
  /** Posts over the time from the first send to the last delivery. */
  posts_per_s: number;
}

/** Latency of every entitled delivery from the moment its post was sent. */
export function analyse(sent: Map<number, Sent>, deliveries: Float64Array, clients: number): Figures {
  const latencies: number[] = [];
  const seen = new Set<number>();
  let leaked = 0;
  let duplicated = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let max = Number.NaN;
  for (const s of sent.values()) first = Math.min(first, s.t0);
  for (let i = 0; i < deliveries.length; i += 3) {
    const n = deliveries[i]!;
    const client = deliveries[i + 1]!;
    const at = deliveries[i + 2]!;
    const s = sent.get(n);
    if (!s) continue;
    if (!s.entitled(client)) {
      leaked++;
      continue;
    }
    const key = n * clients + client;
    if (seen.has(key)) {
      duplicated++;
      continue;
    }
    seen.add(key);
    latencies.push(at - s.t0);
    max = Number.isNaN(max) ? at - s.t0 : Math.max(max, at - s.t0);
    last = Math.max(last, at);
  }
  const expected = expectedDeliveries(sent, clients);
  const accepted = [...sent.values()].filter((s) => s.ok);
  return {
    posts: sent.size,
    errors: sent.size - accepted.length,
    deliveries: seen.size,
    expected,
    lost: expected - seen.size,
    leaked,
    duplicated,
    p50_ms: round(percentile(latencies, 50), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    max_ms: round(max, 2),
    accept_p50_ms: round(
      percentile(
        accepted.map((s) => s.t1 - s.t0),
        50,
      ),
      2,
    ),
    posts_per_s: round(last > first ? (sent.size * 1000) / (last - first) : 0, 1),
  };
}
