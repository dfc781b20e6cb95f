// NetFlow v9 (RFC 3954): a 20-byte header, then flowsets — templates (id 0), options templates
// (id 1) and data (id >= 256) decoded with the shared template engine. The header sequence counts
// export packets per source id.

import type { FlowBatch } from './batch.ts';
import { u16, u32 } from './bytes.ts';
import { applySamplingDefaults, newRecordContext, UPTIME_V9 } from './record-context.ts';
import { type DecodeResult, markMalformed, newResult, openDatagram } from './result.ts';
import { STREAM_V9 } from './sequence.ts';
import type { FlowDecoderState } from './state.ts';
import { FLAVOR_V9, handleDataSet, parseTemplateSet, setLengthAt } from './template-engine.ts';

export const V9_HEADER_LENGTH = 20;

const ctx = newRecordContext();

export function decodeNetflow9(
  buf: Uint8Array,
  exporterKey: string,
  batch: FlowBatch,
  state: FlowDecoderState,
): DecodeResult {
  const result = newResult('netflow9');
  const exporter = openDatagram(result, buf, exporterKey, state, {
    length: V9_HEADER_LENGTH,
    version: 9,
    versionBytes: 2,
  });
  if (!exporter) return result;
  const stats = exporter.stats;
  const end = buf.length;
  // The header's record count is unreliable across exporters; the flowset lengths are what count.
  const sysUptime = u32(buf, 4);
  const unixMs = u32(buf, 8) * 1000;
  const sequence = u32(buf, 12);
  const sourceId = u32(buf, 16);
  result.sequence = sequence;
  if (exporter.pending.count > 0) {
    result.templateMisses += exporter.pending.expire(stats, state.now(), state.limits.pendingMaxAgeMs);
  }

  ctx.exporterIndex = exporter.index;
  ctx.domain = sourceId;
  ctx.uptimeMode = UPTIME_V9;
  ctx.uptimeRef = sysUptime;
  ctx.uptimeRefEpoch = unixMs;
  ctx.exportMs = unixMs;
  applySamplingDefaults(ctx, exporter);

  let off = V9_HEADER_LENGTH;
  while (end - off >= 4) {
    const id = u16(buf, off);
    const length = setLengthAt(buf, off, end);
    if (length < 0) {
      markMalformed(result, exporter, 'bad_set');
      break;
    }
    const setEnd = off + length;
    if (id === 0 || id === 1) {
      parseTemplateSet(buf, off + 4, setEnd, FLAVOR_V9, id === 1, ctx, exporter, state, batch, result);
    } else if (id >= 256) {
      handleDataSet(buf, off + 4, setEnd, id, ctx, exporter, state, batch, result);
    } else {
      stats.ignored++; // ids 2..255 are reserved
    }
    off = setEnd;
  }
  result.lost = exporter.sequences.observe(stats, STREAM_V9 + sourceId, sequence, 1);
  return result;
}
