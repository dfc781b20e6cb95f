import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBatch, FRAG_MORE, FRAG_NON_FIRST, flowRecords } from './batch.ts';
import { decodeNetflow9 } from './netflow9.ts';
import { FlowDecoderState } from './state.ts';
import {
  dataSet,
  encodeNetflow9,
  encodeNetflow9Flows,
  type FieldSpec,
  V9_FIELDS_V4,
  v9TemplateSet,
} from './testing/encode.ts';

const T = 1_700_000_000_000;

function setup(now = () => 0) {
  return { batch: new FlowBatch(), state: new FlowDecoderState({ now }) };
}

test('decodes the standard template for IPv4 and IPv6 with uptime-relative times', () => {
  const { batch, state } = setup();
  const buf = encodeNetflow9Flows(
    [
      {
        src: '192.0.2.1',
        dst: '198.51.100.2',
        srcPort: 53,
        dstPort: 3333,
        protocol: 17,
        packets: 4,
        bytes: 2000,
      },
      {
        src: '2001:db8::5',
        dst: '2001:db8:1::9',
        protocol: 58,
        icmpType: 128,
        icmpCode: 0,
        startMs: T - 100,
      },
      { src: '203.0.113.1', dst: '198.51.100.2', protocol: 6, tcpFlags: 0x12, srcAs: 65001, dstAs: 65002 },
    ].map((f) => ({ startMs: T - 2000, endMs: T - 10, ...f })),
    { unixMs: T, sysUptime: 50_000, sequence: 7, sourceId: 3 },
  );
  const result = decodeNetflow9(buf, 'r1', batch, state);
  assert.equal(result.status, 'ok');
  assert.equal(result.records, 3);
  assert.equal(result.sequence, 7);
  const rows = flowRecords(batch);
  const udp = rows.find((r) => r.protocol === 17)!;
  assert.equal(udp.src, '192.0.2.1');
  assert.equal(udp.srcPort, 53);
  assert.equal(udp.bytes, 2000);
  assert.equal(udp.startMs, T - 2000);
  assert.equal(udp.endMs, T - 10);
  const icmp6 = rows.find((r) => r.protocol === 58)!;
  assert.equal(icmp6.dst, '2001:db8:1::9');
  assert.equal(icmp6.icmpType, 128);
  assert.equal(icmp6.ipVersion, 6);
  const tcp = rows.find((r) => r.protocol === 6)!;
  assert.equal(tcp.tcpFlags, 0x12);
  assert.equal(tcp.srcAs, 65001);
  assert.equal(tcp.dstAs, 65002);
});

test('data before its template is buffered, then decoded when the template arrives', () => {
  const { batch, state } = setup();
  const flows = [{ src: '192.0.2.1', dst: '198.51.100.2', packets: 5 }];
  const dataOnly = encodeNetflow9Flows(flows, { templates: false, sequence: 1 });
  const first = decodeNetflow9(dataOnly, 'r1', batch, state);
  assert.equal(first.records, 0);
  assert.equal(first.pending, 1);
  const templateOnly = encodeNetflow9({ sequence: 2 }, [v9TemplateSet([{ id: 256, fields: V9_FIELDS_V4 }])]);
  const second = decodeNetflow9(templateOnly, 'r1', batch, state);
  assert.equal(second.records, 1);
  assert.equal(flowRecords(batch)[0]?.packets, 5);
  const stats = state.exporter('r1')!.stats;
  assert.equal(stats.pendingDecoded, 1);
  assert.equal(stats.templateMisses, 0);
});

test('buffered data that waits too long becomes a template miss', () => {
  let now = 0;
  const { batch, state } = setup(() => now);
  decodeNetflow9(
    encodeNetflow9Flows([{ src: '192.0.2.1', dst: '198.51.100.2' }], { templates: false }),
    'r1',
    batch,
    state,
  );
  now = 2500;
  const later = decodeNetflow9(encodeNetflow9({ sequence: 1 }, []), 'r1', batch, state);
  assert.equal(later.templateMisses, 1);
  decodeNetflow9(
    encodeNetflow9({ sequence: 2 }, [v9TemplateSet([{ id: 256, fields: V9_FIELDS_V4 }])]),
    'r1',
    batch,
    state,
  );
  assert.equal(batch.length, 0);
  assert.equal(state.exporter('r1')!.stats.templateMisses, 1);
});

test('the pending buffer is bounded per exporter', () => {
  const { batch, state } = setup();
  const small = new FlowDecoderState({
    limits: { maxPendingSetsPerExporter: 3, maxPendingBytesPerExporter: 1 << 20 },
  });
  for (let n = 0; n < 10; n++) {
    decodeNetflow9(
      encodeNetflow9Flows([{ src: '192.0.2.1', dst: '198.51.100.2' }], { templates: false }),
      'r1',
      batch,
      small,
    );
  }
  assert.equal(small.exporter('r1')!.pending.count, 3);
  assert.equal(small.exporter('r1')!.stats.templateMisses, 7);
  const noBytes = new FlowDecoderState({ limits: { maxPendingBytesPerExporter: 10 } });
  const r = decodeNetflow9(
    encodeNetflow9Flows([{ src: '192.0.2.1', dst: '198.51.100.2' }], { templates: false }),
    'r1',
    batch,
    noBytes,
  );
  assert.equal(r.templateMisses, 1);
  assert.equal(noBytes.exporter('r1')!.pending.bytes, 0);
  void state;
});

test('templates are per exporter and per source id; a refresh replaces the definition', () => {
  const { batch, state } = setup();
  const fieldsA: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 2, length: 4 },
  ];
  const fieldsB: FieldSpec[] = [
    { id: 2, length: 2 },
    { id: 8, length: 4 },
    { id: 1, length: 2 },
  ];
  decodeNetflow9(
    encodeNetflow9({ sourceId: 1 }, [v9TemplateSet([{ id: 300, fields: fieldsA }])]),
    'r1',
    batch,
    state,
  );
  // Same template id from another source id or another exporter is unknown.
  const other = decodeNetflow9(
    encodeNetflow9({ sourceId: 2 }, [dataSet(300, fieldsA, [['192.0.2.1', 1]])]),
    'r1',
    batch,
    state,
  );
  assert.equal(other.pending, 1);
  const otherExporter = decodeNetflow9(
    encodeNetflow9({ sourceId: 1 }, [dataSet(300, fieldsA, [['192.0.2.1', 1]])]),
    'r2',
    batch,
    state,
  );
  assert.equal(otherExporter.pending, 1);
  decodeNetflow9(
    encodeNetflow9({ sourceId: 1 }, [dataSet(300, fieldsA, [['192.0.2.1', 9]])]),
    'r1',
    batch,
    state,
  );
  decodeNetflow9(
    encodeNetflow9({ sourceId: 1 }, [
      v9TemplateSet([{ id: 300, fields: fieldsB }]),
      dataSet(300, fieldsB, [[4, '192.0.2.3', 999]]),
    ]),
    'r1',
    batch,
    state,
  );
  const rows = flowRecords(batch);
  assert.deepEqual(
    rows.map((r) => [r.src, r.packets, r.bytes]),
    [
      ['192.0.2.1', 9, 0],
      ['192.0.2.3', 4, 999],
    ],
  );
});

test('reduced-size and odd-width fields decode; wrong-width addresses are skipped, not misread', () => {
  const { batch, state } = setup();
  const fields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 12, length: 3 }, // not an address width: skipped
    { id: 1, length: 3 },
    { id: 2, length: 1 },
    { id: 7, length: 1 },
    { id: 16, length: 2 },
    { id: 88, length: 2 },
    { id: 999, length: 5 }, // unknown field
    { id: 4, length: 2 },
  ];
  decodeNetflow9(
    encodeNetflow9({}, [
      v9TemplateSet([{ id: 262, fields }]),
      dataSet(
        262,
        fields,
        [['192.0.2.1', new Uint8Array([1, 2, 3]), 70000, 200, 53, 65000, 0x2000 | 0, 0, 17]],
        true,
      ),
      dataSet(262, fields, [['192.0.2.1', new Uint8Array([1, 2, 3]), 1, 1, 53, 1, 185, 0, 17]]),
    ]),
    'r1',
    batch,
    state,
  );
  const rows = flowRecords(batch);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]?.dst, '0.0.0.0', 'the 3-byte destination was not taken for an address');
  assert.equal(rows[0]?.bytes, 70000);
  assert.equal(rows[0]?.packets, 200);
  assert.equal(rows[0]?.srcPort, 53);
  assert.equal(rows[0]?.srcAs, 65000);
  assert.equal(rows[0]?.protocol, 17);
  assert.equal(rows[0]?.fragment, FRAG_MORE);
  assert.equal(rows[1]?.fragment, FRAG_NON_FIRST);
});

test('bounds: zero-length flowsets, overrunning flowsets and overrunning templates are malformed, never loop', () => {
  const { batch, state } = setup();
  const zero = encodeNetflow9({}, [Uint8Array.of(1, 0, 0, 0)]);
  assert.equal(decodeNetflow9(zero, 'r1', batch, state).reason, 'bad_set');
  const overrun = encodeNetflow9({}, [Uint8Array.of(1, 0, 0, 40, 0, 0)]);
  assert.equal(decodeNetflow9(overrun, 'r1', batch, state).reason, 'bad_set');
  // Template claims 50 fields but carries one.
  const lying = encodeNetflow9({}, [Uint8Array.of(0, 0, 0, 12, 1, 0, 0, 50, 0, 8, 0, 4)]);
  assert.equal(decodeNetflow9(lying, 'r1', batch, state).reason, 'bad_template');
  // Template whose fields are all zero-width would make every record empty.
  const empty = encodeNetflow9({}, [v9TemplateSet([{ id: 300, fields: [{ id: 8, length: 0 }] }])]);
  assert.equal(decodeNetflow9(empty, 'r1', batch, state).reason, 'bad_template');
  assert.equal(decodeNetflow9(new Uint8Array(10), 'r1', batch, state).reason, 'truncated_header');
  assert.equal(state.exporter('r1')!.templates.size, 0);
});

test('caps: templates per exporter and fields per template', () => {
  const { batch } = setup();
  const state = new FlowDecoderState({ limits: { maxTemplatesPerExporter: 2, maxFieldsPerTemplate: 3 } });
  const f: FieldSpec[] = [{ id: 8, length: 4 }];
  const r = decodeNetflow9(
    encodeNetflow9({}, [
      v9TemplateSet([
        { id: 256, fields: f },
        { id: 257, fields: f },
        { id: 258, fields: f },
      ]),
    ]),
    'r1',
    batch,
    state,
  );
  assert.equal(r.reason, 'template_limit');
  assert.equal(state.exporter('r1')!.templates.size, 2);
  // Refreshing a known one is still allowed at the cap.
  const refresh = decodeNetflow9(
    encodeNetflow9({}, [v9TemplateSet([{ id: 256, fields: f }])]),
    'r1',
    batch,
    state,
  );
  assert.equal(refresh.status, 'ok');
  const wide = decodeNetflow9(
    encodeNetflow9({}, [v9TemplateSet([{ id: 256, fields: [f[0]!, f[0]!, f[0]!, f[0]!] }])]),
    'r2',
    batch,
    state,
  );
  assert.equal(wide.reason, 'template_limit');
});

test('sequence numbers count export packets per source id', () => {
  const { batch, state } = setup();
  const flows = [{ src: '192.0.2.1', dst: '198.51.100.2' }];
  decodeNetflow9(encodeNetflow9Flows(flows, { sequence: 10, sourceId: 1 }), 'r1', batch, state);
  assert.equal(
    decodeNetflow9(encodeNetflow9Flows(flows, { sequence: 11, sourceId: 1 }), 'r1', batch, state).lost,
    0,
  );
  assert.equal(
    decodeNetflow9(encodeNetflow9Flows(flows, { sequence: 15, sourceId: 1 }), 'r1', batch, state).lost,
    3,
  );
  assert.equal(
    decodeNetflow9(encodeNetflow9Flows(flows, { sequence: 1, sourceId: 2 }), 'r1', batch, state).lost,
    0,
  );
  assert.equal(state.exporter('r1')!.stats.lost, 3);
});

test('the periodic sweep expires pending sets of exporters that went quiet', () => {
  const { batch, state } = setup();
  decodeNetflow9(
    encodeNetflow9Flows([{ src: '192.0.2.1', dst: '198.51.100.2' }], { templates: false }),
    'quiet',
    batch,
    state,
  );
  assert.equal(state.expirePending(1000), 0);
  assert.equal(state.expirePending(2001), 1);
  assert.equal(state.exporter('quiet')!.stats.templateMisses, 1);
  assert.equal(state.exporter('quiet')!.pending.bytes, 0);
});
