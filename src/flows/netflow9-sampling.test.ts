// NetFlow v9 sampling: options records (34/35, 48/49/50) and per-record intervals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowBatch, flowRecords } from './batch.ts';
import { decodeNetflow9 } from './netflow9.ts';
import { FlowDecoderState } from './state.ts';
import {
  dataSet,
  encodeNetflow9,
  encodeNetflow9Flows,
  type FieldSpec,
  v9OptionsTemplateSet,
  v9TemplateSet,
} from './testing/encode.ts';

function setup(now = () => 0) {
  return { batch: new FlowBatch(), state: new FlowDecoderState({ now }) };
}

test('domain sampling from an options record with SAMPLING_INTERVAL (34) scoped to the system', () => {
  const { batch, state } = setup();
  const options = v9OptionsTemplateSet({
    id: 400,
    scope: [{ id: 1, length: 4 }], // scope type 1 = System
    options: [
      { id: 34, length: 4 },
      { id: 35, length: 1 },
    ],
  });
  const optionsData = dataSet(
    400,
    [
      { id: 1, length: 4 },
      { id: 34, length: 4 },
      { id: 35, length: 1 },
    ],
    [[0, 512, 2]],
    true,
  );
  const buf = encodeNetflow9Flows([{ src: '192.0.2.1', dst: '198.51.100.2', packets: 2, bytes: 100 }], {});
  decodeNetflow9(encodeNetflow9({}, [options, optionsData]), 'r1', batch, state);
  decodeNetflow9(buf, 'r1', batch, state);
  const [r] = flowRecords(batch);
  assert.equal(r?.samplingRate, 512);
  assert.equal(r?.packets, 1024);
  assert.equal(r?.bytes, 51_200);
  assert.equal(state.exporter('r1')!.stats.optionsRecords, 1);
});

test('sampler tables: FLOW_SAMPLER_ID (48) in data records, random interval (50) in options', () => {
  const { batch, state } = setup();
  const optionFields: FieldSpec[] = [
    { id: 2, length: 2 }, // scope: interface
    { id: 48, length: 1 },
    { id: 49, length: 1 },
    { id: 50, length: 4 },
  ];
  const sets = [
    v9OptionsTemplateSet({ id: 401, scope: [optionFields[0]!], options: optionFields.slice(1) }),
    dataSet(401, optionFields, [
      [5, 1, 2, 100],
      [5, 2, 2, 1000],
    ]),
  ];
  const dataFields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 48, length: 1 },
    { id: 2, length: 4 },
    { id: 1, length: 4 },
  ];
  sets.push(v9TemplateSet([{ id: 260, fields: dataFields }]));
  sets.push(
    dataSet(260, dataFields, [
      ['192.0.2.1', 1, 1, 10],
      ['192.0.2.2', 2, 1, 10],
      ['192.0.2.3', 9, 1, 10], // unknown sampler: more than one sampler, so no guess → 1
    ]),
  );
  decodeNetflow9(encodeNetflow9({}, sets), 'r1', batch, state);
  assert.deepEqual(
    flowRecords(batch).map((r) => [r.packets, r.bytes, r.samplingRate]),
    [
      [100, 1000, 100],
      [1000, 10_000, 1000],
      [1, 10, 1],
    ],
  );
});

test('a sampling interval inside the data record wins over everything else', () => {
  const { batch, state } = setup();
  const fields: FieldSpec[] = [
    { id: 8, length: 4 },
    { id: 34, length: 2 },
    { id: 2, length: 4 },
  ];
  decodeNetflow9(
    encodeNetflow9({}, [v9TemplateSet([{ id: 261, fields }]), dataSet(261, fields, [['192.0.2.1', 10, 3]])]),
    'r1',
    batch,
    state,
  );
  assert.equal(flowRecords(batch)[0]?.packets, 30);
});
