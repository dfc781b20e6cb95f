// Flow-level encoders for NetFlow v9 and IPFIX: the templates and datagrams a typical router sends
// for a list of flows, for the simulator, the benchmarks and round-trip tests.

import {
  dataSet,
  encodeIpfix,
  encodeNetflow9,
  type FieldSpec,
  type FieldValue,
  type IpfixHeader,
  ipfixTemplateSet,
  type V9Header,
  v9TemplateSet,
} from './encode-netflow.ts';
import { type FlowInput, type FullFlowInput, icmpPortValue, isIcmp, withDefaults } from './flow-input.ts';

export const V9_TEMPLATE_V4 = 256;
export const V9_TEMPLATE_V6 = 257;

const tail = (bytesWidth: number, timeIds: [number, number], timeWidth: number): FieldSpec[] => [
  { id: 7, length: 2 },
  { id: 11, length: 2 },
  { id: 4, length: 1 },
  { id: 6, length: 1 },
  { id: 5, length: 1 },
  { id: 2, length: bytesWidth },
  { id: 1, length: bytesWidth },
  { id: timeIds[0], length: timeWidth },
  { id: timeIds[1], length: timeWidth },
  { id: 16, length: 4 },
  { id: 17, length: 4 },
  { id: 32, length: 2 },
];

/** The templates a typical NetFlow v9 router uses: uptime-relative times, 4-byte counters. */
export const V9_FIELDS_V4: readonly FieldSpec[] = [
  { id: 8, length: 4 },
  { id: 12, length: 4 },
  ...tail(4, [22, 21], 4),
];
export const V9_FIELDS_V6: readonly FieldSpec[] = [
  { id: 27, length: 16 },
  { id: 28, length: 16 },
  ...tail(4, [22, 21], 4),
];
/** IPFIX: 8-byte delta counters and absolute millisecond times (152/153). */
export const IPFIX_FIELDS_V4: readonly FieldSpec[] = [
  { id: 8, length: 4 },
  { id: 12, length: 4 },
  ...tail(8, [152, 153], 8),
];
export const IPFIX_FIELDS_V6: readonly FieldSpec[] = [
  { id: 27, length: 16 },
  { id: 28, length: 16 },
  ...tail(8, [152, 153], 8),
];

function flowValues(f: FullFlowInput, start: number, end: number): FieldValue[] {
  const icmp = isIcmp(f.protocol);
  return [
    f.src,
    f.dst,
    icmp ? 0 : f.srcPort,
    icmp ? 0 : f.dstPort,
    f.protocol,
    f.tcpFlags,
    f.tos,
    f.packets,
    f.bytes,
    start,
    end,
    f.srcAs,
    f.dstAs,
    icmp ? icmpPortValue(f) : 0,
  ];
}

export interface V9FlowOptions extends V9Header {
  /** Send the templates in this datagram (routers refresh them every so often). */
  templates?: boolean;
}

/** One v9 datagram carrying `flows` (IPv4 and IPv6 in separate data sets). */
export function encodeNetflow9Flows(flows: readonly FlowInput[], options: V9FlowOptions = {}): Uint8Array {
  const sysUptime = options.sysUptime ?? 3_600_000;
  const unixMs = options.unixMs ?? 1_700_000_000_000;
  // v9 carries whole seconds, so the uptime reference is the second the header names.
  const unixBase = Math.floor(unixMs / 1000) * 1000;
  const uptime = (ms: number): number => (sysUptime - (unixBase - ms)) >>> 0;
  const full = flows.map(withDefaults);
  const v4 = full.filter((f) => !f.src.includes(':'));
  const v6 = full.filter((f) => f.src.includes(':'));
  const sets: Uint8Array[] = [];
  if (options.templates ?? true) {
    sets.push(
      v9TemplateSet([
        { id: V9_TEMPLATE_V4, fields: V9_FIELDS_V4 },
        { id: V9_TEMPLATE_V6, fields: V9_FIELDS_V6 },
      ]),
    );
  }
  const values = (f: FullFlowInput): FieldValue[] => flowValues(f, uptime(f.startMs), uptime(f.endMs));
  if (v4.length > 0) sets.push(dataSet(V9_TEMPLATE_V4, V9_FIELDS_V4, v4.map(values), true));
  if (v6.length > 0) sets.push(dataSet(V9_TEMPLATE_V6, V9_FIELDS_V6, v6.map(values), true));
  return encodeNetflow9({ ...options, sysUptime, unixMs }, sets);
}

export interface IpfixFlowOptions extends IpfixHeader {
  templates?: boolean;
}

/** One IPFIX message carrying `flows`; the header sequence is the caller's data-record count. */
export function encodeIpfixFlows(flows: readonly FlowInput[], options: IpfixFlowOptions = {}): Uint8Array {
  const full = flows.map(withDefaults);
  const v4 = full.filter((f) => !f.src.includes(':'));
  const v6 = full.filter((f) => f.src.includes(':'));
  const sets: Uint8Array[] = [];
  if (options.templates ?? true) {
    sets.push(
      ipfixTemplateSet([
        { id: V9_TEMPLATE_V4, fields: IPFIX_FIELDS_V4 },
        { id: V9_TEMPLATE_V6, fields: IPFIX_FIELDS_V6 },
      ]),
    );
  }
  const values = (f: FullFlowInput): FieldValue[] => flowValues(f, f.startMs, f.endMs);
  if (v4.length > 0) sets.push(dataSet(V9_TEMPLATE_V4, IPFIX_FIELDS_V4, v4.map(values)));
  if (v6.length > 0) sets.push(dataSet(V9_TEMPLATE_V6, IPFIX_FIELDS_V6, v6.map(values)));
  return encodeIpfix(options, sets);
}
