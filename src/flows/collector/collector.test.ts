// The collect role end to end over real UDP sockets on 127.0.0.1: the simulator exports flows like
// a router, collector workers decode and count, the detector thread decides, the recorder stores
// and publishes, and the API shows the result.

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { call } from '../../../test/helpers/app.ts';
import { runSimulation } from '../simulator/run.ts';
import type { AttackSpec } from '../simulator/traffic.ts';
import { sampleDatagrams } from '../testing/sample-datagrams.ts';
import { type CollectHarness, startCollectHarness } from './testing.ts';

const NETWORKS = ['198.51.100.0/22'];
const attack = (vector: AttackSpec['vector'], target: string, pps: number, spoofed = false): AttackSpec => ({
  vector,
  target,
  pps,
  startMs: 1000,
  durationMs: 2000,
  spoofed,
  sources: 40,
});
const background = { hosts: 100, ppsPerHost: 200 };

describe('collect role over real sockets', { concurrency: false, timeout: 120_000 }, () => {
  let h: CollectHarness;
  before(async () => {
    h = await startCollectHarness({ networks: NETWORKS, quietPeriodS: 1 });
  });
  after(() => h.close());

  test('an NTP amplification flood over NetFlow v5: detected at once, stored, visible, published, ended', async () => {
    let firstAttackDatagram = 0;
    const run = runSimulation({
      host: '127.0.0.1',
      port: h.role.collector.netflowPort,
      protocol: 'v5',
      durationMs: 3500,
      background,
      attacks: [attack('ntp', '198.51.100.7', 60_000)],
      onAttackStart: (_i, at) => {
        firstAttackDatagram = at;
      },
    });
    const started = await h.waitFor((e) => e.type === 'attack.started' && e.attack.target === '198.51.100.7');
    // Timing goals are the benchmark's; this only guards against detection taking whole windows.
    assert.ok(
      started.atMs - firstAttackDatagram < 2500,
      `started ${started.atMs - firstAttackDatagram} ms after the first datagram`,
    );
    assert.equal(started.attack.classification, 'UDP amplification: NTP');
    assert.equal(started.orgId, h.orgId);
    assert.equal(started.tlp, 'AMBER');
    assert.equal(started.attack.spoofing, 'low');
    assert.ok(started.attack.vectors.includes('amp_ntp'));
    assert.ok(Date.parse(started.attack.firstSeenAt) >= firstAttackDatagram - 300);
    await run;
    const ended = await h.waitFor((e) => e.type === 'attack.ended' && e.attack.id === started.attack.id);
    assert.equal(ended.attack.state, 'ended');
    assert.ok(
      ended.attack.peak.pps >= 50_000 && ended.attack.peak.pps <= 70_000,
      `peak ${ended.attack.peak.pps}`,
    );
    assert.ok(ended.attack.topSources.length > 0);
    // Nothing else was flagged: the background hosts are benign.
    assert.deepEqual(new Set(h.events.map((e) => e.attack.target)), new Set(['198.51.100.7']));

    const list = await call(h.t.app, { url: `/api/v1/orgs/${h.orgId}/attacks?state=ended`, auth: h.auth });
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((a: { id: string }) => a.id === started.attack.id));
    const one = await call(h.t.app, {
      url: `/api/v1/orgs/${h.orgId}/attacks/${started.attack.id}`,
      auth: h.auth,
    });
    assert.equal(one.statusCode, 200);
    const body = one.json();
    assert.equal(body.classification, 'UDP amplification: NTP');
    assert.ok(
      body.samples.some((s: { vector: string; pps: number }) => s.vector === 'amp_ntp' && s.pps > 30_000),
    );
    const anonymous = await call(h.t.app, { url: `/api/v1/orgs/${h.orgId}/attacks` });
    assert.equal(anonymous.statusCode, 401);
  });

  test('every vector over IPFIX is detected and classified, each on its own target', async () => {
    h.events.length = 0;
    const expected: Record<string, string> = {
      '198.51.101.1': 'UDP flood',
      '198.51.101.2': 'UDP amplification: DNS',
      '198.51.101.3': 'TCP SYN flood',
      '198.51.101.4': 'ICMP flood',
      '198.51.101.5': 'UDP amplification: NTP',
      '198.51.101.6': 'UDP amplification: memcached',
    };
    const attacks = [
      attack('udp', '198.51.101.1', 50_000, true),
      attack('dns', '198.51.101.2', 30_000),
      attack('syn', '198.51.101.3', 40_000, true),
      attack('icmp', '198.51.101.4', 25_000),
      attack('ntp', '198.51.101.5', 30_000),
      attack('memcached', '198.51.101.6', 30_000),
    ];
    const run = runSimulation({
      host: '127.0.0.1',
      port: h.role.collector.netflowPort,
      protocol: 'ipfix',
      durationMs: 3200,
      background,
      attacks,
    });
    for (const [target, classification] of Object.entries(expected)) {
      const e = await h.waitFor((x) => x.type === 'attack.started' && x.attack.target === target);
      assert.equal(e.attack.classification, classification, target);
    }
    await run;
    const syn = h.events.find((e) => e.attack.target === '198.51.101.3')!;
    assert.equal(syn.attack.spoofing, 'high', 'random sources and ports: spoofed');
    const others = h.events.filter((e) => e.type === 'attack.started' && !(e.attack.target in expected));
    assert.deepEqual(
      others.map((e) => e.attack.target),
      [],
    );
  });

  test('fragments and NTP over sFlow (1-in-100 packet samples) are detected and classified', async () => {
    h.events.length = 0;
    const run = runSimulation({
      host: '127.0.0.1',
      port: h.role.collector.sflowPort,
      protocol: 'sflow',
      sampling: 100,
      durationMs: 3200,
      background,
      attacks: [attack('fragments', '198.51.102.1', 40_000), attack('ntp', '198.51.102.2', 40_000)],
    });
    const frag = await h.waitFor((e) => e.type === 'attack.started' && e.attack.target === '198.51.102.1');
    assert.equal(frag.attack.classification, 'IP fragment flood');
    assert.ok(frag.attack.vectors.includes('fragments'), frag.attack.vectors.join());
    const ntp = await h.waitFor((e) => e.type === 'attack.started' && e.attack.target === '198.51.102.2');
    assert.equal(ntp.attack.classification, 'UDP amplification: NTP');
    await run;
  });

  test('benign traffic is not flagged: many hosts, a long download in active-timeout records, a brief burst', async () => {
    h.events.length = 0;
    await runSimulation({
      host: '127.0.0.1',
      port: h.role.collector.netflowPort,
      protocol: 'v9',
      durationMs: 4500,
      background: {
        hosts: 400,
        ppsPerHost: 300,
        // 15k pps exported every 2 s as one 30k-packet record: 30k pps if counted at arrival.
        download: { target: '198.51.100.200', pps: 15_000, activeTimeoutMs: 2000 },
        // 50k pps for 0.2 s: 10k packets, half the 20k pps limit over any 1 s window.
        burst: { target: '198.51.100.201', pps: 50_000, startMs: 1500, durationMs: 200 },
      },
      attacks: [],
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    const started = h.events.filter((e) => e.type === 'attack.started');
    assert.deepEqual(
      started.map((e) => `${e.attack.target} ${e.attack.classification}`),
      [],
    );
    const stats = h.role.collector.detectorStats();
    assert.ok(stats && stats.entities >= 400, `hosts tracked: ${stats?.entities}`);
  });

  test('malformed datagrams are counted per reason and never stop detection; stats reach the API and /metrics', async () => {
    h.events.length = 0;
    const socket = dgram.createSocket('udp4');
    const garbage = [
      new Uint8Array([0, 5, 0]),
      new Uint8Array([0, 5, 0, 30, ...new Array(40).fill(1)]),
      new Uint8Array([0, 10, 0, 200, ...new Array(20).fill(0)]),
      new Uint8Array(1400).fill(0xff),
      sampleDatagrams.v9[0]!.subarray(0, 30),
    ];
    for (let i = 0; i < 200; i++)
      socket.send(garbage[i % garbage.length]!, h.role.collector.netflowPort, '127.0.0.1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.close();
    await runSimulation({
      host: '127.0.0.1',
      port: h.role.collector.netflowPort,
      protocol: 'v5',
      durationMs: 2200,
      background: { hosts: 10, ppsPerHost: 100 },
      attacks: [attack('syn', '198.51.100.9', 60_000, true)],
    });
    await h.waitFor((e) => e.type === 'attack.started' && e.attack.target === '198.51.100.9');
    await new Promise((resolve) => setTimeout(resolve, 1200)); // worker stats are posted every second
    const exporter = h.role.collector.exporters().find((e) => e.exporter === '127.0.0.1');
    assert.ok(exporter, 'exporter stats');
    assert.ok(exporter.stats.malformed >= 120, `malformed ${exporter.stats.malformed}`);
    assert.ok(exporter.stats.malformedByReason.truncated_header > 0);
    assert.ok(exporter.stats.malformedByReason.bad_length > 0);
    await h.role.persist();
    const res = await call(h.t.app, { url: `/api/v1/orgs/${h.orgId}/collectors`, auth: h.auth });
    assert.equal(res.statusCode, 200);
    const [collector] = res.json().items;
    assert.equal(collector.netflowPort, h.role.collector.netflowPort);
    assert.ok(collector.recvBufferBytes >= 65536);
    const api = collector.exporters.find((e: { address: string }) => e.address === '127.0.0.1');
    assert.ok(api.malformed >= 120);
    assert.ok(api.datagrams > api.malformed);
    const metrics = await call(h.t.app, { url: '/metrics' });
    assert.match(
      metrics.body,
      /swimmy_flow_malformed_total\{exporter="127.0.0.1",reason="truncated_header"\} \d+/,
    );
    assert.match(metrics.body, /swimmy_flow_datagrams_total\{exporter="127.0.0.1",protocol="\w+"\} \d+/);
    assert.match(metrics.body, /swimmy_detection_active_hosts \d+/);
  });
});
