// A collector worker thread: its own UDP sockets (shared ports, SO_REUSEPORT), its own decoder
// state and FlowBatch, and the per-tick counters of detection. Datagrams are decoded and counted
// synchronously in the socket callback — nothing is awaited per datagram — and the tick table
// goes straight to the detector thread over a MessagePort at every tick boundary.

import type { Socket } from 'node:dgram';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { TickCounter } from '../../detection/engine/tick-counter.ts';
import { FlowBatch } from '../batch.ts';
import { decodeFlowDatagram } from '../decode.ts';
import type { FlowProtocol } from '../result.ts';
import { FlowDecoderState } from '../state.ts';
import { MalformedLog } from './malformed-log.ts';
import type {
  CollectorWorkerData,
  CollectorWorkerMessage,
  ExporterSnapshot,
  SocketSnapshot,
} from './messages.ts';
import { bindFlowSocket } from './sockets.ts';

const data = workerData as CollectorWorkerData & { detectorPort: MessagePort };
const parent = parentPort!;
const post = (m: CollectorWorkerMessage) => parent.postMessage(m);

const counter = new TickCounter(data.settings, data.index);
let detectorPort = data.detectorPort;
const state = new FlowDecoderState();
const batch = new FlowBatch(4096);
const protocols = new Map<string, FlowProtocol>();
const lastSeen = new Map<string, { datagrams: number; atMs: number }>();
const malformed = new MalformedLog((message, details) =>
  post({ type: 'log', level: 'warn', message, details }),
);
let records = 0;

interface Listener {
  socket: Socket;
  snapshot: SocketSnapshot;
}
const listeners: Listener[] = [];

function onDatagram(listener: Listener, msg: Buffer, address: string): void {
  const arrival = Date.now();
  listener.snapshot.datagrams++;
  listener.snapshot.bytes += msg.length;
  batch.reset();
  const result = decodeFlowDatagram(msg, address, batch, state);
  if (result.protocol && protocols.get(address) !== result.protocol) protocols.set(address, result.protocol);
  if (result.status !== 'ok') malformed.note(address, result.reason ?? 'unknown', arrival);
  if (batch.length > 0) {
    counter.add(batch, arrival);
    records += batch.length;
  }
}

async function bindAll(): Promise<boolean> {
  for (const spec of data.listeners) {
    try {
      const bound = await bindFlowSocket({
        address: spec.address,
        port: spec.port,
        reusePort: data.reusePort,
        recvBufferBytes: data.recvBufferBytes,
      });
      const listener: Listener = {
        socket: bound.socket,
        snapshot: {
          name: spec.name,
          port: bound.port,
          reusePort: bound.reusePort,
          recvBufferBytes: bound.recvBufferBytes,
          datagrams: 0,
          bytes: 0,
        },
      };
      bound.socket.on('message', (msg, rinfo) => onDatagram(listener, msg, rinfo.address));
      bound.socket.on('error', (err) =>
        post({ type: 'log', level: 'warn', message: 'socket error', details: { err: err.message } }),
      );
      listeners.push(listener);
    } catch (err) {
      for (const l of listeners) l.socket.close();
      const e = err as NodeJS.ErrnoException;
      post({
        type: 'bind-failed',
        index: data.index,
        message: `${spec.name} ${spec.address}:${spec.port}: ${e.message}`,
        code: e.code ?? null,
      });
      return false;
    }
  }
  return true;
}

/** Posts the tick table at every wall-clock tick boundary (all workers post together). */
function scheduleTick(): void {
  const tickMs = data.settings.tickMs;
  const now = Date.now();
  setTimeout(
    () => {
      const message = counter.flush();
      const transfer = [
        message.keys.buffer,
        message.metrics.buffer,
        message.entries.buffer,
        message.firstOffsets.buffer,
      ];
      detectorPort.postMessage(message, transfer as ArrayBuffer[]);
      scheduleTick();
    },
    (Math.floor(now / tickMs) + 1) * tickMs - now + 1,
  );
}

function exporterSnapshots(nowMs: number): ExporterSnapshot[] {
  return state.exporterList.map((e) => {
    const seen = lastSeen.get(e.key);
    if (!seen || seen.datagrams !== e.stats.datagrams)
      lastSeen.set(e.key, { datagrams: e.stats.datagrams, atMs: nowMs });
    return {
      exporter: e.key,
      protocol: protocols.get(e.key) ?? null,
      stats: e.stats,
      lastSeenMs: lastSeen.get(e.key)!.atMs,
    };
  });
}

function postStats(): void {
  const now = Date.now();
  state.expirePending(now);
  post({
    type: 'stats',
    index: data.index,
    exporters: exporterSnapshots(now),
    sockets: listeners.map((l) => ({ ...l.snapshot })),
    rejected: state.rejected,
    unknownProtocol: state.unknownProtocol,
    records,
    droppedRecords: 0,
    tickTableBytes: counter.bytes,
  });
}

function listenToDetector(port: MessagePort): void {
  port.on('message', (m: { type: 'watch'; keys: Uint32Array }) => {
    if (m.type === 'watch') counter.setWatch(m.keys);
  });
}
listenToDetector(detectorPort);
// A restarted detector thread sends its new port through the main thread.
parent.on('message', (m: { type: 'detector'; port: MessagePort }) => {
  if (m.type !== 'detector') return;
  detectorPort.close();
  detectorPort = m.port;
  listenToDetector(detectorPort);
});

if (await bindAll()) {
  post({ type: 'ready', index: data.index, sockets: listeners.map((l) => ({ ...l.snapshot })) });
  scheduleTick();
  setInterval(postStats, data.statsIntervalMs);
}
