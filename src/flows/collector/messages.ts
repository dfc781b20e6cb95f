// Messages between the collector's threads. Main ⇄ collector workers: ready, stats, logs, stop.
// Collector workers → detector: tick tables (their own MessagePort, not through main). Detector →
// workers: watch lists. Detector → main: attack events and stats.

import type { DetectorEvent } from '../../detection/engine/attack.ts';
import type { DetectorStats } from '../../detection/engine/detector.ts';
import type { EngineSettings } from '../../detection/engine/settings.ts';
import type { FlowProtocol } from '../result.ts';
import type { ExporterStats } from '../stats.ts';

export interface ListenerSpec {
  name: 'netflow' | 'sflow';
  address: string;
  port: number;
}

export interface CollectorWorkerData {
  index: number;
  listeners: ListenerSpec[];
  reusePort: boolean;
  recvBufferBytes: number;
  settings: EngineSettings;
  statsIntervalMs: number;
}

export interface ExporterSnapshot {
  exporter: string;
  protocol: FlowProtocol | null;
  stats: ExporterStats;
  /** Epoch ms of the last stats interval in which a datagram arrived. */
  lastSeenMs: number;
}

export interface SocketSnapshot {
  name: 'netflow' | 'sflow';
  port: number;
  reusePort: boolean;
  recvBufferBytes: number;
  datagrams: number;
  bytes: number;
}

export type CollectorWorkerMessage =
  | { type: 'ready'; index: number; sockets: SocketSnapshot[] }
  | { type: 'bind-failed'; index: number; message: string; code: string | null }
  | {
      type: 'stats';
      index: number;
      exporters: ExporterSnapshot[];
      sockets: SocketSnapshot[];
      rejected: number;
      unknownProtocol: number;
      records: number;
      droppedRecords: number;
      tickTableBytes: number;
    }
  | { type: 'log'; level: 'warn' | 'info'; message: string; details: Record<string, unknown> };

export interface DetectorWorkerData {
  settings: EngineSettings;
  workers: number;
  statsIntervalMs: number;
}

export type DetectorWorkerMessage =
  | { type: 'events'; events: DetectorEvent[] }
  | { type: 'stats'; stats: DetectorStats };
