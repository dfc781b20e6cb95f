// What one decode call reports. Decoders never throw: every problem with the input is a status.

import { u16, u32 } from './bytes.ts';
import type { ExporterState, FlowDecoderState } from './state.ts';
import type { MalformedReason } from './stats.ts';

export type FlowProtocol = 'netflow5' | 'netflow9' | 'ipfix' | 'sflow5';

export type DecodeStatus = 'ok' | 'malformed' | 'rejected';

export interface DecodeResult {
  protocol: FlowProtocol | null;
  /** 'malformed' still may have appended the records that came before the fault. */
  status: DecodeStatus;
  reason: MalformedReason | 'too_many_exporters' | 'unknown_protocol' | null;
  /** Rows appended to the batch by this call (including late-decoded pending sets). */
  records: number;
  /** Header sequence number, -1 when the datagram did not get that far. */
  sequence: number;
  /** Units lost just before this datagram according to the sequence numbers. */
  lost: number;
  /** Data sets buffered because their template has not arrived yet. */
  pending: number;
  /** Data sets given up on during this call (no template in time, or buffer full). */
  templateMisses: number;
}

export function newResult(protocol: FlowProtocol | null): DecodeResult {
  return {
    protocol,
    status: 'ok',
    reason: null,
    records: 0,
    sequence: -1,
    lost: 0,
    pending: 0,
    templateMisses: 0,
  };
}

/** Marks the datagram malformed; only the first fault is reported so per-reason counts sum up. */
export function markMalformed(
  result: DecodeResult,
  exporter: ExporterState | null,
  reason: MalformedReason,
): void {
  if (result.status !== 'ok') return;
  result.status = 'malformed';
  result.reason = reason;
  if (exporter) {
    exporter.stats.malformed++;
    exporter.stats.malformedByReason[reason]++;
  }
}

/**
 * The start every decoder shares: find (or refuse) the exporter, count the datagram, check the
 * header length and the version word. Returns the exporter to go on with, or null when `result`
 * is already final.
 */
export function openDatagram(
  result: DecodeResult,
  buf: Uint8Array,
  exporterKey: string,
  state: FlowDecoderState,
  header: { length: number; version: number; versionBytes: 2 | 4 },
): ExporterState | null {
  const exporter = state.exporter(exporterKey);
  if (!exporter) {
    state.rejected++;
    result.status = 'rejected';
    result.reason = 'too_many_exporters';
    return null;
  }
  exporter.stats.datagrams++;
  if (buf.length < header.length) {
    markMalformed(result, exporter, 'truncated_header');
    return null;
  }
  if ((header.versionBytes === 2 ? u16(buf, 0) : u32(buf, 0)) !== header.version) {
    markMalformed(result, exporter, 'bad_version');
    return null;
  }
  return exporter;
}
