// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records. The simplest and still the most
// common export from older routers: IPv4 only, sampling in two header bits + 14-bit interval,
// flow_sequence counting flows (not datagrams).

import type { FlowBatch } from './batch.ts';
import { u16, u32 } from './bytes.ts';
import { type DecodeResult, markMalformed, newResult, openDatagram } from './result.ts';
import { STREAM_V5 } from './sequence.ts';
import type { FlowDecoderState } from './state.ts';

export const V5_HEADER_LENGTH = 24;
export const V5_RECORD_LENGTH = 48;

export function decodeNetflow5(
  buf: Uint8Array,
  exporterKey: string,
  batch: FlowBatch,
  state: FlowDecoderState,
): DecodeResult {
  const result = newResult('netflow5');
  const exporter = openDatagram(result, buf, exporterKey, state, {
    length: V5_HEADER_LENGTH,
    version: 5,
    versionBytes: 2,
  });
  if (!exporter) return result;
  const stats = exporter.stats;
  const length = buf.length;
  const count = u16(buf, 2);
  // Check the whole datagram before writing any row, so a lying count adds nothing.
  if (V5_HEADER_LENGTH + count * V5_RECORD_LENGTH > length) {
    markMalformed(result, exporter, 'bad_length');
    return result;
  }
  const sysUptime = u32(buf, 4);
  const unixMs = u32(buf, 8) * 1000 + Math.floor(u32(buf, 12) / 1e6);
  const sequence = u32(buf, 16);
  const engine = u16(buf, 20);
  // Top two bits: sampling mode; low 14 bits: the 1-in-N interval (0 = unsampled).
  const interval = u16(buf, 22) & 0x3fff;
  const rate = interval > 0 ? interval : exporter.samplingOverride > 0 ? exporter.samplingOverride : 1;

  batch.reserve(count);
  const exporterIndex = exporter.index;
  for (let r = 0, o = V5_HEADER_LENGTH; r < count; r++, o += V5_RECORD_LENGTH) {
    const i = batch.append(exporterIndex);
    batch.setSrcV4(i, u32(buf, o));
    batch.setDstV4(i, u32(buf, o + 4));
    batch.packets[i] = u32(buf, o + 16) * rate;
    batch.bytes[i] = u32(buf, o + 20) * rate;
    batch.samplingRate[i] = rate;
    // First/last are sysUptime ms; the signed 32-bit difference survives uptime wrap-around.
    batch.startMs[i] = unixMs - ((sysUptime - u32(buf, o + 24)) | 0);
    batch.endMs[i] = unixMs - ((sysUptime - u32(buf, o + 28)) | 0);
    const protocol = buf[o + 38]!;
    const srcPort = u16(buf, o + 32);
    const dstPort = u16(buf, o + 34);
    if (protocol === 1 || protocol === 58) {
      // Cisco puts ICMP type*256+code in the destination port (a few exporters use the source port).
      batch.icmp[i] = dstPort !== 0 ? dstPort : srcPort;
    } else {
      batch.srcPort[i] = srcPort;
      batch.dstPort[i] = dstPort;
    }
    batch.tcpFlags[i] = buf[o + 37]!;
    batch.protocol[i] = protocol;
    batch.tos[i] = buf[o + 39]!;
    batch.srcAs[i] = u16(buf, o + 40);
    batch.dstAs[i] = u16(buf, o + 42);
  }
  result.records = count;
  stats.records += count;
  result.sequence = sequence;
  result.lost = exporter.sequences.observe(stats, STREAM_V5 + engine, sequence, count);
  return result;
}
