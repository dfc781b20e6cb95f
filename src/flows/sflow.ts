// sFlow v5: an agent header, then samples. Each flow sample stands for one packet seen 1-in-N, so
// it becomes one row with packets = N and bytes = frame length × N. Counter samples and unknown
// formats are stepped over by their length. XDR everywhere: big-endian 32-bit words.

import type { FlowBatch } from './batch.ts';
import { u32 } from './bytes.ts';
import { parseSampledHeader } from './packet-header.ts';
import { type DecodeResult, markMalformed, newResult, openDatagram } from './result.ts';
import type { ExporterState, FlowDecoderState } from './state.ts';

const FLOW_SAMPLE = 1;
const EXPANDED_FLOW_SAMPLE = 3;
const RECORD_RAW_HEADER = 1;
const RECORD_SAMPLED_IPV4 = 3;
const RECORD_SAMPLED_IPV6 = 4;
const RECORD_EXTENDED_GATEWAY = 1003;

export function decodeSflow(
  buf: Uint8Array,
  exporterKey: string,
  batch: FlowBatch,
  state: FlowDecoderState,
): DecodeResult {
  const result = newResult('sflow5');
  const exporter = openDatagram(result, buf, exporterKey, state, { length: 28, version: 5, versionBytes: 4 });
  if (!exporter) return result;
  const stats = exporter.stats;
  const end = buf.length;
  const addressType = u32(buf, 4);
  let off: number;
  let stream: number | string;
  if (addressType === 1) {
    off = 12;
  } else if (addressType === 2) {
    off = 24;
    if (end - off < 16) {
      markMalformed(result, exporter, 'truncated_header');
      return result;
    }
  } else {
    markMalformed(result, exporter, 'bad_address');
    return result;
  }
  const subAgent = u32(buf, off);
  const sequence = u32(buf, off + 4);
  const samples = u32(buf, off + 12);
  off += 16;
  // Sequence numbers count datagrams per (agent address, sub-agent).
  if (addressType === 1 && subAgent < 1 << 20) stream = subAgent * 4294967296 + u32(buf, 8);
  else
    stream = `${Buffer.from(buf.buffer, buf.byteOffset + 8, addressType === 1 ? 4 : 16).toString('hex')}/${subAgent}`;
  result.sequence = sequence;

  for (let s = 0; s < samples; s++) {
    if (end - off < 8) {
      markMalformed(result, exporter, 'bad_sample'); // the count promised more samples than fit
      break;
    }
    const format = u32(buf, off);
    const length = u32(buf, off + 4);
    const body = off + 8;
    if (length > end - body) {
      markMalformed(result, exporter, 'bad_sample');
      break;
    }
    const enterprise = format >>> 12;
    const kind = format & 0xfff;
    if (enterprise === 0 && (kind === FLOW_SAMPLE || kind === EXPANDED_FLOW_SAMPLE)) {
      decodeFlowSample(buf, body, body + length, kind === EXPANDED_FLOW_SAMPLE, exporter, batch, result);
    } else {
      stats.ignored++; // counter samples (2, 4) and formats we do not use
    }
    off = body + length;
  }
  result.lost = exporter.sequences.observe(stats, stream, sequence, 1);
  return result;
}

function decodeFlowSample(
  b: Uint8Array,
  start: number,
  end: number,
  expanded: boolean,
  exporter: ExporterState,
  batch: FlowBatch,
  result: DecodeResult,
): void {
  const headerLength = expanded ? 44 : 32;
  if (end - start < headerLength) {
    markMalformed(result, exporter, 'bad_sample');
    return;
  }
  const announced = u32(b, start + (expanded ? 12 : 8));
  const rate = announced > 0 ? announced : exporter.samplingOverride > 0 ? exporter.samplingOverride : 1;
  const records = u32(b, start + headerLength - 4);
  const i = batch.append(exporter.index);
  let haveIp = false;
  let frameLength = 0;
  let p = start + headerLength;
  let broken = false;
  for (let r = 0; r < records; r++) {
    if (end - p < 8) {
      broken = true;
      break;
    }
    const format = u32(b, p);
    const length = u32(b, p + 4);
    const body = p + 8;
    if (length > end - body) {
      broken = true;
      break;
    }
    const recordEnd = body + length;
    if (format === RECORD_RAW_HEADER) {
      const captured = length >= 16 ? u32(b, body + 12) : length;
      if (length < 16 || captured > length - 16) {
        broken = true;
        break;
      }
      const headerProtocol = u32(b, body);
      if (!haveIp && parseSampledHeader(b, body + 16, body + 16 + captured, headerProtocol, batch, i)) {
        haveIp = true;
        frameLength = u32(b, body + 4);
      }
    } else if (format === RECORD_SAMPLED_IPV4 && !haveIp && length >= 32) {
      frameLength = u32(b, body);
      fillSampledIp(b, body + 4, false, batch, i);
      haveIp = true;
    } else if (format === RECORD_SAMPLED_IPV6 && !haveIp && length >= 56) {
      frameLength = u32(b, body);
      fillSampledIp(b, body + 4, true, batch, i);
      haveIp = true;
    } else if (format === RECORD_EXTENDED_GATEWAY) {
      readGatewayAs(b, body, recordEnd, batch, i);
    }
    // XDR pads opaque data to 4 bytes; some agents count the padding in the length, some do not.
    const padded = body + ((length + 3) & ~3);
    p = padded <= end ? padded : recordEnd;
  }
  if (broken) {
    batch.truncate(i);
    markMalformed(result, exporter, 'bad_sample');
    return;
  }
  if (!haveIp) {
    batch.truncate(i); // a non-IP frame (ARP, LLDP …): nothing a volumetric detector can use
    exporter.stats.ignored++;
    return;
  }
  batch.packets[i] = rate;
  batch.bytes[i] = frameLength * rate;
  batch.samplingRate[i] = rate;
  const protocol = batch.protocol[i]!;
  if (protocol === 1 || protocol === 58) {
    batch.srcPort[i] = 0;
    batch.dstPort[i] = 0;
  }
  result.records++;
  exporter.stats.records++;
}

/** sampled_ipv4 / sampled_ipv6 after the length word: protocol, src, dst, ports, tcp flags, tos. */
function fillSampledIp(b: Uint8Array, p: number, v6: boolean, batch: FlowBatch, i: number): void {
  const protocol = u32(b, p) & 0xff;
  batch.protocol[i] = protocol;
  if (v6) {
    batch.setSrcV6(i, b, p + 4);
    batch.setDstV6(i, b, p + 20);
    p += 36;
  } else {
    batch.setSrcV4(i, u32(b, p + 4));
    batch.setDstV4(i, u32(b, p + 8));
    p += 12;
  }
  const srcPort = u32(b, p) & 0xffff;
  const dstPort = u32(b, p + 4) & 0xffff;
  if (protocol === 1 || protocol === 58) {
    // Agents put ICMP type and code in the port fields.
    batch.icmp[i] = ((srcPort & 0xff) << 8) | (dstPort & 0xff);
  } else {
    batch.srcPort[i] = srcPort;
    batch.dstPort[i] = dstPort;
  }
  batch.tcpFlags[i] = u32(b, p + 8) & 0xff;
  batch.tos[i] = u32(b, p + 12) & 0xff;
}

/** extended_gateway: next hop, own AS, source AS, source peer AS, destination AS path. */
function readGatewayAs(b: Uint8Array, p: number, end: number, batch: FlowBatch, i: number): void {
  if (end - p < 4) return;
  const addressType = u32(b, p);
  p += addressType === 1 ? 8 : addressType === 2 ? 20 : end;
  if (end - p < 16) return;
  const ownAs = u32(b, p);
  batch.srcAs[i] = u32(b, p + 4);
  let segments = u32(b, p + 12);
  p += 16;
  let lastAs = ownAs; // an empty path means the destination is in the router's own AS
  while (segments-- > 0) {
    if (end - p < 8) return;
    const count = u32(b, p + 4);
    p += 8;
    if (count > (end - p) / 4) return;
    if (count > 0) lastAs = u32(b, p + (count - 1) * 4);
    p += count * 4;
  }
  batch.dstAs[i] = lastAs;
}
