import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBatch, flowRecords } from './batch.ts';
import { decodeNetflow5 } from './netflow5.ts';
import { FlowDecoderState } from './state.ts';
import { encodeNetflow5 } from './testing/encode.ts';

const T = 1_700_000_000_000;

test('decodes every field of a v5 record', () => {
  const buf = encodeNetflow5(
    [
      {
        src: '203.0.113.5',
        dst: '198.51.100.7',
        srcPort: 123,
        dstPort: 40000,
        protocol: 17,
        tos: 0x10,
        tcpFlags: 0,
        packets: 7,
        bytes: 3400,
        startMs: T - 5000,
        endMs: T - 1000,
        srcAs: 64500,
        dstAs: 64501,
      },
      { src: '192.0.2.9', dst: '198.51.100.7', protocol: 6, srcPort: 1234, dstPort: 80, tcpFlags: 0x02 },
    ],
    { unixMs: T, sysUptime: 10_000, sequence: 100 },
  );
  const batch = new FlowBatch();
  const state = new FlowDecoderState();
  const result = decodeNetflow5(buf, 'r1', batch, state);
  assert.equal(result.status, 'ok');
  assert.equal(result.records, 2);
  assert.equal(result.sequence, 100);
  const [a, b] = flowRecords(batch);
  assert.deepEqual(
    { ...a },
    {
      ipVersion: 4,
      src: '203.0.113.5',
      dst: '198.51.100.7',
      srcPort: 123,
      dstPort: 40000,
      protocol: 17,
      tcpFlags: 0,
      tos: 0x10,
      icmpType: 0,
      icmpCode: 0,
      fragment: 0,
      packets: 7,
      bytes: 3400,
      samplingRate: 1,
      startMs: T - 5000,
      endMs: T - 1000,
      srcAs: 64500,
      dstAs: 64501,
      exporter: 0,
    },
  );
  assert.equal(b?.tcpFlags, 0x02);
  assert.equal(b?.dstPort, 80);
});

test('applies the header sampling interval to packets and bytes', () => {
  const buf = encodeNetflow5([{ src: '192.0.2.1', dst: '198.51.100.1', packets: 3, bytes: 300 }], {
    samplingMode: 1,
    samplingInterval: 1000,
  });
  const batch = new FlowBatch();
  decodeNetflow5(buf, 'r1', batch, new FlowDecoderState());
  const [r] = flowRecords(batch);
  assert.equal(r?.packets, 3000);
  assert.equal(r?.bytes, 300_000);
  assert.equal(r?.samplingRate, 1000);
});

test('an operator override applies when the header says unsampled', () => {
  const state = new FlowDecoderState();
  state.exporter('r1')!.samplingOverride = 64;
  const batch = new FlowBatch();
  decodeNetflow5(encodeNetflow5([{ src: '192.0.2.1', dst: '198.51.100.1', packets: 2 }]), 'r1', batch, state);
  assert.equal(flowRecords(batch)[0]?.packets, 128);
});

test('ICMP type/code move from the destination port to the icmp column', () => {
  const buf = encodeNetflow5([
    { src: '192.0.2.1', dst: '198.51.100.1', protocol: 1, icmpType: 3, icmpCode: 4 },
  ]);
  const batch = new FlowBatch();
  decodeNetflow5(buf, 'r1', batch, new FlowDecoderState());
  const [r] = flowRecords(batch);
  assert.equal(r?.icmpType, 3);
  assert.equal(r?.icmpCode, 4);
  assert.equal(r?.dstPort, 0);
});

test('flow_sequence gaps are counted in flows per engine', () => {
  const state = new FlowDecoderState();
  const batch = new FlowBatch();
  const flows = Array.from({ length: 10 }, () => ({ src: '192.0.2.1', dst: '198.51.100.1' }));
  decodeNetflow5(encodeNetflow5(flows, { sequence: 0 }), 'r1', batch, state);
  assert.equal(decodeNetflow5(encodeNetflow5(flows, { sequence: 10 }), 'r1', batch, state).lost, 0);
  const gap = decodeNetflow5(encodeNetflow5(flows, { sequence: 50 }), 'r1', batch, state);
  assert.equal(gap.lost, 30);
  // Another engine on the same exporter has its own counter.
  assert.equal(
    decodeNetflow5(encodeNetflow5(flows, { sequence: 999, engineId: 2 }), 'r1', batch, state).lost,
    0,
  );
  const stats = state.exporter('r1')!.stats;
  assert.equal(stats.sequenceGaps, 1);
  assert.equal(stats.lost, 30);
  assert.equal(stats.datagrams, 4);
  assert.equal(stats.records, 40);
});

test('rejects truncated headers, wrong versions and counts that overrun the datagram', () => {
  const state = new FlowDecoderState();
  const batch = new FlowBatch();
  const good = encodeNetflow5([
    { src: '192.0.2.1', dst: '198.51.100.1' },
    { src: '192.0.2.2', dst: '198.51.100.1' },
  ]);
  assert.equal(decodeNetflow5(good.subarray(0, 20), 'r1', batch, state).reason, 'truncated_header');
  const wrongVersion = good.slice();
  wrongVersion[1] = 7;
  assert.equal(decodeNetflow5(wrongVersion, 'r1', batch, state).reason, 'bad_version');
  const cut = decodeNetflow5(good.subarray(0, good.length - 1), 'r1', batch, state);
  assert.equal(cut.reason, 'bad_length');
  assert.equal(cut.records, 0);
  const lying = good.slice();
  lying[3] = 200;
  assert.equal(decodeNetflow5(lying, 'r1', batch, state).reason, 'bad_length');
  assert.equal(batch.length, 0, 'a malformed v5 datagram adds no rows');
  const stats = state.exporter('r1')!.stats;
  assert.equal(stats.malformed, 4);
  assert.equal(stats.malformedByReason.bad_length, 2);
});

test('refuses new exporters past the cap without tracking them', () => {
  const state = new FlowDecoderState({ limits: { maxExporters: 1 } });
  const batch = new FlowBatch();
  const buf = encodeNetflow5([{ src: '192.0.2.1', dst: '198.51.100.1' }]);
  assert.equal(decodeNetflow5(buf, 'a', batch, state).status, 'ok');
  const refused = decodeNetflow5(buf, 'b', batch, state);
  assert.equal(refused.status, 'rejected');
  assert.equal(state.rejected, 1);
  assert.equal(state.exporterList.length, 1);
});
