import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FlowBatch, flowRecords } from '../batch.ts';
import { decodeFlowDatagram } from '../decode.ts';
import { FlowDecoderState } from '../state.ts';
import { SIM_PROTOCOLS, SimExporter } from './exporters.ts';
import { parseAttacks, parseTarget, SimulationOptionError } from './options.ts';
import { assertLoopback, NotLoopbackError, runSimulation } from './run.ts';
import { prng, TrafficModel } from './traffic.ts';

test('the simulator only sends to loopback', async () => {
  for (const host of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost'])
    assert.doesNotThrow(() => assertLoopback(host));
  for (const host of ['10.0.0.1', '192.0.2.1', '0.0.0.0', '::', '2001:db8::1', 'example.com', '128.0.0.1']) {
    assert.throws(() => assertLoopback(host), NotLoopbackError, host);
  }
  await assert.rejects(
    runSimulation({
      host: '192.0.2.1',
      port: 2055,
      protocol: 'v5',
      durationMs: 100,
      background: { hosts: 1, ppsPerHost: 1 },
      attacks: [],
    }),
    NotLoopbackError,
  );
});

test('options say what is wrong', () => {
  assert.throws(
    () => parseAttacks('bogus,198.51.100.7,1000', { durationS: 5, spoofed: false, sources: 10 }),
    /vector must be one of/,
  );
  assert.throws(
    () => parseAttacks('ntp,not-an-ip,1000', { durationS: 5, spoofed: false, sources: 10 }),
    /IP address/,
  );
  assert.throws(
    () => parseAttacks('syn,198.51.100.7,-5', { durationS: 5, spoofed: false, sources: 10 }),
    SimulationOptionError,
  );
  assert.throws(() => parseTarget('127.0.0.1'), /host:port/);
  const [ntp, syn] = parseAttacks('ntp,198.51.100.7,5000,1,2;syn,198.51.100.8,7000', {
    durationS: 5,
    spoofed: true,
    sources: 10,
  });
  assert.deepEqual([ntp?.spoofed, ntp?.startMs, ntp?.durationMs], [false, 1000, 2000]);
  assert.deepEqual([syn?.spoofed, syn?.durationMs], [true, 5000]);
});

test('property: every protocol encodes the model’s packets so the decoders read them back (sampling applied)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SIM_PROTOCOLS),
      fc.integer({ min: 1, max: 40 }),
      fc.constantFrom('ntp', 'syn', 'icmp', 'udp', 'fragments'),
      fc.integer({ min: 1, max: 100_000 }),
      fc.boolean(),
      (protocol, hosts, vector, pps, spoofed) => {
        if (protocol === 'v5' && vector === 'fragments') return;
        const model = new TrafficModel(
          { hosts, ppsPerHost: 300 },
          [{ vector, target: '198.51.100.7', pps, startMs: 0, durationMs: 1000, spoofed, sources: 20 }],
          3,
        );
        const sampling = protocol === 'sflow' ? 10 : 1;
        const exporter = new SimExporter(protocol, { sampling, random: prng(9) });
        const t = 1_800_000_000_000;
        const flows = model.interval(t, t, t + 100);
        const batch = new FlowBatch();
        const state = new FlowDecoderState();
        for (const d of exporter.encode(flows, t + 100)) {
          assert.equal(decodeFlowDatagram(d, '127.0.0.1', batch, state).status, 'ok');
        }
        const sent = flows.reduce((n, f) => n + (f.packets ?? 0), 0);
        const got = flowRecords(batch).reduce((n, r) => n + r.packets, 0);
        if (sampling === 1) assert.equal(got, sent);
        else assert.ok(Math.abs(got - sent) <= Math.max(200, sent * 0.5), `${got} vs ${sent}`);
        const victim = flowRecords(batch).filter((r) => r.dst === '198.51.100.7');
        if (vector === 'fragments' && victim.length) assert.ok(victim.every((r) => r.fragment !== 0));
        if (vector === 'syn' && victim.length)
          assert.ok(victim.every((r) => r.tcpFlags === 2 && r.protocol === 6));
      },
    ),
    { numRuns: 60 },
  );
});
