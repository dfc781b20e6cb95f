// The parts of NetFlow v9 and IPFIX that are the same protocol in two spellings: learning
// (options) templates from template sets, withdrawing them, and routing data sets to a template —
// or to the pending buffer when the template has not arrived yet.

import type { FlowBatch } from './batch.ts';
import { u16 } from './bytes.ts';
import { decodeDataRecords } from './data-records.ts';
import { decodeOptionsRecords } from './options-records.ts';
import {
  applySamplingDefaults,
  newRecordContext,
  type RecordContext,
  UPTIME_FROM_INIT,
  UPTIME_NONE,
  UPTIME_V9,
} from './record-context.ts';
import { type DecodeResult, markMalformed } from './result.ts';
import type { ExporterState, FlowDecoderState } from './state.ts';
import { compileTemplate, type Template, templateKey } from './templates.ts';

export const FLAVOR_V9 = 9;
export const FLAVOR_IPFIX = 10;

// Scratch for one template's field specifiers: at most (65535 - 4) / 4 fields fit in one set.
const MAX_FIELDS_IN_SET = 16384;
const scratchIds = new Uint16Array(MAX_FIELDS_IN_SET);
const scratchEnterprise = new Uint8Array(MAX_FIELDS_IN_SET);
const scratchLengths = new Uint16Array(MAX_FIELDS_IN_SET);

/**
 * Reads `count` field specifiers at `off` into the scratch arrays. IPFIX specifiers with the
 * enterprise bit carry a 4-byte enterprise number. `forceSkipFirst` marks leading fields (v9
 * options scope fields, whose type numbers are a separate registry) so that they are never mapped.
 * Returns the offset after the specifiers, or -1 when they overrun `end`.
 */
function readFieldSpecs(
  b: Uint8Array,
  off: number,
  end: number,
  count: number,
  flavor: number,
  forceSkipFirst: number,
): number {
  for (let f = 0; f < count; f++) {
    if (off + 4 > end) return -1;
    let id = u16(b, off);
    const length = u16(b, off + 2);
    off += 4;
    let enterprise = f < forceSkipFirst ? 1 : 0;
    if (flavor === FLAVOR_IPFIX && id & 0x8000) {
      if (off + 4 > end) return -1;
      id &= 0x7fff;
      enterprise = 1;
      off += 4;
    }
    if (f < MAX_FIELDS_IN_SET) {
      scratchIds[f] = id;
      scratchEnterprise[f] = enterprise;
      scratchLengths[f] = length;
    }
  }
  return off;
}

/**
 * Parses one template set (v9 flowset 0/1, IPFIX set 2/3) in b[start, end) and learns or withdraws
 * templates. Decodes pending data sets that were waiting for a template that arrived.
 */
export function parseTemplateSet(
  b: Uint8Array,
  start: number,
  end: number,
  flavor: number,
  options: boolean,
  ctx: RecordContext,
  exporter: ExporterState,
  state: FlowDecoderState,
  batch: FlowBatch,
  result: DecodeResult,
): void {
  const stats = exporter.stats;
  const maxFields = state.limits.maxFieldsPerTemplate;
  let off = start;
  // Every record consumes at least 4 bytes, so the loop always ends. Fewer bytes left are padding.
  while (end - off >= 4) {
    const id = u16(b, off);
    let fieldCount: number;
    let scopeCount = 0;
    if (flavor === FLAVOR_V9 && options) {
      // v9 options template: id, scope length (bytes), option length (bytes).
      if (id < 256 || end - off < 6) return; // padding to a 4-byte boundary
      const scopeBytes = u16(b, off + 2);
      const optionBytes = u16(b, off + 4);
      if (scopeBytes % 4 !== 0 || optionBytes % 4 !== 0) {
        markMalformed(result, exporter, 'bad_template');
        return;
      }
      scopeCount = scopeBytes / 4;
      fieldCount = scopeCount + optionBytes / 4;
      off += 6;
    } else {
      fieldCount = u16(b, off + 2);
      off += 4;
      if (flavor === FLAVOR_IPFIX && fieldCount === 0) {
        withdraw(exporter, ctx.domain, id, options);
        continue;
      }
      if (flavor === FLAVOR_IPFIX && options) {
        if (end - off < 2) {
          markMalformed(result, exporter, 'bad_template');
          return;
        }
        scopeCount = u16(b, off);
        off += 2;
        if (scopeCount > fieldCount) {
          markMalformed(result, exporter, 'bad_template');
          return;
        }
      }
    }
    if (id < 256) {
      markMalformed(result, exporter, 'bad_template');
      return;
    }
    const after = readFieldSpecs(b, off, end, fieldCount, flavor, flavor === FLAVOR_V9 ? scopeCount : 0);
    if (after < 0) {
      markMalformed(result, exporter, 'bad_template');
      return;
    }
    off = after;
    if (fieldCount > maxFields || fieldCount > MAX_FIELDS_IN_SET) {
      markMalformed(result, exporter, 'template_limit');
      continue;
    }
    const tpl = compileTemplate(
      ctx.domain,
      id,
      options,
      scopeCount,
      scratchIds,
      scratchEnterprise,
      scratchLengths,
      fieldCount,
    );
    if (!tpl) {
      markMalformed(result, exporter, 'bad_template');
      continue;
    }
    if (!exporter.templates.set(tpl)) {
      markMalformed(result, exporter, 'template_limit');
      continue;
    }
    stats.templatesLearned++;
    if (exporter.pending.count > 0) {
      flushPending(tpl.key, flavor, exporter, batch, result);
      if (tpl.isOptions) {
        // Late options records may have announced a rate or init time for the rest of this datagram.
        applySamplingDefaults(ctx, exporter);
        if (flavor === FLAVOR_IPFIX) setIpfixUptime(ctx, exporter);
      }
    }
  }
}

function withdraw(exporter: ExporterState, domain: number, id: number, options: boolean): void {
  const stats = exporter.stats;
  // RFC 7011 §8.1: template id 2 in a template set (3 in an options template set) withdraws all.
  if ((!options && id === 2) || (options && id === 3)) {
    stats.templatesWithdrawn += exporter.templates.withdrawAll(domain, options);
  } else if (id >= 256 && exporter.templates.withdraw(templateKey(domain, id))) {
    stats.templatesWithdrawn++;
  }
}

/**
 * Routes one data set: decodes it when its template is known, otherwise buffers a copy. Returns the
 * data records read (for IPFIX sequence accounting), or -1 when the count is unknown (buffered).
 */
export function handleDataSet(
  b: Uint8Array,
  start: number,
  end: number,
  setId: number,
  ctx: RecordContext,
  exporter: ExporterState,
  state: FlowDecoderState,
  batch: FlowBatch,
  result: DecodeResult,
): number {
  const key = templateKey(ctx.domain, setId);
  const tpl = exporter.templates.get(key);
  if (!tpl) {
    const limits = state.limits;
    const kept = exporter.pending.add(
      exporter.stats,
      {
        key,
        // A real copy: Buffer#slice would be a view of a datagram buffer the caller may reuse.
        bytes: new Uint8Array(b.subarray(start, end)),
        arrivalMs: state.now(),
        uptimeRef: ctx.uptimeRef,
        uptimeRefEpoch: ctx.uptimeRefEpoch,
        exportMs: ctx.exportMs,
      },
      limits.maxPendingBytesPerExporter,
      limits.maxPendingSetsPerExporter,
    );
    if (kept) result.pending++;
    else result.templateMisses++;
    return -1;
  }
  return decodeWithTemplate(b, start, end, tpl, ctx, exporter, batch, result);
}

function decodeWithTemplate(
  b: Uint8Array,
  start: number,
  end: number,
  tpl: Template,
  ctx: RecordContext,
  exporter: ExporterState,
  batch: FlowBatch,
  result: DecodeResult,
): number {
  ctx.badRecord = false;
  let n: number;
  if (tpl.isOptions) {
    n = decodeOptionsRecords(b, start, end, tpl, ctx, exporter);
    // Options may have just announced a sampling rate or init time for the rest of this datagram.
    applySamplingDefaults(ctx, exporter);
    if (ctx.uptimeMode !== UPTIME_V9) setIpfixUptime(ctx, exporter);
  } else {
    n = decodeDataRecords(b, start, end, tpl, ctx, batch);
    result.records += n;
    exporter.stats.records += n;
  }
  if (ctx.badRecord) markMalformed(result, exporter, 'bad_record');
  return n;
}

/** IPFIX uptime-relative times need the domain's systemInitTimeMilliseconds from options. */
export function setIpfixUptime(ctx: RecordContext, exporter: ExporterState): void {
  const init = exporter.sampling.systemInitMs(ctx.domain);
  ctx.uptimeMode = Number.isNaN(init) ? UPTIME_NONE : UPTIME_FROM_INIT;
  ctx.uptimeRefEpoch = Number.isNaN(init) ? 0 : init;
}

const pendingCtx = newRecordContext();

/** Decodes, with their original header context, the buffered data sets that waited for `key`. */
function flushPending(
  key: number,
  flavor: number,
  exporter: ExporterState,
  batch: FlowBatch,
  result: DecodeResult,
): void {
  const waiting = exporter.pending.take(key);
  for (const entry of waiting) {
    const tpl = exporter.templates.get(key);
    if (!tpl) return;
    pendingCtx.exporterIndex = exporter.index;
    pendingCtx.domain = tpl.domain;
    pendingCtx.exportMs = entry.exportMs;
    pendingCtx.uptimeRef = entry.uptimeRef;
    pendingCtx.uptimeRefEpoch = entry.uptimeRefEpoch;
    if (flavor === FLAVOR_IPFIX) setIpfixUptime(pendingCtx, exporter);
    else pendingCtx.uptimeMode = UPTIME_V9;
    applySamplingDefaults(pendingCtx, exporter);
    decodeWithTemplate(entry.bytes, 0, entry.bytes.length, tpl, pendingCtx, exporter, batch, result);
    exporter.stats.pendingDecoded++;
  }
}

/** Reads a set header at `off`: returns the set length, or -1 when it is < 4 or overruns `end`. */
export function setLengthAt(b: Uint8Array, off: number, end: number): number {
  const length = u16(b, off + 2);
  if (length < 4 || off + length > end) return -1;
  return length;
}
