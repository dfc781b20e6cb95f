import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FRAG_NON_FIRST } from '../../flows/batch.ts';
import { Detector } from './detector.ts';
import { batchOf, Harness, type Row, rate, settingsFrom, T0 } from './testing.ts';
import { TickCounter } from './tick-counter.ts';

const VICTIM = '198.51.100.7';
const base = {
  networks: ['198.51.100.0/24'],
  quietPeriodS: 1,
  thresholds: {
    total: { pps: 10_000 },
    amplification: { pps: 5_000 },
    tcp_syn: { pps: 5_000 },
    icmp: { pps: 5_000 },
    fragments: { pps: 5_000 },
  },
};

describe('detector: vectors and classification', () => {
  const cases: Array<[string, Record<string, unknown>, string, string[]]> = [
    [
      'NTP amplification',
      { protocol: 17, srcPort: 123 },
      'UDP amplification: NTP',
      ['amplification', 'amp_ntp'],
    ],
    ['DNS amplification', { protocol: 17, srcPort: 53 }, 'UDP amplification: DNS', ['amp_dns']],
    [
      'memcached amplification',
      { protocol: 17, srcPort: 11211 },
      'UDP amplification: memcached',
      ['amp_memcached'],
    ],
    ['UDP flood', { protocol: 17, srcPort: 31337 }, 'UDP flood', ['total', 'udp']],
    ['SYN flood', { protocol: 6, tcpFlags: 0x02 }, 'TCP SYN flood', ['tcp_syn']],
    ['ICMP flood', { protocol: 1, srcPort: 0, dstPort: 0 }, 'ICMP flood', ['icmp']],
    [
      'fragment flood',
      { protocol: 47, fragment: FRAG_NON_FIRST, srcPort: 0, dstPort: 0 },
      'IP fragment flood',
      ['fragments'],
    ],
  ];
  for (const [name, shape, classification, vectors] of cases) {
    test(`${name} is detected and classified`, () => {
      const h = new Harness(settingsFrom(base));
      for (let t = 0; t < 4; t++) h.tick(rate(VICTIM, 24_000, 250, shape));
      const [started] = h.started();
      assert.ok(started, 'no attack');
      assert.equal(started.attack.target, VICTIM);
      assert.equal(started.attack.classification, classification);
      for (const v of vectors)
        assert.ok(started.attack.vectors.includes(v), `${v} in ${started.attack.vectors}`);
      assert.equal(started.attack.direction, 'incoming');
    });
  }

  test('a SYN-ACK (reply) flood is TCP, not a SYN flood', () => {
    const h = new Harness(settingsFrom(base));
    for (let t = 0; t < 4; t++) h.tick(rate(VICTIM, 24_000, 250, { protocol: 6, tcpFlags: 0x12 }));
    assert.equal(h.started()[0]?.attack.classification, 'TCP flood');
  });

  test('two vectors at once are "mixed"', () => {
    const h = new Harness(settingsFrom(base));
    for (let t = 0; t < 4; t++) {
      h.tick([
        ...rate(VICTIM, 8_000, 250, { srcPort: 123 }),
        ...rate(VICTIM, 8_000, 250, { protocol: 6, tcpFlags: 2 }),
      ]);
    }
    const c = h.started()[0]?.attack.classification ?? '';
    assert.match(c, /^mixed: /);
    assert.match(c, /UDP amplification: NTP/);
    assert.match(c, /TCP SYN flood/);
  });
});

describe('detector: lifecycle', () => {
  test('start → updates every second → end after the quiet period, with peak and sources', () => {
    const h = new Harness(settingsFrom(base));
    for (let t = 0; t < 12; t++) h.tick(rate(VICTIM, 40_000, 250, { srcPort: 123, bytes: 2500 * 468 }, 10));
    for (let t = 0; t < 12; t++) h.tick();
    const types = h.events.map((e) => e.type);
    assert.equal(types[0], 'started');
    assert.ok(types.filter((t) => t === 'updated').length >= 2, types.join());
    assert.equal(types.at(-1), 'ended');
    const ended = h.events.at(-1)!.attack;
    assert.equal(ended.state, 'ended');
    assert.equal(ended.peak.pps, 40_000);
    assert.equal(ended.topSources.length, 10);
    assert.equal(ended.topSourcePorts[0]?.port, 123);
    assert.equal(ended.spoofing, 'low');
    assert.ok(ended.endedAtMs! > ended.startedAtMs);
    assert.ok(ended.sampleFlows.length > 0);
    assert.deepEqual(ended.thresholds.amplification, { pps: 5_000 });
  });

  test('many one-packet sources with random ports look spoofed', () => {
    const h = new Harness(settingsFrom(base));
    let n = 0;
    for (let t = 0; t < 6; t++) {
      const rows = Array.from({ length: 3000 }, () => {
        n++;
        return {
          src: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          dst: VICTIM,
          protocol: 6,
          tcpFlags: 2,
          srcPort: 1024 + ((n * 7919) % 60000),
          packets: 3,
        };
      });
      h.tick(rows);
    }
    assert.equal(h.started()[0]?.attack.spoofing, 'high');
  });

  test('the allow-list is never flagged; hosts outside our networks are not counted', () => {
    const h = new Harness(settingsFrom({ ...base, allowList: ['198.51.100.7/32'] }));
    for (let t = 0; t < 8; t++) h.tick([...rate(VICTIM, 90_000, 250), ...rate('192.0.2.1', 90_000, 250)]);
    assert.equal(h.events.length, 0);
  });

  test('outgoing floods from our hosts are found', () => {
    const h = new Harness(settingsFrom(base));
    for (let t = 0; t < 4; t++)
      h.tick(rate('192.0.2.50', 30_000, 250, { src: '198.51.100.66', protocol: 6, tcpFlags: 2 }, 1));
    const a = h.started()[0]?.attack;
    assert.equal(a?.direction, 'outgoing');
    assert.equal(a?.target, '198.51.100.66');
  });

  test('hostgroups have their own limits, and their prefixes can be watched as one', () => {
    const h = new Harness(
      settingsFrom({
        ...base,
        hostgroups: [
          {
            name: 'customer-x',
            org: 'cust',
            prefixes: ['198.51.100.128/25'],
            thresholds: { total: { pps: 1000 } },
            prefixThresholds: { total: { pps: 50_000 } },
          },
        ],
      }),
    );
    // 2000 pps to one customer host: over its group's 1000, under the default 10000.
    for (let t = 0; t < 4; t++)
      h.tick([...rate('198.51.100.200', 2000, 250), ...rate('198.51.100.20', 2000, 250)]);
    const host = h.started()[0]?.attack;
    assert.equal(host?.target, '198.51.100.200');
    assert.equal(host?.hostgroup, 'customer-x');
    assert.equal(host?.prefix, '198.51.100.128/25');
    assert.equal(host?.org, 'cust');
    assert.equal(h.started().length, 1);
    // Carpet bombing: 100 hosts × 600 pps stays under each host limit … but not the prefix's.
    const h2 = new Harness(h.settings);
    const carpet = Array.from({ length: 100 }, (_, i) =>
      rate(`198.51.100.${128 + i}`, 600, 250, {}, 1),
    ).flat();
    for (let t = 0; t < 4; t++) h2.tick(carpet);
    const prefix = h2.started().find((e) => e.attack.scope === 'prefix')?.attack;
    assert.ok(prefix, 'prefix attack');
    assert.equal(prefix.target, '198.51.100.128');
    assert.equal(prefix.prefix, '198.51.100.128/25');
  });

  test('records spanning a long active timeout are spread: a big download is not a flood', () => {
    const h = new Harness(settingsFrom(base));
    // 8000 pps for 60 s, exported as one record: 480k packets at once.
    h.tick([
      {
        dst: VICTIM,
        protocol: 6,
        tcpFlags: 0x18,
        packets: 480_000,
        startMs: h.nowMs - 60_000,
        endMs: h.nowMs,
      },
    ]);
    for (let t = 0; t < 4; t++) h.tick();
    assert.equal(h.events.length, 0);
    // The same packets without times count at arrival and do cross.
    h.tick([{ dst: VICTIM, protocol: 6, tcpFlags: 0x18, packets: 480_000 }]);
    assert.equal(h.started().length, 1);
  });
});

describe('detector: learned baselines', () => {
  test('a host far above its normal rate is flagged below the absolute limit; the attack does not teach it', () => {
    const settings = settingsFrom({
      ...base,
      thresholds: { total: { pps: 1_000_000 } },
      baseline: { enabled: true, multiplier: 4, floorPps: 2000, halfLifeS: 5, warmupS: 5 },
    });
    const h = new Harness(settings);
    for (let t = 0; t < 40; t++) h.tick(rate(VICTIM, 1000, 250));
    assert.equal(h.events.length, 0, 'normal traffic is not an attack');
    for (let t = 0; t < 4; t++) h.tick(rate(VICTIM, 9000, 250));
    const a = h.started()[0]?.attack;
    assert.ok(a, 'spike detected against the baseline');
    assert.equal(a.thresholds.total?.baseline, true);
    // Under attack for a long time, then back to normal: the attack has not become "normal".
    for (let t = 0; t < 80; t++) h.tick(rate(VICTIM, 9000, 250));
    for (let t = 0; t < 8; t++) h.tick(rate(VICTIM, 1000, 250));
    const before = h.started().length;
    for (let t = 0; t < 4; t++) h.tick(rate(VICTIM, 9000, 250));
    assert.equal(h.started().length, before + 1, 'the next spike is still an attack');
  });
});

describe('detector: memory', () => {
  test('an active host costs at most 256 bytes, and idle hosts are evicted', () => {
    const settings = settingsFrom({ networks: ['10.0.0.0/8'], idleEvictS: 2 });
    const h = new Harness(settings);
    const hosts = 50_000;
    const rows = Array.from({ length: hosts }, (_, i) => ({
      dst: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      packets: 1,
    }));
    h.tick(rows);
    const stats = h.detector.stats();
    assert.equal(stats.entities, hosts);
    assert.ok(stats.bytesPerEntity <= 256, `${stats.bytesPerEntity} B per host`);
    const allocatedPerHost = stats.bytes / hosts;
    assert.ok(allocatedPerHost <= 2 * 256, `${allocatedPerHost} B allocated per host`);
    for (let t = 0; t < 40; t++) h.tick();
    assert.equal(h.detector.stats().entities, 0, 'idle hosts evicted');
    h.tick(rows.slice(0, 10));
    assert.equal(h.detector.stats().entities, 10, 'rows are reused');
  });
});

describe('detector: several workers', () => {
  test('a tick is evaluated once all workers posted it, or at its deadline; late counts still join the window', () => {
    const settings = settingsFrom(base);
    let now = T0;
    const fast = new TickCounter(settings, 0, now);
    const slow = new TickCounter(settings, 1, now);
    const detector = new Detector(settings, { workers: 2, now: () => now, newId: () => 'a' });
    const events: string[] = [];
    // 3000 pps per worker: under the 5000 pps limit alone, over it together.
    const flood = rate(VICTIM, 3000, 250, { srcPort: 123 });
    for (let t = 0; t < 6; t++) {
      fast.add(batchOf(flood), now);
      slow.add(batchOf(flood), now);
      now += 250;
      const a = fast.flush(now);
      const b = slow.flush(now);
      for (const e of detector.ingest(a)) events.push(e.type);
      // The slow worker misses the deadline: the tick is evaluated without it …
      now += 60;
      for (const e of detector.due(now)) events.push(e.type);
      // … and its counts arrive late, to be part of the next windows.
      for (const e of detector.ingest(b)) events.push(e.type);
      now -= 60;
    }
    assert.deepEqual(events.slice(0, 1), ['started']);
    assert.ok(detector.stats().lateTicks >= 5);
    assert.ok(detector.store.touched.size <= 1, `touched lists kept: ${detector.store.touched.size}`);
    assert.equal(detector.activeAttacks()[0]?.classification, 'UDP amplification: NTP');
  });

  test('a flood that arrives in one late tick is still evaluated (with the next tick)', () => {
    const settings = settingsFrom(base);
    let now = T0;
    const fast = new TickCounter(settings, 0, now);
    const slow = new TickCounter(settings, 1, now);
    const detector = new Detector(settings, { workers: 2, now: () => now, newId: () => 'a' });
    const events: string[] = [];
    const tick = (slowRows: Row[]) => {
      if (slowRows.length) slow.add(batchOf(slowRows), now);
      now += 250;
      const a = fast.flush(now);
      const b = slow.flush(now);
      for (const e of detector.ingest(a)) events.push(e.type);
      now += 60; // past the grace period: the tick is evaluated without the slow worker …
      for (const e of detector.due(now)) events.push(e.type);
      for (const e of detector.ingest(b)) events.push(e.type); // … which posts it late
      now -= 60;
    };
    tick([]);
    // A router flushes its expired flows at once: the whole flood in one tick, only on the slow
    // worker, nothing for this host afterwards.
    tick(rate(VICTIM, 40_000, 250, { srcPort: 123 }));
    for (let t = 0; t < 3; t++) tick([]);
    assert.deepEqual(events.slice(0, 1), ['started']);
    assert.equal(detector.stats().lateTicks, 5);
  });
});
