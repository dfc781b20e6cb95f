// Fuzz tests: random bytes and random damage to valid datagrams of every protocol. The decoders
// must never throw, never hang (the test would time out), keep their memory caps, and keep the
// counters consistent with the rows they actually wrote.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FlowBatch } from './batch.ts';
import { decodeFlowDatagram } from './decode.ts';
import { decodeIpfix } from './ipfix.ts';
import { decodeNetflow5 } from './netflow5.ts';
import { decodeNetflow9 } from './netflow9.ts';
import type { DecodeResult } from './result.ts';
import { decodeSflow } from './sflow.ts';
import { FlowDecoderState } from './state.ts';
import { MALFORMED_REASONS } from './stats.ts';
import { sampleDatagrams } from './testing/sample-datagrams.ts';

type Decoder = (buf: Uint8Array, key: string, batch: FlowBatch, state: FlowDecoderState) => DecodeResult;

const LIMITS = {
  maxTemplatesPerExporter: 16,
  maxFieldsPerTemplate: 64,
  maxPendingBytesPerExporter: 4096,
  maxPendingSetsPerExporter: 8,
  maxExporters: 4,
};

const corpus: Record<string, Uint8Array[]> = sampleDatagrams;

const decoders: Record<string, Decoder> = {
  v5: decodeNetflow5,
  v9: decodeNetflow9,
  ipfix: decodeIpfix,
  sflow: decodeSflow,
};

/**
 * A view of `buf` that throws on any read outside it. Typed arrays return undefined for
 * out-of-range indexes instead of throwing, which would hide an out-of-bounds read.
 */
function guarded(buf: Uint8Array): Uint8Array {
  return new Proxy(buf, {
    get(target, key) {
      if (typeof key === 'string' && /^-?\d+$/.test(key)) {
        const index = Number(key);
        if (index < 0 || index >= target.length) throw new RangeError(`read at ${index} of ${target.length}`);
        return target[index];
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Decodes and checks every invariant that must hold whatever the input. */
function checkedDecode(
  decode: Decoder,
  buf: Uint8Array,
  key: string,
  batch: FlowBatch,
  state: FlowDecoderState,
): void {
  const before = batch.length;
  const rowsBefore = state.exporterList.reduce((sum, e) => sum + e.stats.records, 0);
  const result = decode(guarded(buf), key, batch, state);
  assert.ok(['ok', 'malformed', 'rejected'].includes(result.status));
  assert.equal(batch.length - before, result.records, 'result.records equals the rows appended');
  const rowsAfter = state.exporterList.reduce((sum, e) => sum + e.stats.records, 0);
  assert.equal(rowsAfter - rowsBefore, result.records, 'stats.records equals the rows appended');
  for (let i = before; i < batch.length; i++) {
    assert.ok([0, 4, 6].includes(batch.ipVersion[i]!));
    assert.ok(Number.isFinite(batch.packets[i]!) && batch.packets[i]! >= 0);
    assert.ok(Number.isFinite(batch.bytes[i]!) && batch.bytes[i]! >= 0);
    assert.ok(batch.samplingRate[i]! >= 1);
  }
  for (const exporter of state.exporterList) {
    const s = exporter.stats;
    const byReason = MALFORMED_REASONS.reduce((sum, r) => sum + s.malformedByReason[r], 0);
    assert.equal(byReason, s.malformed);
    assert.ok(s.malformed <= s.datagrams);
    assert.ok(exporter.templates.size <= LIMITS.maxTemplatesPerExporter);
    assert.ok(exporter.pending.bytes <= LIMITS.maxPendingBytesPerExporter);
    assert.ok(exporter.pending.count <= LIMITS.maxPendingSetsPerExporter);
  }
  if (batch.length > 100_000) batch.reset();
}

/** Random bytes behind a header that passes the first checks, so the fuzzing reaches the body. */
function plausibleHeader(name: string, random: Uint8Array): Uint8Array {
  const buf = random.slice();
  const put16 = (at: number, v: number) => {
    if (buf.length >= at + 2) {
      buf[at] = v >>> 8;
      buf[at + 1] = v & 0xff;
    }
  };
  if (name === 'v5') {
    put16(0, 5);
    put16(2, Math.max(0, Math.floor((buf.length - 24) / 48)));
  } else if (name === 'v9') {
    put16(0, 9);
  } else if (name === 'ipfix') {
    put16(0, 10);
    put16(2, buf.length);
  } else {
    put16(0, 0);
    put16(2, 5);
    put16(4, 0);
    put16(6, 1); // IPv4 agent
    put16(24, 0);
    if (buf.length > 27) buf[27]! &= 7; // a handful of samples
    put16(28, 0);
    put16(30, buf.length > 31 && buf[31]! & 1 ? 1 : 3); // first sample: a (expanded) flow sample
  }
  return buf;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('zero16' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('max16' as const), at: fc.nat(), value: fc.constant(0) }),
);

function mutate(
  original: Uint8Array,
  mutations: readonly fc.Arbitrary<unknown>[] | { kind: string; at: number; value: number }[],
): Uint8Array {
  let buf = original.slice();
  for (const m of mutations as { kind: string; at: number; value: number }[]) {
    if (buf.length === 0) break;
    const at = m.at % buf.length;
    if (m.kind === 'flip') buf[at] = m.value;
    else if (m.kind === 'truncate') buf = buf.slice(0, at);
    else if (m.kind === 'insert')
      buf = Uint8Array.from([...buf.subarray(0, at), m.value, ...buf.subarray(at)]);
    else if (m.kind === 'zero16') buf.fill(0, at, at + 2);
    else buf.fill(255, at, at + 2);
  }
  return buf;
}

for (const [name, decode] of Object.entries(decoders)) {
  test(`${name}: random bytes never throw and keep counters consistent`, { timeout: 10_000 }, () => {
    const batch = new FlowBatch();
    const state = new FlowDecoderState({ limits: LIMITS, now: () => 0 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1500 }), fc.boolean(), (bytes, plausible) => {
        checkedDecode(decode, plausible ? plausibleHeader(name, bytes) : bytes, 'e', batch, state);
      }),
      { numRuns: 1500 },
    );
  });

  test(`${name}: mutated and truncated valid datagrams never throw`, { timeout: 10_000 }, () => {
    const batch = new FlowBatch();
    let now = 0;
    const state = new FlowDecoderState({ limits: LIMITS, now: () => now });
    const samples = corpus[name]!;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 5 }),
        (which, mutations, exporter) => {
          now += 100;
          const original = samples[which]!;
          // Valid datagrams in between keep templates flowing, so damaged data meets real templates.
          checkedDecode(decode, original, `e${exporter}`, batch, state);
          checkedDecode(decode, mutate(original, mutations), `e${exporter}`, batch, state);
        },
      ),
      { numRuns: 1500 },
    );
  });
}

test('the dispatcher routes by version and refuses unknown protocols', () => {
  const batch = new FlowBatch();
  const state = new FlowDecoderState();
  assert.equal(decodeFlowDatagram(corpus.v5![0]!, 'a', batch, state).protocol, 'netflow5');
  assert.equal(decodeFlowDatagram(corpus.v9![0]!, 'a', batch, state).protocol, 'netflow9');
  assert.equal(decodeFlowDatagram(corpus.ipfix![0]!, 'a', batch, state).protocol, 'ipfix');
  assert.equal(decodeFlowDatagram(corpus.sflow![0]!, 'a', batch, state).protocol, 'sflow5');
  for (const junk of [
    new Uint8Array(0),
    Uint8Array.of(0),
    Uint8Array.of(0, 7, 1, 2),
    Uint8Array.of(0, 0, 0, 4),
  ]) {
    const r = decodeFlowDatagram(junk, 'a', batch, state);
    assert.equal(r.status, 'malformed');
    assert.equal(r.reason, 'unknown_protocol');
  }
  assert.equal(state.unknownProtocol, 4);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const r = decodeFlowDatagram(bytes, 'a', batch, state);
      assert.ok(r.status !== 'ok' || r.protocol !== null);
    }),
    { numRuns: 500 },
  );
});
