// Flow decoder throughput: ns per record (median and p99 over many runs) for NetFlow v5, v9,
// IPFIX and sFlow, each next to references measured in the same process and interleaved with it:
// - floor: a hand-written loop that only reads the same fields at offsets known in advance with
//   Buffer.readUInt*BE (no validation, no templates, no output) — the cost of touching the bytes;
// - json: JSON.parse of the same records as an array of objects, the usual "one object per record".
// `--json` prints one JSON object; `--runs N` (default 300), `--datagrams N` per run (default 20).

import {
  decodeIpfix,
  decodeNetflow5,
  decodeNetflow9,
  decodeSflow,
  FlowBatch,
  FlowDecoderState,
} from '../src/flows/index.ts';
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
} from '../src/flows/testing/encode.ts';
import { numberOption, parseArgs, percentile, printResult, round } from './lib.ts';

const args = parseArgs();
const RUNS = numberOption(args, 'runs', 300);
const DATAGRAMS = numberOption(args, 'datagrams', 20);
const WARMUP = Math.max(20, Math.floor(RUNS / 5));
const T = 1_700_000_000_000;

let sink = 0; // keeps the reference loops from being optimised away

function flows(n: number, seed: number): FlowInput[] {
  return Array.from({ length: n }, (_, i) => ({
    src: `203.0.${(seed + i) % 256}.${(i * 7) % 256}`,
    dst: `198.51.100.${i % 16}`,
    srcPort: 123,
    dstPort: 1024 + i,
    protocol: 17,
    packets: 10 + i,
    bytes: 4680 + i,
    startMs: T - 1000,
    endMs: T,
    srcAs: 64500,
    dstAs: 64501,
  }));
}

interface Case {
  name: string;
  datagrams: Buffer[];
  records: number;
  decode: (buf: Buffer, batch: FlowBatch, state: FlowDecoderState) => void;
  floor: (buf: Buffer) => number;
  json: string;
  prime?: Buffer;
}

/** Reads every fixed-width field of a template-encoded record, as a hand-written parser would. */
function readFields(
  buf: Buffer,
  start: number,
  count: number,
  size: number,
  fields: readonly FieldSpec[],
): number {
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

const recordSize = (fields: readonly FieldSpec[]) => fields.reduce((n, f) => n + f.length, 0);

function buildCases(): Case[] {
  const v5 = Array.from({ length: DATAGRAMS }, (_, d) =>
    Buffer.from(encodeNetflow5(flows(30, d), { unixMs: T, sequence: d * 30 })),
  );
  const v9Size = recordSize(V9_FIELDS_V4);
  const v9 = Array.from({ length: DATAGRAMS }, (_, d) =>
    Buffer.from(encodeNetflow9Flows(flows(30, d), { unixMs: T, sequence: d, templates: false })),
  );
  const ipfixSize = recordSize(IPFIX_FIELDS_V4);
  const ipfix = Array.from({ length: DATAGRAMS }, (_, d) =>
    Buffer.from(encodeIpfixFlows(flows(24, d), { exportMs: T, sequence: d * 24, templates: false })),
  );
  const sflow = Array.from({ length: DATAGRAMS }, (_, d) =>
    Buffer.from(
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
  );
  const jsonOf = (n: number) => JSON.stringify(flows(n, 0));
  return [
    {
      name: 'netflow5',
      datagrams: v5,
      records: 30 * DATAGRAMS,
      decode: (b, batch, state) => decodeNetflow5(b, 'bench', batch, state),
      floor: (b) => {
        let acc = 0;
        for (let o = 24; o + 48 <= b.length; o += 48) {
          acc += b.readUInt32BE(o) + b.readUInt32BE(o + 4) + b.readUInt32BE(o + 16) + b.readUInt32BE(o + 20);
          acc +=
            b.readUInt32BE(o + 24) + b.readUInt32BE(o + 28) + b.readUInt16BE(o + 32) + b.readUInt16BE(o + 34);
          acc += b.readUInt8(o + 37) + b.readUInt8(o + 38) + b.readUInt8(o + 39);
          acc += b.readUInt16BE(o + 40) + b.readUInt16BE(o + 42);
        }
        return acc;
      },
      json: jsonOf(30 * DATAGRAMS),
    },
    {
      name: 'netflow9',
      datagrams: v9,
      records: 30 * DATAGRAMS,
      prime: Buffer.from(encodeNetflow9Flows(flows(1, 0), { unixMs: T })),
      decode: (b, batch, state) => decodeNetflow9(b, 'bench', batch, state),
      floor: (b) => readFields(b, 24, 30, v9Size, V9_FIELDS_V4),
      json: jsonOf(30 * DATAGRAMS),
    },
    {
      name: 'ipfix',
      datagrams: ipfix,
      records: 24 * DATAGRAMS,
      prime: Buffer.from(encodeIpfixFlows(flows(1, 0), { exportMs: T })),
      decode: (b, batch, state) => decodeIpfix(b, 'bench', batch, state),
      floor: (b) => readFields(b, 20, 24, ipfixSize, IPFIX_FIELDS_V4),
      json: jsonOf(24 * DATAGRAMS),
    },
    {
      name: 'sflow5',
      datagrams: sflow,
      records: 10 * DATAGRAMS,
      decode: (b, batch, state) => decodeSflow(b, 'bench', batch, state),
      floor: (b) => {
        // Walk samples by length; read rate, frame length and the fixed Ethernet/IPv4/UDP offsets.
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
      },
      json: jsonOf(10 * DATAGRAMS),
    },
  ];
}

interface Figures {
  decode: number[];
  floor: number[];
  json: number[];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start);
}

function measure(c: Case): Figures {
  const batch = new FlowBatch(c.records);
  const state = new FlowDecoderState();
  if (c.prime) c.decode(c.prime, batch, state);
  const figures: Figures = { decode: [], floor: [], json: [] };
  for (let run = 0; run < WARMUP + RUNS; run++) {
    // Interleaved so that machine noise hits the decoder and its references alike.
    const decodeNs = time(() => {
      batch.reset();
      for (const d of c.datagrams) c.decode(d, batch, state);
    });
    if (batch.length !== c.records) throw new Error(`${c.name}: decoded ${batch.length} of ${c.records}`);
    const floorNs = time(() => {
      for (const d of c.datagrams) sink += c.floor(d);
    });
    const jsonNs = time(() => {
      sink += (JSON.parse(c.json) as unknown[]).length;
    });
    if (run < WARMUP) continue;
    figures.decode.push(decodeNs / c.records);
    figures.floor.push(floorNs / c.records);
    figures.json.push(jsonNs / c.records);
  }
  return figures;
}

const result: Record<string, number | string> = { runs: RUNS, records_per_run_v5: 30 * DATAGRAMS };
for (const c of buildCases()) {
  const f = measure(c);
  const median = percentile(f.decode, 50);
  result[`${c.name}_ns_per_record_median`] = round(median);
  result[`${c.name}_ns_per_record_p99`] = round(percentile(f.decode, 99));
  result[`${c.name}_records_per_s`] = Math.round(1e9 / median);
  result[`${c.name}_floor_ns_median`] = round(percentile(f.floor, 50));
  result[`${c.name}_floor_ns_p99`] = round(percentile(f.floor, 99));
  result[`${c.name}_json_ns_median`] = round(percentile(f.json, 50));
  result[`${c.name}_ratio_to_floor`] = round(median / percentile(f.floor, 50));
  result[`${c.name}_ratio_to_json`] = round(median / percentile(f.json, 50));
}
if (sink === -1) result.sink = sink;
printResult('flow decoders — ns per record (lower is better), references in the same run', result, args.json);
