import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBatch, flowRecords } from './batch.ts';
import { decodeIpfix } from './ipfix.ts';
import { FlowDecoderState } from './state.ts';
import {
  dataSet,
  encodeIpfix,
  encodeIpfixFlows,
  type FieldSpec,
  ipfixTemplateSet,
  ipfixWithdrawalSet,
} from './testing/encode.ts';

const T = 1_700_000_000_000;

function setup() {
  return { batch: new FlowBatch(), state: new FlowDecoderState({ now: () => 0 }) };
}

test('decodes the standard IPFIX template with 8-byte counters and millisecond times', () => {
  const { batch, state } = setup();
  const buf = encodeIpfixFlows(
    [
      {
        src: '192.0.2.1',
        dst: '198.51.100.2',
        dstPort: 11211,
        srcPort: 11211,
        packets: 2 ** 40,
        bytes: 2 ** 50,
        startMs: T - 3,
        endMs: T,
      },
      {
        src: '2001:db8::1',
        dst: '2001:db8::2',
        protocol: 6,
        tcpFlags: 0x02,
        packets: 1,
        bytes: 60,
        startMs: T,
        endMs: T,
      },
    ],
    { exportMs: T, domain: 9, sequence: 0 },
  );
  const result = decodeIpfix(buf, 'r1', batch, state);
  assert.equal(result.status, 'ok');
  assert.equal(result.records, 2);
  const [v4, v6] = flowRecords(batch);
  assert.equal(v4?.packets, 2 ** 40);
  assert.equal(v4?.bytes, 2 ** 50);
  assert.equal(v4?.startMs, T - 3);
  assert.equal(v4?.endMs, T);
  assert.equal(v4?.dstPort, 11211);
  assert.equal(v6?.src, '2001:db8::1');
  assert.equal(v6?.tcpFlags, 0x02);
});

test('enterprise fields and variable-length fields (1- and 3-byte prefixes) are stepped over', () => {
  const { batch, state } = setup();
  const fields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 100, length: 4, enterprise: 9 },
    { id: 82, length: 65535 }, // interfaceName, variable length
    { id: 200, length: 65535, enterprise: 29305 },
    { id: 2, length: 4 },
  ];
  const big = new Uint8Array(300).fill(7);
  const buf = encodeIpfix({}, [
    ipfixTemplateSet([{ id: 256, fields }]),
    dataSet(256, fields, [
      ['192.0.2.1', 1, new TextEncoder().encode('xe-0/0/0'), new Uint8Array(0), 11],
      ['192.0.2.2', 2, big, { bytes: new Uint8Array(3), longPrefix: true }, 22],
    ]),
  ]);
  const result = decodeIpfix(buf, 'r1', batch, state);
  assert.equal(result.status, 'ok');
  assert.deepEqual(
    flowRecords(batch).map((r) => [r.src, r.packets]),
    [
      ['192.0.2.1', 11],
      ['192.0.2.2', 22],
    ],
  );
});

test('a variable-length field that overruns its set discards that record and marks the message', () => {
  const { batch, state } = setup();
  const fields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 82, length: 65535 },
  ];
  const set = dataSet(256, fields, [
    ['192.0.2.1', new Uint8Array(2)],
    ['192.0.2.2', new Uint8Array(2)],
  ]);
  set[set.length - 3] = 200; // second record's length prefix now points past the end
  const result = decodeIpfix(
    encodeIpfix({}, [ipfixTemplateSet([{ id: 256, fields }]), set]),
    'r1',
    batch,
    state,
  );
  assert.equal(result.reason, 'bad_record');
  assert.equal(result.records, 1);
  assert.equal(batch.length, 1);
});

test('template withdrawal: one template, then all templates of the domain', () => {
  const { batch, state } = setup();
  const f: FieldSpec[] = [{ id: 8, length: 4 }];
  decodeIpfix(
    encodeIpfix({ domain: 1 }, [
      ipfixTemplateSet([
        { id: 256, fields: f },
        { id: 257, fields: f },
        { id: 258, fields: f },
      ]),
    ]),
    'r1',
    batch,
    state,
  );
  decodeIpfix(encodeIpfix({ domain: 2 }, [ipfixTemplateSet([{ id: 256, fields: f }])]), 'r1', batch, state);
  const exporter = state.exporter('r1')!;
  assert.equal(exporter.templates.size, 4);
  decodeIpfix(encodeIpfix({ domain: 1 }, [ipfixWithdrawalSet(2, [256])]), 'r1', batch, state);
  assert.equal(exporter.templates.size, 3);
  const after = decodeIpfix(
    encodeIpfix({ domain: 1 }, [dataSet(256, f, [['192.0.2.1']])]),
    'r1',
    batch,
    state,
  );
  assert.equal(after.pending, 1, 'withdrawn template no longer decodes');
  decodeIpfix(encodeIpfix({ domain: 1 }, [ipfixWithdrawalSet(2, [2])]), 'r1', batch, state);
  assert.equal(exporter.templates.size, 1, 'withdraw-all leaves the other domain alone');
  assert.equal(exporter.stats.templatesWithdrawn, 3);
});

test('sequence numbers count data records per observation domain', () => {
  const { batch, state } = setup();
  const three = [1, 2, 3].map((n) => ({ src: `192.0.2.${n}`, dst: '198.51.100.1' }));
  decodeIpfix(encodeIpfixFlows(three, { sequence: 100, domain: 1 }), 'r1', batch, state);
  assert.equal(
    decodeIpfix(encodeIpfixFlows(three, { sequence: 103, domain: 1 }), 'r1', batch, state).lost,
    0,
  );
  assert.equal(
    decodeIpfix(encodeIpfixFlows(three, { sequence: 110, domain: 1 }), 'r1', batch, state).lost,
    4,
  );
  assert.equal(decodeIpfix(encodeIpfixFlows(three, { sequence: 5, domain: 2 }), 'r1', batch, state).lost, 0);
});

test('message length, set length and header checks', () => {
  const { batch, state } = setup();
  const good = encodeIpfixFlows([{ src: '192.0.2.1', dst: '198.51.100.1' }]);
  assert.equal(decodeIpfix(good.subarray(0, 12), 'r1', batch, state).reason, 'truncated_header');
  assert.equal(decodeIpfix(good.subarray(0, good.length - 1), 'r1', batch, state).reason, 'bad_length');
  const v = good.slice();
  v[1] = 9;
  assert.equal(decodeIpfix(v, 'r1', batch, state).reason, 'bad_version');
  const zeroSet = encodeIpfix({}, [Uint8Array.of(1, 0, 0, 2, 0, 0, 0, 0)]);
  assert.equal(decodeIpfix(zeroSet, 'r1', batch, state).reason, 'bad_set');
  const tooManyScopes = encodeIpfix({}, [Uint8Array.of(0, 3, 0, 14, 1, 0, 0, 1, 0, 2, 0, 8, 0, 4)]);
  assert.equal(decodeIpfix(tooManyScopes, 'r1', batch, state).reason, 'bad_template');
  const truncatedEnterprise = encodeIpfix({}, [Uint8Array.of(0, 2, 0, 12, 1, 0, 0, 1, 0x80, 8, 0, 4)]);
  assert.equal(decodeIpfix(truncatedEnterprise, 'r1', batch, state).reason, 'bad_template');
  // Trailing garbage past the message length is ignored.
  const padded = new Uint8Array(good.length + 7);
  padded.set(good);
  assert.equal(decodeIpfix(padded, 'r1', batch, state).status, 'ok');
  // Reserved set ids are ignored, not errors.
  assert.equal(decodeIpfix(encodeIpfix({}, [Uint8Array.of(0, 9, 0, 4)]), 'r1', batch, state).status, 'ok');
});

test('a data set ahead of its template in the same message decodes, with that message time context', () => {
  const { batch, state } = setup();
  const fields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 158, length: 4 },
  ];
  const buf = encodeIpfix({ exportMs: T, sequence: 0 }, [
    dataSet(256, fields, [['192.0.2.1', 3_000_000]]),
    ipfixTemplateSet([{ id: 256, fields }]),
  ]);
  const result = decodeIpfix(buf, 'r1', batch, state);
  assert.equal(result.records, 1);
  assert.equal(flowRecords(batch)[0]?.startMs, T - 3000);
  // The pending set made this message's record count unknown: no false gap on the next one.
  assert.equal(decodeIpfix(encodeIpfix({ sequence: 1 }, []), 'r1', batch, state).lost, 0);
  assert.equal(state.exporter('r1')!.stats.sequenceGaps, 0);
});
