// IPFIX options: sampling descriptions, system init time, timestamps and withdrawal of options templates.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBatch, FRAG_MORE, flowRecords } from './batch.ts';
import { decodeIpfix } from './ipfix.ts';
import { FlowDecoderState } from './state.ts';
import {
  dataSet,
  encodeIpfix,
  encodeIpfixFlows,
  type FieldSpec,
  ipfixOptionsTemplateSet,
  ipfixTemplateSet,
  ipfixWithdrawalSet,
} from './testing/encode.ts';

const T = 1_700_000_000_000;

function setup() {
  return { batch: new FlowBatch(), state: new FlowDecoderState({ now: () => 0 }) };
}

function float64(x: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, x);
  return out;
}

test('options templates: withdraw-all for options (id 3) spares data templates', () => {
  const { batch, state } = setup();
  const scope: FieldSpec[] = [{ id: 149, length: 4 }];
  decodeIpfix(
    encodeIpfix({}, [
      ipfixTemplateSet([{ id: 256, fields: [{ id: 8, length: 4 }] }]),
      ipfixOptionsTemplateSet([{ id: 300, scope, options: [{ id: 34, length: 4 }] }]),
    ]),
    'r1',
    batch,
    state,
  );
  decodeIpfix(encodeIpfix({}, [ipfixWithdrawalSet(3, [3])]), 'r1', batch, state);
  const exporter = state.exporter('r1')!;
  assert.equal(exporter.templates.size, 1);
  assert.equal(exporter.templates.get(256)?.isOptions, false);
});

test('sampling: selector 302 with 305/306, random n-of-N 309/310, probability 311', () => {
  const { batch, state } = setup();
  const scope: FieldSpec[] = [{ id: 302, length: 4 }];
  const systematic: FieldSpec[] = [
    { id: 305, length: 4 },
    { id: 306, length: 4 },
  ];
  const random: FieldSpec[] = [
    { id: 309, length: 4 },
    { id: 310, length: 4 },
  ];
  const prob: FieldSpec[] = [{ id: 311, length: 8 }];
  const data: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 302, length: 4 },
    { id: 2, length: 4 },
  ];
  const buf = encodeIpfix({ domain: 4 }, [
    ipfixOptionsTemplateSet([
      { id: 300, scope, options: systematic },
      { id: 301, scope, options: random },
      { id: 302, scope, options: prob },
    ]),
    dataSet(300, [...scope, ...systematic], [[1, 1, 99]]),
    dataSet(301, [...scope, ...random], [[2, 10, 1000]]),
    dataSet(302, [...scope, ...prob], [[3, float64(0.001)]]),
    ipfixTemplateSet([{ id: 400, fields: data }]),
    dataSet(400, data, [
      ['192.0.2.1', 1, 1],
      ['192.0.2.2', 2, 1],
      ['192.0.2.3', 3, 1],
    ]),
  ]);
  const result = decodeIpfix(buf, 'r1', batch, state);
  assert.equal(result.status, 'ok');
  assert.deepEqual(
    flowRecords(batch).map((r) => Math.round(r.samplingRate)),
    [100, 100, 1000],
  );
  // Sequence: 3 options records + 3 data records.
  const next = decodeIpfix(encodeIpfix({ domain: 4, sequence: 6 }, []), 'r1', batch, state);
  assert.equal(next.lost, 0);
});

test('a single announced sampler applies to data records that do not reference it', () => {
  const { batch, state } = setup();
  const scope: FieldSpec[] = [{ id: 302, length: 2 }];
  const opts: FieldSpec[] = [
    { id: 305, length: 2 },
    { id: 306, length: 2 },
  ];
  const buf = encodeIpfix({}, [
    ipfixOptionsTemplateSet([{ id: 300, scope, options: opts }]),
    dataSet(300, [...scope, ...opts], [[7, 1, 1999]]),
  ]);
  decodeIpfix(buf, 'r1', batch, state);
  decodeIpfix(
    encodeIpfixFlows([{ src: '192.0.2.1', dst: '198.51.100.1', packets: 1, bytes: 100 }]),
    'r1',
    batch,
    state,
  );
  assert.equal(flowRecords(batch)[0]?.packets, 2000);
});

test('uptime-relative times use systemInitTimeMilliseconds (160) from options', () => {
  const { batch, state } = setup();
  const scope: FieldSpec[] = [{ id: 144, length: 4 }];
  const opts: FieldSpec[] = [{ id: 160, length: 8 }];
  const data: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 22, length: 4 },
    { id: 21, length: 4 },
  ];
  const init = T - 86_400_000;
  const buf = encodeIpfix({}, [
    ipfixOptionsTemplateSet([{ id: 300, scope, options: opts }]),
    dataSet(300, [...scope, ...opts], [[1, init]]),
    ipfixTemplateSet([{ id: 256, fields: data }]),
    dataSet(256, data, [['192.0.2.1', 1000, 5000]]),
  ]);
  decodeIpfix(buf, 'r1', batch, state);
  const [r] = flowRecords(batch);
  assert.equal(r?.startMs, init + 1000);
  assert.equal(r?.endMs, init + 5000);
});

test('seconds, NTP microsecond and delta-microsecond times; ICMP type/code IEs; fragment flags', () => {
  const { batch, state } = setup();
  const data: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 4, length: 1 },
    { id: 150, length: 4 },
    { id: 155, length: 8 },
    { id: 176, length: 1 },
    { id: 177, length: 1 },
    { id: 197, length: 1 },
    { id: 88, length: 2 },
  ];
  const ntpSeconds = T / 1000 + 2208988800;
  const ntp = new Uint8Array(8);
  new DataView(ntp.buffer).setUint32(0, ntpSeconds);
  new DataView(ntp.buffer).setUint32(4, 2 ** 31); // .5 s
  const deltaFields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 158, length: 4 },
    { id: 159, length: 4 },
  ];
  const buf = encodeIpfix({ exportMs: T }, [
    ipfixTemplateSet([
      { id: 256, fields: data },
      { id: 257, fields: deltaFields },
    ]),
    dataSet(256, data, [['192.0.2.1', 1, T / 1000 - 10, ntp, 3, 1, 0x20, 0]]),
    dataSet(257, deltaFields, [['192.0.2.1', 2_000_000, 1_000]]),
  ]);
  decodeIpfix(buf, 'r1', batch, state);
  const [a, b] = flowRecords(batch);
  assert.equal(a?.startMs, T - 10_000);
  assert.equal(a?.endMs, T + 500);
  assert.equal(a?.icmpType, 3);
  assert.equal(a?.icmpCode, 1);
  assert.equal(a?.fragment, FRAG_MORE);
  assert.equal(b?.startMs, T - 2000);
  assert.equal(b?.endMs, T - 1);
});
