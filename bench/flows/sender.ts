// The throughput benchmark's NetFlow v5 sender, in its own thread: prepared datagrams at a fixed
// rate of records per second to one loopback port, each header's flow sequence rewritten so
// losses show as sequence gaps. It sleeps between millisecond batches instead of spinning, so on
// a small machine it leaves the cores to the collector it measures (a spinning sender would take
// one whole core of two).

import dgram from 'node:dgram';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { assertLoopback } from '../../src/flows/simulator/run.ts';

export interface SendJob {
  port: number;
  recordsPerSecond: number;
  seconds: number;
  datagrams: Uint8Array[];
  recordsPerDatagram: number;
}

export interface SendResult {
  records: number;
  seconds: number;
}

export function sendNetflow5(job: SendJob): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function send(job: SendJob): Promise<SendResult> {
  const host = assertLoopback('127.0.0.1');
  const socket = dgram.createSocket({ type: 'udp4', sendBufferSize: 8 << 20 });
  await new Promise<void>((resolve) => socket.connect(job.port, host, resolve));
  const buffers = job.datagrams.map((d) => Buffer.from(d));
  let sequence = 0;
  let sent = 0;
  let i = 0;
  const start = performance.now();
  const end = start + job.seconds * 1000;
  for (let now = start; now < end; now = performance.now()) {
    const due = ((now - start) / 1000) * job.recordsPerSecond;
    while (sent < due) {
      const b = buffers[i++ % buffers.length]!;
      b.writeUInt32BE(sequence >>> 0, 16);
      sequence += job.recordsPerDatagram;
      socket.send(b);
      sent += job.recordsPerDatagram;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const seconds = (performance.now() - start) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 200)); // queued sends leave
  socket.close();
  return { records: sent, seconds };
}

if (!isMainThread && (workerData as SendJob | undefined)?.recordsPerDatagram) {
  parentPort!.postMessage(await send(workerData as SendJob));
}
