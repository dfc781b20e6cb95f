// Decoder cost per record for NetFlow v5, v9, IPFIX and sFlow, each next to references measured
// in the same process and interleaved with it:
// - floor: a hand-written loop that only reads the same fields at offsets known in advance with
//   Buffer.readUInt*BE (no validation, no templates, no output) — the cost of touching the bytes;
// - json: JSON.parse of the same records as an array of objects, the usual "one object per record".
// Also decode + count per protocol in one thread (the collector worker's whole per-record work).

import { decodeFlowDatagram, FlowBatch, FlowDecoderState } from '../../src/flows/index.ts';
import {
  buildFrame,
  encodeIpfixFlows,
  encodeNetflow5,
  encodeNetflow9Flows,
  encodeSflow,
  type FieldSpec,
  type FlowInput,
  IPFIX_FIELDS_V4,
  sflowFlowSample,
  sflowRawHeaderRecord,
  V9_FIELDS_V4,
} from '../../src/flows/testing/encode.ts';
import { percentile, round } from '../lib.ts';
import { inThreadRate } from './throughput.ts';

const T = Date.now();
let sink = 0; // keeps the reference loops from being optimised away

/** `n` flows to hosts spread over 10.1.0.0/16, numbered from `seed`. */
function flows(n: number, seed: number): FlowInput[] {
  return Array.from({ length: n }, (_, i) => {
    const host = (seed * n + i) % 65536;
    return {
      src: `203.0.${(seed + i) % 256}.${(i * 7) % 256}`,
      dst: `10.1.${host >> 8}.${host & 255}`,
      srcPort: 123,
      dstPort: 1024 + i,
      protocol: 17,
      packets: 10 + i,
      bytes: 4680 + i,
      startMs: T - 1000,
      endMs: T,
      srcAs: 64500,
      dstAs: 64501,
    };
  });
}

interface Case {
  name: string;
  datagrams: Buffer[];
  perDatagram: number;
  floor: (buf: Buffer) => number;
  prime: Buffer[];
}

/** Reads every fixed-width field of a template-encoded record, as a hand-written parser would. */
function readFields(buf: Buffer, start: number, count: number, fields: readonly FieldSpec[]): number {
  const size = fields.reduce((n, f) => n + f.length, 0);
  let acc = 0;
  for (let r = 0, o = start; r < count; r++, o += size) {
    let p = o;
    for (const f of fields) {
      if (f.length === 1) acc += buf.readUInt8(p);
      else if (f.length === 2) acc += buf.readUInt16BE(p);
      else if (f.length === 4) acc += buf.readUInt32BE(p);
      else acc += buf.readUInt32BE(p) * 4294967296 + buf.readUInt32BE(p + 4);
      p += f.length;
    }
  }
  return acc;
}

function v5Floor(b: Buffer): number {
  let acc = 0;
  for (let o = 24; o + 48 <= b.length; o += 48) {
    acc += b.readUInt32BE(o) + b.readUInt32BE(o + 4) + b.readUInt32BE(o + 16) + b.readUInt32BE(o + 20);
    acc += b.readUInt32BE(o + 24) + b.readUInt32BE(o + 28) + b.readUInt16BE(o + 32) + b.readUInt16BE(o + 34);
    acc += b.readUInt8(o + 37) + b.readUInt8(o + 38) + b.readUInt8(o + 39);
    acc += b.readUInt16BE(o + 40) + b.readUInt16BE(o + 42);
  }
  return acc;
}

/** Walks sFlow samples by length; reads rate, frame length and the fixed Ethernet/IPv4/UDP offsets. */
function sflowFloor(b: Buffer): number {
  let acc = 0;
  const samples = b.readUInt32BE(24);
  for (let s = 0, o = 28; s < samples; s++) {
    const length = b.readUInt32BE(o + 4);
    const body = o + 8;
    acc += b.readUInt32BE(body + 8); // sampling rate
    const record = body + 32;
    acc += b.readUInt32BE(record + 12); // frame length
    const h = record + 24; // header bytes
    acc += b.readUInt16BE(h + 12) + b.readUInt8(h + 15) + b.readUInt16BE(h + 20);
    acc += b.readUInt8(h + 23) + b.readUInt32BE(h + 26) + b.readUInt32BE(h + 30);
    acc += b.readUInt16BE(h + 34) + b.readUInt16BE(h + 36);
    o = body + length;
  }
  return acc;
}

export function buildCases(count: number): Case[] {
  const many = (make: (d: number) => Uint8Array) =>
    Array.from({ length: count }, (_, d) => Buffer.from(make(d)));
  return [
    {
      name: 'netflow5',
      perDatagram: 30,
      datagrams: many((d) => encodeNetflow5(flows(30, d), { unixMs: T, sequence: d * 30 })),
      floor: v5Floor,
      prime: [],
    },
    {
      name: 'netflow9',
      perDatagram: 30,
      datagrams: many((d) => encodeNetflow9Flows(flows(30, d), { unixMs: T, sequence: d, templates: false })),
      floor: (b) => readFields(b, 24, 30, V9_FIELDS_V4),
      prime: [Buffer.from(encodeNetflow9Flows(flows(1, 0), { unixMs: T }))],
    },
    {
      name: 'ipfix',
      perDatagram: 24,
      datagrams: many((d) =>
        encodeIpfixFlows(flows(24, d), { exportMs: T, sequence: d * 24, templates: false }),
      ),
      floor: (b) => readFields(b, 20, 24, IPFIX_FIELDS_V4),
      prime: [Buffer.from(encodeIpfixFlows(flows(1, 0), { exportMs: T }))],
    },
    {
      name: 'sflow5',
      perDatagram: 10,
      datagrams: many((d) =>
        encodeSflow(
          { sequence: d },
          flows(10, d).map((f) =>
            sflowFlowSample({
              samplingRate: 1000,
              records: [sflowRawHeaderRecord(buildFrame({ ...f, protocol: 17, payloadLength: 440 }))],
            }),
          ),
        ),
      ),
      floor: sflowFloor,
      prime: [],
    },
  ];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start);
}

/** ns per record (median, p99) for decode alone and the references, over `runs` interleaved runs. */
function nsPerRecord(c: Case, runs: number, datagrams: number) {
  const set = c.datagrams.slice(0, datagrams);
  const records = set.length * c.perDatagram;
  const batch = new FlowBatch(records);
  const state = new FlowDecoderState();
  for (const p of c.prime) decodeFlowDatagram(p, 'bench', batch, state);
  const json = JSON.stringify(flows(records, 0));
  const decode: number[] = [];
  const floor: number[] = [];
  const parse: number[] = [];
  const warmup = Math.max(20, Math.floor(runs / 5));
  for (let run = 0; run < warmup + runs; run++) {
    // Interleaved so that machine noise hits the decoder and its references alike.
    const d = time(() => {
      batch.reset();
      for (const b of set) decodeFlowDatagram(b, 'bench', batch, state);
    });
    if (batch.length !== records) throw new Error(`${c.name}: decoded ${batch.length} of ${records}`);
    const f = time(() => {
      for (const b of set) sink += c.floor(b);
    });
    const j = time(() => {
      sink += (JSON.parse(json) as unknown[]).length;
    });
    if (run < warmup) continue;
    decode.push(d / records);
    floor.push(f / records);
    parse.push(j / records);
  }
  return { decode, floor, parse };
}

/** Every decoder figure, flat, for the JSON object. */
export function decoderFigures(runs: number, countSeconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of buildCases(2048)) {
    const f = nsPerRecord(c, runs, 20);
    const median = percentile(f.decode, 50);
    out[`${c.name}_ns_per_record_median`] = round(median);
    out[`${c.name}_ns_per_record_p99`] = round(percentile(f.decode, 99));
    out[`${c.name}_floor_ns_median`] = round(percentile(f.floor, 50));
    out[`${c.name}_json_ns_median`] = round(percentile(f.parse, 50));
    out[`${c.name}_ratio_to_floor`] = round(median / percentile(f.floor, 50));
    out[`${c.name}_ratio_to_json`] = round(median / percentile(f.parse, 50));
    out[`${c.name}_records_per_s_one_worker`] = Math.round(inThreadRate(c.datagrams, countSeconds, c.prime));
  }
  if (sink === -1) out.sink = sink;
  return out;
}
