// The collector as the main thread sees it: starts the detector thread and N collector workers
// (default min(2, cores)) sharing the NetFlow/IPFIX and sFlow ports, restarts a thread that dies,
// and keeps the latest per-worker statistics. It knows nothing of the database or the bus: attack
// events go to `onEvents`, which the collect role wires to the attack service.

import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { DetectorEvent } from '../../detection/engine/attack.ts';
import type { DetectorStats } from '../../detection/engine/detector.ts';
import type { EngineSettings } from '../../detection/engine/settings.ts';
import type { Logger } from '../../platform/log.ts';
import { mergeExporters } from './exporter-merge.ts';
import type {
  CollectorWorkerData,
  CollectorWorkerMessage,
  DetectorWorkerData,
  DetectorWorkerMessage,
  ExporterSnapshot,
  ListenerSpec,
  SocketSnapshot,
} from './messages.ts';

const COLLECTOR_WORKER = new URL('./collector-worker.ts', import.meta.url);
const DETECTOR_WORKER = new URL('./detector-worker.ts', import.meta.url);
const RESTART_DELAY_MS = 1000;

export interface CollectorOptions {
  address: string;
  netflowPort: number;
  sflowPort: number;
  /** 0 = min(2, cores). */
  workers: number;
  recvBufferBytes: number;
  settings: EngineSettings;
  log: Logger;
  onEvents: (events: DetectorEvent[]) => void;
  statsIntervalMs?: number;
}

type WorkerStats = Extract<CollectorWorkerMessage, { type: 'stats' }>;

export interface Collector {
  readonly netflowPort: number;
  readonly sflowPort: number;
  readonly workers: number;
  readonly reusePort: boolean;
  /** Receive buffer the kernel granted per socket. */
  readonly recvBufferBytes: number;
  exporters(): ExporterSnapshot[];
  sockets(): SocketSnapshot[];
  detectorStats(): DetectorStats | null;
  workerStats(): WorkerStats[];
  close(): Promise<void>;
}

export class CollectorStartError extends Error {}

export async function startCollector(o: CollectorOptions): Promise<Collector> {
  const statsIntervalMs = o.statsIntervalMs ?? 1000;
  const wanted = o.workers > 0 ? o.workers : Math.min(2, availableParallelism());
  const workerStats = new Map<number, WorkerStats>();
  const collectors: Worker[] = [];
  let detector: Worker | null = null;
  let detectorStats: DetectorStats | null = null;
  let closing = false;
  let listeners: ListenerSpec[] = [
    { name: 'netflow', address: o.address, port: o.netflowPort },
    { name: 'sflow', address: o.address, port: o.sflowPort },
  ];
  let reusePort = wanted > 1;
  let count = wanted;

  const spawnCollector = (index: number, detectorPort: MessagePort) =>
    new Promise<{ worker: Worker; ready: Extract<CollectorWorkerMessage, { type: 'ready' }> }>(
      (resolve, reject) => {
        const data: CollectorWorkerData & { detectorPort: MessagePort } = {
          index,
          listeners,
          reusePort,
          recvBufferBytes: o.recvBufferBytes,
          settings: o.settings,
          statsIntervalMs,
          detectorPort,
        };
        const worker = new Worker(COLLECTOR_WORKER, { workerData: data, transferList: [detectorPort] });
        const onEarlyExit = (code: number) =>
          reject(new CollectorStartError(`collector worker ${index} exited (${code})`));
        worker.once('exit', onEarlyExit);
        worker.once('error', (err) => reject(err));
        worker.on('message', (m: CollectorWorkerMessage) => {
          if (m.type === 'ready') {
            worker.off('exit', onEarlyExit);
            resolve({ worker, ready: m });
          } else if (m.type === 'bind-failed') {
            void worker.terminate();
            reject(
              Object.assign(new CollectorStartError(`cannot listen for flows on ${m.message}`), {
                code: m.code,
              }),
            );
          } else if (m.type === 'stats') workerStats.set(m.index, m);
          else if (m.type === 'log') o.log[m.level]({ worker: index, ...m.details }, m.message);
        });
      },
    );

  const spawnDetector = (ports: MessagePort[]) => {
    const data: DetectorWorkerData & { ports: MessagePort[] } = {
      settings: o.settings,
      workers: count,
      statsIntervalMs,
      ports,
    };
    const worker = new Worker(DETECTOR_WORKER, { workerData: data, transferList: ports });
    worker.on('message', (m: DetectorWorkerMessage) => {
      if (m.type === 'events') o.onEvents(m.events);
      else detectorStats = m.stats;
    });
    worker.on('error', (err) => o.log.error({ err }, 'detector thread failed'));
    worker.on('exit', (code) => {
      if (closing) return;
      o.log.error({ code }, 'detector thread exited; restarting it (open attacks will be re-detected)');
      setTimeout(() => {
        if (closing) return;
        const channels = collectors.map(() => new MessageChannel());
        detector = spawnDetector(channels.map((c) => c.port2));
        collectors.forEach((w, i) => {
          w.postMessage({ type: 'detector', port: channels[i]!.port1 }, [channels[i]!.port1]);
        });
      }, RESTART_DELAY_MS).unref();
    });
    return worker;
  };

  /** A collector worker that dies is replaced on the same ports with a fresh detector channel. */
  const supervise = (worker: Worker, index: number) => {
    worker.on('error', (err) => o.log.error({ err, worker: index }, 'collector worker failed'));
    worker.once('exit', (code) => {
      if (closing) return;
      o.log.error({ code, worker: index }, 'collector worker exited; restarting it');
      setTimeout(async () => {
        if (closing || !detector) return;
        const channel = new MessageChannel();
        detector.postMessage({ type: 'attach', port: channel.port2 }, [channel.port2]);
        try {
          const { worker: next } = await spawnCollector(index, channel.port1);
          collectors[index] = next;
          supervise(next, index);
        } catch (err) {
          o.log.error({ err, worker: index }, 'collector worker could not be restarted');
        }
      }, RESTART_DELAY_MS).unref();
    });
  };

  // Worker 0 binds first: with port 0 it learns the ports the others must share, and it finds
  // out whether the platform allows sharing at all.
  const channels = Array.from({ length: wanted }, () => new MessageChannel());
  const first = await spawnCollector(0, channels[0]!.port1);
  collectors.push(first.worker);
  const socket = (name: 'netflow' | 'sflow') => first.ready.sockets.find((s) => s.name === name)!;
  listeners = listeners.map((l) => ({ ...l, port: socket(l.name).port }));
  if (!first.ready.sockets.every((s) => s.reusePort)) {
    reusePort = false;
    count = 1;
  }
  try {
    for (let i = 1; i < count; i++) collectors.push((await spawnCollector(i, channels[i]!.port1)).worker);
  } catch (err) {
    closing = true;
    await Promise.all(collectors.map((w) => w.terminate()));
    throw err;
  }
  collectors.forEach((w, i) => {
    supervise(w, i);
  });
  detector = spawnDetector(channels.slice(0, count).map((c) => c.port2));
  o.log.info(
    {
      netflowPort: socket('netflow').port,
      sflowPort: socket('sflow').port,
      workers: count,
      reusePort,
      recvBufferBytes: socket('netflow').recvBufferBytes,
    },
    'flow collector listening',
  );

  return {
    netflowPort: socket('netflow').port,
    sflowPort: socket('sflow').port,
    workers: count,
    reusePort,
    recvBufferBytes: socket('netflow').recvBufferBytes,
    exporters: () => mergeExporters([...workerStats.values()].map((s) => s.exporters)),
    sockets: () => [...workerStats.values()].flatMap((s) => s.sockets),
    detectorStats: () => detectorStats,
    workerStats: () => [...workerStats.values()],
    async close() {
      if (closing) return;
      closing = true;
      await Promise.all([...collectors, ...(detector ? [detector] : [])].map((w) => w.terminate()));
    },
  };
}
