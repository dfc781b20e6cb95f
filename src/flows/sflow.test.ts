import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBatch, FRAG_MORE, FRAG_NON_FIRST, flowRecords } from './batch.ts';
import { decodeSflow } from './sflow.ts';
import { FlowDecoderState } from './state.ts';
import {
  buildFrame,
  buildIpPacket,
  encodeSflow,
  type PacketSpec,
  sflowCounterSample,
  sflowExtendedGateway,
  sflowFlowSample,
  sflowRawHeaderRecord,
  sflowSampledIpRecord,
} from './testing/encode.ts';

function decodeOne(spec: PacketSpec, rate = 1000, expanded = false) {
  const frame = buildFrame(spec);
  const buf = encodeSflow({}, [
    sflowFlowSample({ samplingRate: rate, expanded, records: [sflowRawHeaderRecord(frame)] }),
  ]);
  const batch = new FlowBatch();
  const result = decodeSflow(buf, 'agent', batch, new FlowDecoderState());
  return { result, rows: flowRecords(batch), frame };
}

test('a UDP flow sample: packets = rate, bytes = frame length × rate', () => {
  const { result, rows, frame } = decodeOne({
    src: '203.0.113.9',
    dst: '198.51.100.10',
    protocol: 17,
    srcPort: 123,
    dstPort: 40000,
    payloadLength: 468,
    tos: 0xb8,
  });
  assert.equal(result.status, 'ok');
  assert.equal(result.records, 1);
  const [r] = rows;
  assert.equal(r?.src, '203.0.113.9');
  assert.equal(r?.dst, '198.51.100.10');
  assert.equal(r?.srcPort, 123);
  assert.equal(r?.dstPort, 40000);
  assert.equal(r?.tos, 0xb8);
  assert.equal(r?.packets, 1000);
  assert.equal(r?.bytes, (frame.length + 4) * 1000); // encoder reports frame length incl. FCS
  assert.equal(r?.samplingRate, 1000);
});

test('TCP flags, 802.1Q, QinQ and MPLS encapsulations', () => {
  const base: PacketSpec = {
    src: '192.0.2.1',
    dst: '198.51.100.1',
    protocol: 6,
    srcPort: 5555,
    dstPort: 443,
    tcpFlags: 0x02,
  };
  for (const extra of [{}, { vlans: [10] }, { vlans: [100, 200], qinq: true }, { mpls: [16, 17, 18] }]) {
    const { rows } = decodeOne({ ...base, ...extra });
    assert.equal(rows.length, 1, JSON.stringify(extra));
    assert.equal(rows[0]?.tcpFlags, 0x02);
    assert.equal(rows[0]?.dstPort, 443);
    assert.equal(rows[0]?.dst, '198.51.100.1');
  }
});

test('IPv4 fragments: the first has ports and MF, later ones have no ports', () => {
  const first = decodeOne({
    src: '192.0.2.1',
    dst: '198.51.100.1',
    protocol: 17,
    srcPort: 53,
    dstPort: 9,
    moreFragments: true,
  });
  assert.equal(first.rows[0]?.fragment, FRAG_MORE);
  assert.equal(first.rows[0]?.srcPort, 53);
  const later = decodeOne({
    src: '192.0.2.1',
    dst: '198.51.100.1',
    protocol: 17,
    fragmentOffset: 185,
    payloadLength: 100,
  });
  assert.equal(later.rows[0]?.fragment, FRAG_NON_FIRST);
  assert.equal(later.rows[0]?.srcPort, 0);
  assert.equal(later.rows[0]?.protocol, 17);
});

test('IPv6 with extension headers, the fragment header, and ICMPv6', () => {
  const ext = decodeOne({
    src: '2001:db8::1',
    dst: '2001:db8::2',
    protocol: 17,
    srcPort: 1900,
    dstPort: 7,
    ipv6Extensions: [0, 60],
  });
  assert.equal(ext.rows[0]?.protocol, 17);
  assert.equal(ext.rows[0]?.srcPort, 1900);
  assert.equal(ext.rows[0]?.ipVersion, 6);
  const frag = decodeOne({
    src: '2001:db8::1',
    dst: '2001:db8::2',
    protocol: 17,
    fragmentOffset: 10,
    moreFragments: true,
  });
  assert.equal(frag.rows[0]?.fragment, FRAG_MORE | FRAG_NON_FIRST);
  assert.equal(frag.rows[0]?.srcPort, 0);
  const icmp = decodeOne({
    src: '2001:db8::1',
    dst: '2001:db8::2',
    protocol: 58,
    icmpType: 128,
    icmpCode: 0,
  });
  assert.equal(icmp.rows[0]?.icmpType, 128);
  assert.equal(icmp.rows[0]?.protocol, 58);
});

test('ICMP over IPv4 and an expanded flow sample', () => {
  const { rows } = decodeOne(
    { src: '192.0.2.1', dst: '198.51.100.1', protocol: 1, icmpType: 8, icmpCode: 0 },
    512,
    true,
  );
  assert.equal(rows[0]?.icmpType, 8);
  assert.equal(rows[0]?.packets, 512);
});

test('a header cut before the transport layer still yields addresses', () => {
  const frame = buildFrame({ src: '192.0.2.1', dst: '198.51.100.1', protocol: 6, srcPort: 1, dstPort: 2 });
  const buf = encodeSflow({}, [
    sflowFlowSample({ samplingRate: 10, records: [sflowRawHeaderRecord(frame, 36)] }),
  ]);
  const batch = new FlowBatch();
  decodeSflow(buf, 'a', batch, new FlowDecoderState());
  const [r] = flowRecords(batch);
  assert.equal(r?.dst, '198.51.100.1');
  assert.equal(r?.dstPort, 0);
});

test('raw IPv4 header protocol (11) without Ethernet', () => {
  const ip = buildIpPacket({ src: '192.0.2.1', dst: '198.51.100.1', protocol: 17, srcPort: 19, dstPort: 80 });
  const buf = encodeSflow({}, [
    sflowFlowSample({ samplingRate: 1, records: [sflowRawHeaderRecord(ip, 128, 11)] }),
  ]);
  const batch = new FlowBatch();
  decodeSflow(buf, 'a', batch, new FlowDecoderState());
  assert.equal(flowRecords(batch)[0]?.srcPort, 19);
});

test('sampled IPv4/IPv6 records, extended gateway AS numbers, counter samples skipped', () => {
  const buf = encodeSflow({ agent: '2001:db8::99', subAgent: 3, sequence: 1 }, [
    sflowCounterSample(),
    sflowFlowSample({
      samplingRate: 100,
      records: [
        sflowSampledIpRecord({
          length: 1500,
          protocol: 17,
          src: '192.0.2.1',
          dst: '198.51.100.1',
          srcPort: 389,
          dstPort: 5,
        }),
        sflowExtendedGateway(64501, [64502, 64503]),
      ],
    }),
    sflowCounterSample(new Uint8Array(40), true),
    sflowFlowSample({
      samplingRate: 100,
      expanded: true,
      records: [
        sflowSampledIpRecord({
          length: 80,
          protocol: 6,
          src: '2001:db8::1',
          dst: '2001:db8::2',
          tcpFlags: 0x02,
        }),
      ],
    }),
  ]);
  const batch = new FlowBatch();
  const state = new FlowDecoderState();
  const result = decodeSflow(buf, 'a', batch, state);
  assert.equal(result.status, 'ok');
  const [v4, v6] = flowRecords(batch);
  assert.equal(v4?.bytes, 150_000);
  assert.equal(v4?.srcPort, 389);
  assert.equal(v4?.srcAs, 64501);
  assert.equal(v4?.dstAs, 64503);
  assert.equal(v6?.src, '2001:db8::1');
  assert.equal(v6?.tcpFlags, 0x02);
  assert.equal(state.exporter('a')!.stats.ignored, 2);
});

test('non-IP frames are ignored, not rows', () => {
  const arp = new Uint8Array(42);
  arp[12] = 0x08;
  arp[13] = 0x06;
  const buf = encodeSflow({}, [sflowFlowSample({ samplingRate: 1, records: [sflowRawHeaderRecord(arp)] })]);
  const batch = new FlowBatch();
  const result = decodeSflow(buf, 'a', batch, new FlowDecoderState());
  assert.equal(result.status, 'ok');
  assert.equal(batch.length, 0);
});

test('sequence numbers count datagrams per agent and sub-agent', () => {
  const batch = new FlowBatch();
  const state = new FlowDecoderState();
  const d = (agent: string, subAgent: number, sequence: number) =>
    decodeSflow(encodeSflow({ agent, subAgent, sequence }, []), 'collector-port', batch, state);
  d('192.0.2.1', 0, 1);
  d('192.0.2.1', 1, 50);
  assert.equal(d('192.0.2.1', 0, 2).lost, 0);
  assert.equal(d('192.0.2.1', 0, 5).lost, 2);
  assert.equal(d('192.0.2.1', 1, 51).lost, 0);
  d('2001:db8::1', 0, 1);
  assert.equal(d('2001:db8::1', 0, 3).lost, 1);
  assert.equal(state.exporter('collector-port')!.stats.lost, 3);
});

test('bounds: bad version, address type, sample counts and lengths, record lengths', () => {
  const batch = new FlowBatch();
  const state = new FlowDecoderState();
  const good = encodeSflow({}, [
    sflowFlowSample({
      samplingRate: 1,
      records: [sflowRawHeaderRecord(buildFrame({ src: '192.0.2.1', dst: '198.51.100.1', protocol: 17 }))],
    }),
  ]);
  const reason = (buf: Uint8Array) => decodeSflow(buf, 'a', batch, state).reason;
  assert.equal(reason(good.subarray(0, 20)), 'truncated_header');
  const v = good.slice();
  v[3] = 4;
  assert.equal(reason(v), 'bad_version');
  const addr = good.slice();
  addr[7] = 9;
  assert.equal(reason(addr), 'bad_address');
  const count = good.slice();
  count[27] = 2; // promises two samples, carries one
  assert.equal(reason(count), 'bad_sample');
  assert.equal(batch.length, 1, 'the intact first sample is kept');
  batch.reset();
  const sampleLength = good.slice();
  sampleLength[32] = 0x7f; // sample length far past the end
  assert.equal(reason(sampleLength), 'bad_sample');
  const records = good.slice();
  records[28 + 8 + 31] = 9; // flow sample claims 9 records
  assert.equal(reason(records), 'bad_sample');
  assert.equal(reason(good.subarray(0, good.length - 4)), 'bad_sample');
  assert.equal(batch.length, 0, 'no partial rows from broken samples');
});
