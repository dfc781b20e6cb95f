// The flow description encoders take: what a router would know about one flow. Tests, the
// simulator and benchmarks describe traffic with it and encode it into any export protocol.

export interface FlowInput {
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  protocol?: number;
  tcpFlags?: number;
  tos?: number;
  /** Sampled counts as the router exports them (before the collector multiplies by the rate). */
  packets?: number;
  bytes?: number;
  /** Epoch milliseconds. */
  startMs?: number;
  endMs?: number;
  srcAs?: number;
  dstAs?: number;
  /** For protocol 1/58; ports are ignored then. */
  icmpType?: number;
  icmpCode?: number;
}

export type FullFlowInput = Required<FlowInput>;

export function withDefaults(flow: FlowInput): FullFlowInput {
  return {
    src: flow.src,
    dst: flow.dst,
    srcPort: flow.srcPort ?? 0,
    dstPort: flow.dstPort ?? 0,
    protocol: flow.protocol ?? 17,
    tcpFlags: flow.tcpFlags ?? 0,
    tos: flow.tos ?? 0,
    packets: flow.packets ?? 1,
    bytes: flow.bytes ?? 64,
    startMs: flow.startMs ?? 0,
    endMs: flow.endMs ?? flow.startMs ?? 0,
    srcAs: flow.srcAs ?? 0,
    dstAs: flow.dstAs ?? 0,
    icmpType: flow.icmpType ?? 0,
    icmpCode: flow.icmpCode ?? 0,
  };
}

export function isIcmp(protocol: number): boolean {
  return protocol === 1 || protocol === 58;
}

/** NetFlow's ICMP convention: type * 256 + code in the destination port. */
export function icmpPortValue(flow: FullFlowInput): number {
  return ((flow.icmpType & 0xff) << 8) | (flow.icmpCode & 0xff);
}
