// Encoders for NetFlow v5, NetFlow v9 and IPFIX datagrams: low-level set builders (any template,
// any field width, enterprise and variable-length fields, withdrawals) for protocol tests, and
// flow-level helpers that produce what a typical router sends, for the simulator and benchmarks.

import { parseIp } from '../address.ts';
import { type FlowInput, icmpPortValue, isIcmp, withDefaults } from './flow-input.ts';
import { ByteWriter, concatBytes } from './writer.ts';

export interface FieldSpec {
  id: number;
  length: number;
  /** IPFIX private enterprise number: sets the enterprise bit. */
  enterprise?: number;
}

/** number: unsigned in the field's width; string: an IP address; bytes: raw (or variable-length). */
export type FieldValue = number | string | Uint8Array | { bytes: Uint8Array; longPrefix: true };

const VARLEN = 65535;

// ---- NetFlow v5 -----------------------------------------------------------------------------

export interface V5Header {
  sysUptime?: number;
  unixMs?: number;
  sequence?: number;
  engineType?: number;
  engineId?: number;
  samplingInterval?: number;
  samplingMode?: number;
}

/** A v5 datagram; times are converted to sysUptime ms relative to header.unixMs. */
export function encodeNetflow5(flows: readonly FlowInput[], header: V5Header = {}): Uint8Array {
  const sysUptime = header.sysUptime ?? 3_600_000;
  const unixMs = header.unixMs ?? 1_700_000_000_000;
  const w = new ByteWriter();
  w.u16(5).u16(flows.length).u32(sysUptime);
  w.u32(Math.floor(unixMs / 1000)).u32((unixMs % 1000) * 1e6);
  w.u32(header.sequence ?? 0)
    .u8(header.engineType ?? 0)
    .u8(header.engineId ?? 0);
  w.u16(((header.samplingMode ?? 0) << 14) | ((header.samplingInterval ?? 0) & 0x3fff));
  for (const input of flows) {
    const f = withDefaults(input);
    const uptime = (ms: number): number => (sysUptime - (unixMs - ms)) >>> 0;
    w.ip(f.src).ip(f.dst).u32(0).u16(0).u16(0);
    w.u32(f.packets).u32(f.bytes).u32(uptime(f.startMs)).u32(uptime(f.endMs));
    w.u16(isIcmp(f.protocol) ? 0 : f.srcPort).u16(isIcmp(f.protocol) ? icmpPortValue(f) : f.dstPort);
    w.u8(0).u8(f.tcpFlags).u8(f.protocol).u8(f.tos).u16(f.srcAs).u16(f.dstAs).u8(0).u8(0).u16(0);
  }
  return w.finish();
}

// ---- sets shared by v9 and IPFIX ------------------------------------------------------------

function writeValue(w: ByteWriter, spec: FieldSpec, value: FieldValue | undefined): void {
  if (spec.length === VARLEN) {
    const raw =
      value instanceof Uint8Array ? value : typeof value === 'object' ? value.bytes : new Uint8Array(0);
    const long = typeof value === 'object' && !(value instanceof Uint8Array);
    if (raw.length < 255 && !long) w.u8(raw.length);
    else w.u8(255).u16(raw.length);
    w.bytes(raw);
    return;
  }
  if (typeof value === 'string') {
    const parsed = parseIp(value);
    if (!parsed) throw new Error(`not an IP address: ${value}`);
    const wb = new ByteWriter().ip(value).finish();
    w.bytes(wb.length === spec.length ? wb : new Uint8Array(spec.length));
  } else if (value instanceof Uint8Array) {
    const out = new Uint8Array(spec.length);
    out.set(value.subarray(0, spec.length));
    w.bytes(out);
  } else if (typeof value === 'number') {
    w.uint(value, spec.length);
  } else {
    w.zeros(spec.length);
  }
}

/** A data set: header, records, then zero padding to a 4-byte boundary when `pad`. */
export function dataSet(
  setId: number,
  fields: readonly FieldSpec[],
  records: readonly (readonly FieldValue[])[],
  pad = false,
): Uint8Array {
  const w = new ByteWriter().u16(setId).u16(0);
  for (const record of records) {
    for (let f = 0; f < fields.length; f++) writeValue(w, fields[f]!, record[f]);
  }
  if (pad) while (w.length % 4 !== 0) w.u8(0);
  return w.patch16(2, w.length).finish();
}

function writeSpec(w: ByteWriter, spec: FieldSpec, ipfix: boolean): void {
  if (ipfix && spec.enterprise !== undefined)
    w.u16(spec.id | 0x8000)
      .u16(spec.length)
      .u32(spec.enterprise);
  else w.u16(spec.id).u16(spec.length);
}

export interface TemplateSpec {
  id: number;
  fields: readonly FieldSpec[];
}

export interface OptionsTemplateSpec {
  id: number;
  scope: readonly FieldSpec[];
  options: readonly FieldSpec[];
}

export function v9TemplateSet(templates: readonly TemplateSpec[]): Uint8Array {
  const w = new ByteWriter().u16(0).u16(0);
  for (const t of templates) {
    w.u16(t.id).u16(t.fields.length);
    for (const spec of t.fields) writeSpec(w, spec, false);
  }
  return w.patch16(2, w.length).finish();
}

/** v9 options template flowset; scope field ids are v9 scope types (1 system, 2 interface …). */
export function v9OptionsTemplateSet(t: OptionsTemplateSpec): Uint8Array {
  const w = new ByteWriter()
    .u16(1)
    .u16(0)
    .u16(t.id)
    .u16(t.scope.length * 4)
    .u16(t.options.length * 4);
  for (const spec of [...t.scope, ...t.options]) writeSpec(w, spec, false);
  while (w.length % 4 !== 0) w.u8(0);
  return w.patch16(2, w.length).finish();
}

export function ipfixTemplateSet(templates: readonly TemplateSpec[]): Uint8Array {
  const w = new ByteWriter().u16(2).u16(0);
  for (const t of templates) {
    w.u16(t.id).u16(t.fields.length);
    for (const spec of t.fields) writeSpec(w, spec, true);
  }
  return w.patch16(2, w.length).finish();
}

export function ipfixOptionsTemplateSet(templates: readonly OptionsTemplateSpec[]): Uint8Array {
  const w = new ByteWriter().u16(3).u16(0);
  for (const t of templates) {
    w.u16(t.id)
      .u16(t.scope.length + t.options.length)
      .u16(t.scope.length);
    for (const spec of [...t.scope, ...t.options]) writeSpec(w, spec, true);
  }
  return w.patch16(2, w.length).finish();
}

/** Withdrawal records (field count 0) in a template (2) or options template (3) set. */
export function ipfixWithdrawalSet(setId: 2 | 3, templateIds: readonly number[]): Uint8Array {
  const w = new ByteWriter().u16(setId).u16(4 + templateIds.length * 4);
  for (const id of templateIds) w.u16(id).u16(0);
  return w.finish();
}

export interface V9Header {
  sysUptime?: number;
  unixMs?: number;
  sequence?: number;
  sourceId?: number;
  /** Header record count; defaults to 0 (decoders ignore it, as many exporters get it wrong). */
  count?: number;
}

export function encodeNetflow9(header: V9Header, sets: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter()
    .u16(9)
    .u16(header.count ?? 0)
    .u32(header.sysUptime ?? 3_600_000);
  w.u32(Math.floor((header.unixMs ?? 1_700_000_000_000) / 1000));
  w.u32(header.sequence ?? 0).u32(header.sourceId ?? 0);
  return concatBytes([w.finish(), ...sets]);
}

export interface IpfixHeader {
  exportMs?: number;
  sequence?: number;
  domain?: number;
}

export function encodeIpfix(header: IpfixHeader, sets: readonly Uint8Array[]): Uint8Array {
  const body = concatBytes(sets);
  const w = new ByteWriter().u16(10).u16(16 + body.length);
  w.u32(Math.floor((header.exportMs ?? 1_700_000_000_000) / 1000));
  w.u32(header.sequence ?? 0).u32(header.domain ?? 0);
  return concatBytes([w.finish(), body]);
}
