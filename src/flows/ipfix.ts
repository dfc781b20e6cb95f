// IPFIX (RFC 7011): a 16-byte message header with its own length, then sets — templates (2),
// options templates (3) and data (>= 256). Shares the template engine with NetFlow v9 and adds
// enterprise fields, variable-length fields and template withdrawal. The header sequence counts
// data records per observation domain.

import type { FlowBatch } from './batch.ts';
import { u16, u32 } from './bytes.ts';
import { applySamplingDefaults, newRecordContext } from './record-context.ts';
import { type DecodeResult, markMalformed, newResult, openDatagram } from './result.ts';
import { STREAM_IPFIX } from './sequence.ts';
import type { FlowDecoderState } from './state.ts';
import {
  FLAVOR_IPFIX,
  handleDataSet,
  parseTemplateSet,
  setIpfixUptime,
  setLengthAt,
} from './template-engine.ts';

export const IPFIX_HEADER_LENGTH = 16;

const ctx = newRecordContext();

export function decodeIpfix(
  buf: Uint8Array,
  exporterKey: string,
  batch: FlowBatch,
  state: FlowDecoderState,
): DecodeResult {
  const result = newResult('ipfix');
  const exporter = openDatagram(result, buf, exporterKey, state, {
    length: IPFIX_HEADER_LENGTH,
    version: 10,
    versionBytes: 2,
  });
  if (!exporter) return result;
  const stats = exporter.stats;
  const messageLength = u16(buf, 2);
  if (messageLength < IPFIX_HEADER_LENGTH || messageLength > buf.length) {
    markMalformed(result, exporter, 'bad_length');
    return result;
  }
  // Bytes past the message length (e.g. a second message glued on by a broken sender) are ignored.
  const end = messageLength;
  const exportMs = u32(buf, 4) * 1000;
  const sequence = u32(buf, 8);
  const domain = u32(buf, 12);
  result.sequence = sequence;
  if (exporter.pending.count > 0) {
    result.templateMisses += exporter.pending.expire(stats, state.now(), state.limits.pendingMaxAgeMs);
  }

  ctx.exporterIndex = exporter.index;
  ctx.domain = domain;
  ctx.uptimeRef = 0;
  ctx.exportMs = exportMs;
  setIpfixUptime(ctx, exporter);
  applySamplingDefaults(ctx, exporter);

  // Data records in this message, for the sequence check; NaN once any count is unknown.
  let units = 0;
  let off = IPFIX_HEADER_LENGTH;
  while (end - off >= 4) {
    const id = u16(buf, off);
    const length = setLengthAt(buf, off, end);
    if (length < 0) {
      markMalformed(result, exporter, 'bad_set');
      units = Number.NaN;
      break;
    }
    const setEnd = off + length;
    if (id === 2 || id === 3) {
      parseTemplateSet(buf, off + 4, setEnd, FLAVOR_IPFIX, id === 3, ctx, exporter, state, batch, result);
    } else if (id >= 256) {
      const n = handleDataSet(buf, off + 4, setEnd, id, ctx, exporter, state, batch, result);
      units = n < 0 ? Number.NaN : units + n;
    } else {
      stats.ignored++; // 0, 1 (v9 ids, invalid here) and 4..255 are reserved
    }
    off = setEnd;
  }
  if (result.status !== 'ok') units = Number.NaN;
  result.lost = exporter.sequences.observe(stats, STREAM_IPFIX + domain, sequence, units);
  return result;
}
