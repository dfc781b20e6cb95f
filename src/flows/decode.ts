// One entry point for a UDP port that receives every flow protocol: the version field tells them
// apart (NetFlow/IPFIX start with a 16-bit version 5, 9 or 10; sFlow with a 32-bit 5, whose first
// two bytes are zero).

import type { FlowBatch } from './batch.ts';
import { decodeIpfix } from './ipfix.ts';
import { decodeNetflow5 } from './netflow5.ts';
import { decodeNetflow9 } from './netflow9.ts';
import { type DecodeResult, newResult } from './result.ts';
import { decodeSflow } from './sflow.ts';
import type { FlowDecoderState } from './state.ts';

export function decodeFlowDatagram(
  buf: Uint8Array,
  exporterKey: string,
  batch: FlowBatch,
  state: FlowDecoderState,
): DecodeResult {
  if (buf.length >= 2) {
    const version = (buf[0]! << 8) | buf[1]!;
    if (version === 5) return decodeNetflow5(buf, exporterKey, batch, state);
    if (version === 9) return decodeNetflow9(buf, exporterKey, batch, state);
    if (version === 10) return decodeIpfix(buf, exporterKey, batch, state);
    if (version === 0 && buf.length >= 4 && buf[2] === 0 && buf[3] === 5) {
      return decodeSflow(buf, exporterKey, batch, state);
    }
  }
  state.unknownProtocol++;
  const result = newResult(null);
  result.status = 'malformed';
  result.reason = 'unknown_protocol';
  return result;
}
