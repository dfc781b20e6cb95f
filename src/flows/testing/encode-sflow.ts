// Encoders for sFlow v5 datagrams: samples and flow records built field by field (for protocol
// tests) and a flow-level helper that turns sampled packets into datagrams (simulator, benchmarks).

import { buildFrame, type PacketSpec } from './packets.ts';
import { ByteWriter, concatBytes, isIpv6 } from './writer.ts';

export interface SflowHeader {
  agent?: string;
  subAgent?: number;
  sequence?: number;
  uptimeMs?: number;
}

export function encodeSflow(header: SflowHeader, samples: readonly Uint8Array[]): Uint8Array {
  const agent = header.agent ?? '192.0.2.1';
  const w = new ByteWriter()
    .u32(5)
    .u32(isIpv6(agent) ? 2 : 1)
    .ip(agent);
  w.u32(header.subAgent ?? 0)
    .u32(header.sequence ?? 0)
    .u32(header.uptimeMs ?? 0)
    .u32(samples.length);
  return concatBytes([w.finish(), ...samples]);
}

/** Wraps a body with an XDR (format, length) header and pads it to 4 bytes. */
function tagged(format: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  return new ByteWriter()
    .u32(format)
    .u32(padded)
    .bytes(body)
    .zeros(padded - body.length)
    .finish();
}

export interface FlowSampleSpec {
  sequence?: number;
  sourceId?: number;
  samplingRate: number;
  samplePool?: number;
  drops?: number;
  input?: number;
  output?: number;
  records: readonly Uint8Array[];
  expanded?: boolean;
}

export function sflowFlowSample(s: FlowSampleSpec): Uint8Array {
  const w = new ByteWriter().u32(s.sequence ?? 0);
  if (s.expanded) w.u32(0).u32(s.sourceId ?? 1);
  else w.u32(s.sourceId ?? 1);
  w.u32(s.samplingRate)
    .u32(s.samplePool ?? 0)
    .u32(s.drops ?? 0);
  if (s.expanded)
    w.u32(0)
      .u32(s.input ?? 1)
      .u32(0)
      .u32(s.output ?? 2);
  else w.u32(s.input ?? 1).u32(s.output ?? 2);
  w.u32(s.records.length);
  for (const record of s.records) w.bytes(record);
  return tagged(s.expanded ? 3 : 1, w.finish());
}

/** A counter sample (format 2, or 4 when expanded) with an opaque body, to be skipped. */
export function sflowCounterSample(body: Uint8Array = new Uint8Array(88), expanded = false): Uint8Array {
  return tagged(expanded ? 4 : 2, body);
}

/** Raw packet header record; the header is cut to `captureLength` bytes (sFlow's default is 128). */
export function sflowRawHeaderRecord(frame: Uint8Array, captureLength = 128, headerProtocol = 1): Uint8Array {
  const captured = frame.subarray(0, Math.min(captureLength, frame.length));
  const w = new ByteWriter()
    .u32(headerProtocol)
    .u32(frame.length + 4)
    .u32(4)
    .u32(captured.length);
  return tagged(1, w.bytes(captured).finish());
}

export interface SampledIpSpec {
  length: number;
  protocol: number;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  tcpFlags?: number;
  tos?: number;
}

/** sampled_ipv4 (format 3) or sampled_ipv6 (format 4), by the source address's family. */
export function sflowSampledIpRecord(s: SampledIpSpec): Uint8Array {
  const w = new ByteWriter().u32(s.length).u32(s.protocol).ip(s.src).ip(s.dst);
  w.u32(s.srcPort ?? 0)
    .u32(s.dstPort ?? 0)
    .u32(s.tcpFlags ?? 0)
    .u32(s.tos ?? 0);
  return tagged(isIpv6(s.src) ? 4 : 3, w.finish());
}

/** extended_gateway (1003) with a single AS_SEQUENCE destination path. */
export function sflowExtendedGateway(srcAs: number, dstAsPath: readonly number[], ownAs = 64500): Uint8Array {
  const w = new ByteWriter().u32(1).ip('192.0.2.254').u32(ownAs).u32(srcAs).u32(srcAs);
  w.u32(dstAsPath.length > 0 ? 1 : 0);
  if (dstAsPath.length > 0) {
    w.u32(2).u32(dstAsPath.length);
    for (const as of dstAsPath) w.u32(as);
  }
  w.u32(0).u32(100); // no communities, local pref
  return tagged(1003, w.finish());
}

export interface SampledPacket extends PacketSpec {
  samplingRate: number;
}

/** Datagrams of up to `perDatagram` flow samples, each carrying one packet's raw header. */
export function encodeSflowPackets(
  packets: readonly SampledPacket[],
  header: SflowHeader = {},
  perDatagram = 10,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  let sequence = header.sequence ?? 1;
  let sampleSequence = 1;
  for (let i = 0; i < packets.length; i += perDatagram) {
    const samples = packets.slice(i, i + perDatagram).map((p) =>
      sflowFlowSample({
        sequence: sampleSequence++,
        samplingRate: p.samplingRate,
        records: [sflowRawHeaderRecord(buildFrame(p))],
      }),
    );
    out.push(encodeSflow({ ...header, sequence: sequence++ }, samples));
  }
  return out;
}
