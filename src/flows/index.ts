// Public surface of the flow decoders.

export { FlowBatch, type FlowRecord, FRAG_MORE, FRAG_NON_FIRST, flowRecordAt, flowRecords } from './batch.ts';
export { decodeFlowDatagram } from './decode.ts';
export { decodeIpfix } from './ipfix.ts';
export { decodeNetflow5 } from './netflow5.ts';
export { decodeNetflow9 } from './netflow9.ts';
export type { DecodeResult, DecodeStatus, FlowProtocol } from './result.ts';
export { decodeSflow } from './sflow.ts';
export {
  DEFAULT_LIMITS,
  type DecoderLimits,
  ExporterState,
  FlowDecoderState,
  type FlowDecoderStateOptions,
} from './state.ts';
export { type ExporterStats, MALFORMED_REASONS, type MalformedReason } from './stats.ts';
