// Options data records (NetFlow v9 flowset 1 / IPFIX set 3 templates): only what matters for
// flows is kept — sampling rates, per domain or per sampler/selector id, and the IPFIX system init
// time that uptime-relative timestamps count from.

import { floatN, uintN } from './bytes.ts';
import { type RecordContext, varLength } from './record-context.ts';
import { samplingRateOf } from './sampling.ts';
import type { ExporterState } from './state.ts';
import * as F from './template-fields.ts';
import type { Template } from './templates.ts';

/**
 * Decodes options data records: only what matters for flows is kept — sampling rates (per domain
 * or per sampler id) and the IPFIX system init time. Returns the number of records read.
 */
export function decodeOptionsRecords(
  b: Uint8Array,
  start: number,
  end: number,
  tpl: Template,
  ctx: RecordContext,
  exporter: ExporterState,
): number {
  const kinds = tpl.kinds;
  const lengths = tpl.lengths;
  let off = start;
  let count = 0;
  while (end - off >= tpl.minLength) {
    let interval = 0;
    let packetInterval = 0;
    let packetSpace = 0;
    let size = 0;
    let population = 0;
    let probability = 0;
    let samplerId = -1;
    let initMs = 0;
    for (let f = 0; f < kinds.length; f++) {
      let len = lengths[f]!;
      if (len === F.VARLEN) {
        const packed = varLength(b, off, end);
        if (packed < 0) {
          ctx.badRecord = true;
          return count;
        }
        off += packed >>> 16;
        len = packed & 0xffff;
      }
      if (off + len > end) {
        ctx.badRecord = true;
        return count;
      }
      const kind = kinds[f]!;
      if (kind === F.K_SAMPLING_PROBABILITY) probability = floatN(b, off, len);
      else if (kind !== F.K_SKIP && len <= 8) {
        const v = uintN(b, off, len);
        if (kind === F.K_SAMPLING_INTERVAL) interval = v;
        else if (kind === F.K_SAMPLER_ID) samplerId = v;
        else if (kind === F.K_PACKET_INTERVAL) packetInterval = v;
        else if (kind === F.K_PACKET_SPACE) packetSpace = v;
        else if (kind === F.K_SAMPLING_SIZE) size = v;
        else if (kind === F.K_SAMPLING_POPULATION) population = v;
        else if (kind === F.K_SYS_INIT_MS) initMs = v;
      }
      off += len;
    }
    const rate = samplingRateOf(interval, packetInterval, packetSpace, size, population, probability);
    exporter.sampling.learn(ctx.domain, samplerId, rate, initMs);
    exporter.stats.optionsRecords++;
    count++;
  }
  return count;
}
