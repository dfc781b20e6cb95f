// Per-datagram context for NetFlow v9 / IPFIX record decoding, and small helpers the data and
// options record decoders share.

import { u16 } from './bytes.ts';
import type { ExporterState } from './state.ts';

/** How uptime-relative times (fields 21/22) turn into epoch ms. */
export const UPTIME_NONE = 0; // IPFIX without a known systemInitTime: left at 0
export const UPTIME_V9 = 1; // v9: relative to the header's sysUptime/unixSecs pair
export const UPTIME_FROM_INIT = 2; // IPFIX: ms since systemInitTimeMilliseconds

/** Per-datagram facts the records need; one reused object, filled by the protocol decoder. */
export interface RecordContext {
  exporterIndex: number;
  domain: number;
  uptimeMode: number;
  uptimeRef: number;
  uptimeRefEpoch: number;
  exportMs: number;
  /** Rate for records that carry no sampling information of their own (>= 1). */
  defaultRate: number;
  samplers: Map<number, number> | undefined;
  /** Set when a record overran its set. */
  badRecord: boolean;
}

export function newRecordContext(): RecordContext {
  return {
    exporterIndex: 0,
    domain: 0,
    uptimeMode: UPTIME_NONE,
    uptimeRef: 0,
    uptimeRefEpoch: 0,
    exportMs: 0,
    defaultRate: 1,
    samplers: undefined,
    badRecord: false,
  };
}

/** Fills the sampling part of a context from what the exporter announced for this domain. */
export function applySamplingDefaults(ctx: RecordContext, exporter: ExporterState): void {
  const samplers = exporter.sampling.samplersOf(ctx.domain);
  ctx.samplers = samplers;
  let rate = exporter.sampling.domainDefault(ctx.domain);
  // Many exporters announce one sampler but never reference it from data records: use it.
  if (rate === 0 && samplers?.size === 1) rate = samplers.values().next().value ?? 0;
  if (rate === 0) rate = exporter.samplingOverride;
  ctx.defaultRate = Math.max(rate, 1);
}

/**
 * Length of the IPFIX variable-length field at `off` (a 1-byte prefix, or 255 then 2 bytes — the
 * 3-byte form may also carry short lengths) plus prefix size * 65536; -1 when the prefix overruns.
 */
export function varLength(b: Uint8Array, off: number, end: number): number {
  if (off >= end) return -1;
  const short = b[off]!;
  if (short < 255) return short + 65536;
  if (off + 3 > end) return -1;
  return u16(b, off + 1) + 3 * 65536;
}

export function uptimeToEpoch(ctx: RecordContext, uptime: number): number {
  if (ctx.uptimeMode === UPTIME_V9) return ctx.uptimeRefEpoch - ((ctx.uptimeRef - uptime) | 0);
  if (ctx.uptimeMode === UPTIME_FROM_INIT) return ctx.uptimeRefEpoch + uptime;
  return 0;
}
