// Replays prepared NetFlow v5 datagrams at a fixed rate of records per second from a worker
// thread (so the sender does not share an event loop with what it measures), rewriting each
// header's flow sequence so the collector can count losses. Loopback only.

import dgram from 'node:dgram';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { assertLoopback } from './run.ts';

export interface ReplayResult {
  records: number;
  seconds: number;
}

interface ReplayJob {
  host: string;
  port: number;
  recordsPerSecond: number;
  seconds: number;
  datagrams: Uint8Array[];
  recordsPerDatagram: number;
}

export function replayNetflow5(job: ReplayJob): Promise<ReplayResult> {
  assertLoopback(job.host);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function send(job: ReplayJob): Promise<ReplayResult> {
  const host = assertLoopback(job.host);
  const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', sendBufferSize: 8 << 20 });
  const buffers = job.datagrams.map((d) => Buffer.from(d));
  let sequence = 0;
  let sent = 0;
  let i = 0;
  const start = performance.now();
  const end = start + job.seconds * 1000;
  while (performance.now() < end) {
    const due = ((performance.now() - start) / 1000) * job.recordsPerSecond;
    while (sent < due) {
      const b = buffers[i++ % buffers.length]!;
      b.writeUInt32BE(sequence >>> 0, 16);
      sequence += job.recordsPerDatagram;
      socket.send(b, job.port, host);
      sent += job.recordsPerDatagram;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - start) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.close();
  return { records: sent, seconds };
}

if (!isMainThread && (workerData as ReplayJob | undefined)?.recordsPerDatagram) {
  parentPort!.postMessage(await send(workerData as ReplayJob));
}
