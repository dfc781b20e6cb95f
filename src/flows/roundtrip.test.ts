// Property tests: random flows encoded by the test encoders decode back to the same values, for
// every protocol. The encoders build bytes field by field, independently of the decoders.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatIp, parseIp } from './address.ts';
import { FlowBatch, type FlowRecord, flowRecords } from './batch.ts';
import { decodeIpfix } from './ipfix.ts';
import { decodeNetflow5 } from './netflow5.ts';
import { decodeNetflow9 } from './netflow9.ts';
import { decodeSflow } from './sflow.ts';
import { FlowDecoderState } from './state.ts';
import {
  buildFrame,
  encodeIpfixFlows,
  encodeNetflow5,
  encodeNetflow9Flows,
  encodeSflow,
  type FullFlowInput,
  sflowFlowSample,
  sflowRawHeaderRecord,
} from './testing/encode.ts';

const T = 1_700_000_000_123;
const RUNS = { numRuns: 150 };

const canonical = (ip: string): string => {
  const parsed = parseIp(ip)!;
  return formatIp(parsed.version, parsed.words);
};

function flowArb(opts: { v6: boolean; maxCount: number; maxAs: number }): fc.Arbitrary<FullFlowInput> {
  const address = opts.v6 ? fc.oneof(fc.ipV4(), fc.ipV6()) : fc.ipV4();
  return fc
    .record({
      src: address,
      dst: fc.ipV4(),
      dst6: fc.ipV6(),
      srcPort: fc.integer({ min: 0, max: 65535 }),
      dstPort: fc.integer({ min: 0, max: 65535 }),
      protocol: fc.oneof(fc.constantFrom(1, 6, 17, 58), fc.integer({ min: 0, max: 255 })),
      tcpFlags: fc.integer({ min: 0, max: 255 }),
      tos: fc.integer({ min: 0, max: 255 }),
      packets: fc.integer({ min: 0, max: opts.maxCount }),
      bytes: fc.integer({ min: 0, max: opts.maxCount }),
      startMs: fc.integer({ min: T - 1_000_000_000, max: T }),
      duration: fc.integer({ min: 0, max: 1_000_000 }),
      srcAs: fc.integer({ min: 0, max: opts.maxAs }),
      dstAs: fc.integer({ min: 0, max: opts.maxAs }),
      icmpType: fc.integer({ min: 0, max: 255 }),
      icmpCode: fc.integer({ min: 0, max: 255 }),
    })
    .map((r) => ({
      src: r.src,
      // Both ends share the family, as they do in a real packet.
      dst: r.src.includes(':') ? r.dst6 : r.dst,
      srcPort: r.srcPort,
      dstPort: r.dstPort,
      protocol: r.protocol,
      tcpFlags: r.tcpFlags,
      tos: r.tos,
      packets: r.packets,
      bytes: r.bytes,
      startMs: r.startMs,
      endMs: Math.min(T, r.startMs + r.duration),
      srcAs: r.srcAs,
      dstAs: r.dstAs,
      icmpType: r.icmpType,
      icmpCode: r.icmpCode,
    }));
}

function expected(f: FullFlowInput, withAs: boolean): Partial<FlowRecord> {
  const icmp = f.protocol === 1 || f.protocol === 58;
  return {
    ipVersion: f.src.includes(':') ? 6 : 4,
    src: canonical(f.src),
    dst: canonical(f.dst),
    srcPort: icmp ? 0 : f.srcPort,
    dstPort: icmp ? 0 : f.dstPort,
    protocol: f.protocol,
    tcpFlags: f.tcpFlags,
    tos: f.tos,
    icmpType: icmp ? f.icmpType : 0,
    icmpCode: icmp ? f.icmpCode : 0,
    packets: f.packets,
    bytes: f.bytes,
    samplingRate: 1,
    startMs: f.startMs,
    endMs: f.endMs,
    srcAs: withAs ? f.srcAs : 0,
    dstAs: withAs ? f.dstAs : 0,
  };
}

function pick(record: FlowRecord, keys: Partial<FlowRecord>): Partial<FlowRecord> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(keys)) out[key] = record[key as keyof FlowRecord];
  return out as Partial<FlowRecord>;
}

const byFamily = (flows: FullFlowInput[]): FullFlowInput[] => [
  ...flows.filter((f) => !f.src.includes(':')),
  ...flows.filter((f) => f.src.includes(':')),
];

test('NetFlow v5 round trip', () => {
  fc.assert(
    fc.property(
      fc.array(flowArb({ v6: false, maxCount: 2 ** 32 - 1, maxAs: 65535 }), { maxLength: 30 }),
      (flows) => {
        const batch = new FlowBatch(4);
        const r = decodeNetflow5(
          encodeNetflow5(flows, { unixMs: T, sysUptime: 2_000_000_000 }),
          'x',
          batch,
          new FlowDecoderState(),
        );
        assert.equal(r.status, 'ok');
        const rows = flowRecords(batch);
        assert.equal(rows.length, flows.length);
        flows.forEach((f, n) => {
          const want = expected(f, true);
          assert.deepEqual(pick(rows[n]!, want), want);
        });
      },
    ),
    RUNS,
  );
});

test('NetFlow v9 round trip (IPv4 and IPv6)', () => {
  fc.assert(
    fc.property(
      fc.array(flowArb({ v6: true, maxCount: 2 ** 32 - 1, maxAs: 2 ** 32 - 1 }), { maxLength: 20 }),
      (flows) => {
        const batch = new FlowBatch(4);
        const buf = encodeNetflow9Flows(flows, { unixMs: T, sysUptime: 2_000_000_000 });
        const r = decodeNetflow9(buf, 'x', batch, new FlowDecoderState());
        assert.equal(r.status, 'ok');
        const rows = flowRecords(batch);
        byFamily(flows).forEach((f, n) => {
          const want = expected(f, true);
          assert.deepEqual(pick(rows[n]!, want), want);
        });
        assert.equal(rows.length, flows.length);
      },
    ),
    RUNS,
  );
});

test('IPFIX round trip (IPv4 and IPv6, 8-byte counters)', () => {
  fc.assert(
    fc.property(
      fc.array(flowArb({ v6: true, maxCount: 2 ** 48, maxAs: 2 ** 32 - 1 }), { maxLength: 20 }),
      (flows) => {
        const batch = new FlowBatch(4);
        const r = decodeIpfix(encodeIpfixFlows(flows, { exportMs: T }), 'x', batch, new FlowDecoderState());
        assert.equal(r.status, 'ok');
        const rows = flowRecords(batch);
        assert.equal(rows.length, flows.length);
        byFamily(flows).forEach((f, n) => {
          const want = expected(f, true);
          assert.deepEqual(pick(rows[n]!, want), want);
        });
      },
    ),
    RUNS,
  );
});

test('sFlow round trip through real packet headers', () => {
  const packetArb = fc
    .tuple(
      flowArb({ v6: true, maxCount: 1, maxAs: 0 }),
      fc.constantFrom(1, 6, 17, 58),
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 0, max: 1400 }),
      fc.array(fc.integer({ min: 1, max: 4094 }), { maxLength: 2 }),
    )
    .map(([f, protocol, rate, payloadLength, vlans]) => ({ ...f, protocol, rate, payloadLength, vlans }));
  fc.assert(
    fc.property(fc.array(packetArb, { maxLength: 12 }), (packets) => {
      const samples = packets.map((p) =>
        sflowFlowSample({ samplingRate: p.rate, records: [sflowRawHeaderRecord(buildFrame(p))] }),
      );
      const batch = new FlowBatch(4);
      const r = decodeSflow(encodeSflow({}, samples), 'x', batch, new FlowDecoderState());
      assert.equal(r.status, 'ok');
      const rows = flowRecords(batch);
      assert.equal(rows.length, packets.length);
      packets.forEach((p, n) => {
        const row = rows[n]!;
        const icmp = p.protocol === 1 || p.protocol === 58;
        assert.equal(row.src, canonical(p.src));
        assert.equal(row.dst, canonical(p.dst));
        assert.equal(row.protocol, p.protocol);
        assert.equal(row.srcPort, icmp ? 0 : p.srcPort);
        assert.equal(row.dstPort, icmp ? 0 : p.dstPort);
        assert.equal(row.tcpFlags, p.protocol === 6 ? p.tcpFlags : 0);
        assert.equal(row.tos, p.tos);
        assert.equal(row.icmpType, icmp ? p.icmpType : 0);
        assert.equal(row.packets, p.rate);
        assert.equal(row.bytes, (buildFrame(p).length + 4) * p.rate);
      });
    }),
    { numRuns: 100 },
  );
});
