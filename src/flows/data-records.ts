// Decodes the data records of one NetFlow v9 / IPFIX data set with a compiled template, straight
// into a FlowBatch. The loop interprets the template's ops (kind << 16 | width). Records of a
// fixed-size template are checked once against the set end; variable-length fields are checked one
// by one, and a record that does not fit is discarded whole.
//
// The switch uses literal case labels (named in comments, see template-fields.ts): V8 turns a
// switch over literals into a jump table, while imported constants cost a load and a compare per
// case — about a third of the decode time in bench/flows.ts.

import { type FlowBatch, FRAG_MORE, FRAG_NON_FIRST } from './batch.ts';
import { floatN, ntpToEpochMs, u32, uintN } from './bytes.ts';
import { type RecordContext, uptimeToEpoch, varLength } from './record-context.ts';
import { samplingRateOf } from './sampling.ts';
import { VARLEN } from './template-fields.ts';
import type { Template } from './templates.ts';

/** Decodes records from b[start, end) and returns how many rows were appended. */
export function decodeDataRecords(
  b: Uint8Array,
  start: number,
  end: number,
  tpl: Template,
  ctx: RecordContext,
  batch: FlowBatch,
): number {
  const ops = tpl.ops;
  const fieldCount = ops.length;
  const minLength = tpl.minLength;
  const variable = tpl.variable;
  let off = start;
  let count = 0;
  // Trailing padding is shorter than the smallest record (RFC 7011 §3.3.1), so this ends the loop.
  while (end - off >= minLength) {
    const i = batch.append(ctx.exporterIndex);
    let packets = 0;
    let bytes = 0;
    let fragOffset = 0;
    let fragFlags = 0;
    let interval = 0;
    let packetInterval = 0;
    let packetSpace = 0;
    let size = 0;
    let population = 0;
    let probability = 0;
    let samplerId = -1;
    for (let f = 0; f < fieldCount; f++) {
      const op = ops[f]!;
      let len = op & 0xffff;
      if (len === VARLEN) {
        const packed = varLength(b, off, end);
        if (packed < 0) return discard(batch, i, ctx, count);
        off += packed >>> 16;
        len = packed & 0xffff;
        if (off + len > end) return discard(batch, i, ctx, count);
      } else if (variable && off + len > end) {
        return discard(batch, i, ctx, count);
      }
      const kind = op >>> 16;
      switch (kind) {
        case 0: // K_SKIP
          break;
        case 8: // K_SRC_V4
          batch.setSrcV4(i, u32(b, off));
          break;
        case 9: // K_DST_V4
          batch.setDstV4(i, u32(b, off));
          break;
        case 10: // K_SRC_V6
          batch.setSrcV6(i, b, off);
          break;
        case 11: // K_DST_V6
          batch.setDstV6(i, b, off);
          break;
        case 25: // K_SAMPLING_PROBABILITY
          probability = floatN(b, off, len);
          break;
        case 32: // K_START_NTP
          if (len === 8) batch.startMs[i] = ntpToEpochMs(b, off);
          break;
        case 33: // K_END_NTP
          if (len === 8) batch.endMs[i] = ntpToEpochMs(b, off);
          break;
        default: {
          // Every other kind is an unsigned integer of any width 1..8.
          const v = uintN(b, off, len);
          switch (kind) {
            case 1: // K_BYTES
              bytes = v;
              break;
            case 2: // K_PACKETS
              packets = v;
              break;
            case 3: // K_PROTOCOL
              batch.protocol[i] = v;
              break;
            case 4: // K_TOS
              batch.tos[i] = v;
              break;
            case 5: // K_TCP_FLAGS (a 2-byte tcpControlBits keeps its low 8 flag bits)
              batch.tcpFlags[i] = v;
              break;
            case 6: // K_SRC_PORT
              batch.srcPort[i] = v;
              break;
            case 7: // K_DST_PORT
              batch.dstPort[i] = v;
              break;
            case 12: // K_SRC_AS
              batch.srcAs[i] = v;
              break;
            case 13: // K_DST_AS
              batch.dstAs[i] = v;
              break;
            case 14: // K_FIRST_UPTIME
              batch.startMs[i] = uptimeToEpoch(ctx, v);
              break;
            case 15: // K_LAST_UPTIME
              batch.endMs[i] = uptimeToEpoch(ctx, v);
              break;
            case 16: // K_ICMP_TYPE_CODE
              batch.icmp[i] = v;
              break;
            case 17: // K_ICMP_TYPE
              batch.icmp[i] = ((v & 0xff) << 8) | (batch.icmp[i]! & 0xff);
              break;
            case 18: // K_ICMP_CODE
              batch.icmp[i] = (batch.icmp[i]! & 0xff00) | (v & 0xff);
              break;
            case 19: // K_SAMPLING_INTERVAL
              interval = v;
              break;
            case 20: // K_SAMPLER_ID
              samplerId = v;
              break;
            case 21: // K_PACKET_INTERVAL
              packetInterval = v;
              break;
            case 22: // K_PACKET_SPACE
              packetSpace = v;
              break;
            case 23: // K_SAMPLING_SIZE
              size = v;
              break;
            case 24: // K_SAMPLING_POPULATION
              population = v;
              break;
            case 26: // K_FRAG_OFFSET
              fragOffset = v;
              break;
            case 27: // K_FRAG_FLAGS
              fragFlags = v;
              break;
            case 28: // K_START_MS
              batch.startMs[i] = v;
              break;
            case 29: // K_END_MS
              batch.endMs[i] = v;
              break;
            case 30: // K_START_S
              batch.startMs[i] = v * 1000;
              break;
            case 31: // K_END_S
              batch.endMs[i] = v * 1000;
              break;
            case 34: // K_START_DELTA_US
              batch.startMs[i] = ctx.exportMs - Math.floor(v / 1000);
              break;
            case 35: // K_END_DELTA_US
              batch.endMs[i] = ctx.exportMs - Math.floor(v / 1000);
              break;
            case 37: // K_IP_VERSION: only when no address field said it already
              if (batch.ipVersion[i] === 0 && (v === 4 || v === 6)) batch.ipVersion[i] = v;
              break;
            // 36 K_SYS_INIT_MS and 38 K_SAMPLING_ALGORITHM only matter in options records.
          }
        }
      }
      off += len;
    }
    let rate = 0;
    if (tpl.hasSampling) {
      rate = samplingRateOf(interval, packetInterval, packetSpace, size, population, probability);
      if (rate === 0 && samplerId >= 0 && ctx.samplers) rate = ctx.samplers.get(samplerId) ?? 0;
    }
    if (!(rate >= 1)) rate = ctx.defaultRate;
    batch.packets[i] = packets * rate;
    batch.bytes[i] = bytes * rate;
    batch.samplingRate[i] = rate;
    if (fragOffset !== 0 || fragFlags !== 0) {
      // fragmentOffset may come as the bare 13-bit offset or as the raw flags+offset header word.
      const more = (fragFlags & 0x20) !== 0 || (fragOffset & 0x2000) !== 0;
      batch.fragment[i] = (more ? FRAG_MORE : 0) | ((fragOffset & 0x1fff) > 0 ? FRAG_NON_FIRST : 0);
    }
    const protocol = batch.protocol[i]!;
    if (protocol === 1 || protocol === 58) {
      // NetFlow convention: without an ICMP type field the type/code rides in the destination port.
      if (!tpl.hasIcmp) batch.icmp[i] = batch.dstPort[i]! !== 0 ? batch.dstPort[i]! : batch.srcPort[i]!;
      batch.srcPort[i] = 0;
      batch.dstPort[i] = 0;
    }
    count++;
  }
  return count;
}

function discard(batch: FlowBatch, row: number, ctx: RecordContext, count: number): number {
  batch.truncate(row);
  ctx.badRecord = true;
  return count;
}
