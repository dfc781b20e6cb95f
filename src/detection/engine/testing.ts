// Test helpers for the engine: flow rows written straight into a FlowBatch, settings from a
// partial detection config, and a harness that drives TickCounter → Detector tick by tick on a
// fake clock (no threads, no sockets).

import { parseIp } from '../../flows/address.ts';
import { FlowBatch } from '../../flows/batch.ts';
import { loadConfig } from '../../platform/config/load.ts';
import type { DetectionConfig } from '../../platform/config/schema.ts';
import type { DetectorEvent } from './attack.ts';
import { Detector } from './detector.ts';
import { type EngineSettings, resolveSettings } from './settings.ts';
import { TickCounter } from './tick-counter.ts';

export interface Row {
  src?: string;
  dst: string;
  protocol?: number;
  srcPort?: number;
  dstPort?: number;
  tcpFlags?: number;
  fragment?: number;
  packets: number;
  bytes?: number;
  startMs?: number;
  endMs?: number;
}

export function batchOf(rows: readonly Row[]): FlowBatch {
  const batch = new FlowBatch();
  for (const r of rows) {
    const i = batch.append(0);
    const set = (text: string, which: 'src' | 'dst') => {
      const ip = parseIp(text);
      if (!ip) throw new Error(`bad address ${text}`);
      const words = which === 'src' ? batch.srcAddr : batch.dstAddr;
      words.set(ip.words, i * 4);
      batch.ipVersion[i] = ip.version;
    };
    set(r.src ?? '203.0.113.1', 'src');
    set(r.dst, 'dst');
    batch.protocol[i] = r.protocol ?? 17;
    batch.srcPort[i] = r.srcPort ?? 40000;
    batch.dstPort[i] = r.dstPort ?? 80;
    batch.tcpFlags[i] = r.tcpFlags ?? 0;
    batch.fragment[i] = r.fragment ?? 0;
    batch.packets[i] = r.packets;
    batch.bytes[i] = r.bytes ?? r.packets * 500;
    batch.startMs[i] = r.startMs ?? 0;
    batch.endMs[i] = r.endMs ?? 0;
  }
  return batch;
}

export function settingsFrom(detection: Partial<DetectionConfig> | Record<string, unknown>): EngineSettings {
  return resolveSettings(
    loadConfig({ env: {}, overrides: { detection: detection as DetectionConfig } }).detection,
  );
}

export const T0 = 1_700_000_000_000;

/** One worker and a detector on a fake clock; `tick(rows)` feeds a tick's traffic and evaluates it. */
export class Harness {
  nowMs: number;
  readonly settings: EngineSettings;
  readonly counter: TickCounter;
  readonly detector: Detector;
  readonly events: DetectorEvent[] = [];
  ticks = 0;

  constructor(settings: EngineSettings, startMs = T0) {
    this.settings = settings;
    this.nowMs = startMs;
    this.counter = new TickCounter(settings, 0, startMs);
    this.detector = new Detector(settings, {
      workers: 1,
      now: () => this.nowMs,
      newId: () => `attack-${this.events.length}`,
    });
  }

  /** Adds `rows` at the start of the current tick, closes the tick, and returns its events. */
  tick(rows: readonly Row[] = []): DetectorEvent[] {
    if (rows.length) this.counter.add(batchOf(rows), this.nowMs);
    this.nowMs += this.settings.tickMs;
    const message = this.counter.flush(this.nowMs);
    const events = this.detector.ingest(message);
    const watch = this.detector.takeWatchList();
    if (watch) this.counter.setWatch(watch);
    this.events.push(...events);
    this.ticks++;
    return events;
  }

  started(): DetectorEvent[] {
    return this.events.filter((e) => e.type === 'started');
  }
}

/** Rows carrying `pps` packets/s for one tick to `dst`, split over `flows` records. */
export function rate(dst: string, pps: number, tickMs: number, shape: Partial<Row> = {}, flows = 4): Row[] {
  const perTick = (pps * tickMs) / 1000;
  return Array.from({ length: flows }, (_, i) => ({
    src: `203.0.113.${(i % 250) + 1}`,
    dst,
    packets: perTick / flows,
    ...shape,
  }));
}
