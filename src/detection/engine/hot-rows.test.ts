// The per-vector ring only for entities near a limit (HotRows): totals are always exact, a cold
// entity is provably under every limit, a promoted one misses at most the cutoff's worth of
// vector traffic from before its promotion — and the detector opens the same attacks as one that
// keeps every vector of every entity: on the same tick for a step flood, at most a window later
// on a slow ramp.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Detector } from './detector.ts';
import { HOT_CUTOFF } from './hot-rows.ts';
import { batchOf, Harness, type Row, rate, settingsFrom, T0 } from './testing.ts';
import { TickCounter } from './tick-counter.ts';
import { M_BYTES, M_PKTS, METRIC_COUNT } from './vectors.ts';
import { WindowStore } from './window-store.ts';

const LIMIT = 8000;
const thresholds = { total: { pps: LIMIT }, tcp_syn: { pps: LIMIT / 4 }, icmp: { pps: LIMIT / 2 } };
const lean = settingsFrom({ networks: ['198.51.100.0/24'], thresholds });
// Baselines that never warm up change no decision but make every entity keep its vector ring.
const full = settingsFrom({
  networks: ['198.51.100.0/24'],
  thresholds,
  baseline: { enabled: true, warmupS: 1e9 },
});
const windowS = (lean.tickMs * lean.windowTicks) / 1000;
const cutPkts = (LIMIT / 4) * windowS * HOT_CUTOFF; // the lowest limit is tcp_syn's
const cutBytes = Number.POSITIVE_INFINITY; // no bps limit configured

const shape = fc.constantFrom<Partial<Row>>(
  { protocol: 17, srcPort: 123 },
  { protocol: 17, srcPort: 5000 },
  { protocol: 6, tcpFlags: 2 },
  { protocol: 6, tcpFlags: 0x18 },
  { protocol: 1 },
);
const tickRows = fc.array(
  fc.record({ host: fc.integer({ min: 0, max: 5 }), shape, packets: fc.integer({ min: 1, max: 900 }) }),
  { maxLength: 12 },
);

test('property: totals exact; cold rows under the cutoff; hot rows short by less than the cutoff', () => {
  fc.assert(
    fc.property(fc.array(tickRows, { minLength: 1, maxLength: 14 }), (ticks) => {
      const counter = new TickCounter(lean, 0, T0);
      const store = new WindowStore(lean, Math.floor(T0 / lean.tickMs) - 64);
      const reference = new WindowStore(full, Math.floor(T0 / lean.tickMs) - 64);
      const got = new Float64Array(METRIC_COUNT);
      const want = new Float64Array(METRIC_COUNT);
      let now = T0;
      for (const rows of ticks) {
        if (rows.length)
          counter.add(
            batchOf(rows.map((r) => ({ dst: `198.51.100.${r.host}`, packets: r.packets, ...r.shape }))),
            now,
          );
        now += lean.tickMs;
        const message = counter.flush(now);
        store.ingest(message);
        reference.ingest(message);
        const rel = message.tick - store.baseTick;
        for (let row = 0; row < store.index.highWater; row++) {
          store.windowSums(row, rel, got);
          reference.windowSums(row, rel, want);
          for (let m = 0; m < 3; m++) assert.ok(Math.abs(got[m]! - want[m]!) < 1e-3, `total ${m}`);
          const hot = store.hotSlot[row] !== 0;
          if (!hot) assert.ok(want[M_PKTS]! < cutPkts && want[M_BYTES]! < cutBytes, 'a cold row is under');
          for (let m = 3; m < METRIC_COUNT; m++) {
            const short = want[m]! - got[m]!;
            assert.ok(short > -1e-3, `metric ${m} over-counted`);
            const bound = m === 6 || m === 10 ? want[M_BYTES]! : cutPkts; // byte metrics: bounded by total
            if (hot) assert.ok(short < bound + 1e-3, `metric ${m} short by ${short}`);
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('property: the same attacks open as with every vector kept, never earlier, at most a window later', () => {
  const vector = fc.constantFrom<Partial<Row>>(
    { protocol: 6, tcpFlags: 2 },
    { protocol: 1 },
    { protocol: 17, srcPort: 4444 },
  );
  fc.assert(
    fc.property(
      vector,
      fc.double({ min: 0.3, max: 6, noNaN: true }),
      fc.double({ min: 0, max: 0.2, noNaN: true }),
      fc.integer({ min: 0, max: 8 }),
      (shape, multiple, background, rampTicks) => {
        const runs = [lean, full].map((s) => {
          const h = new Harness(s);
          const opened: Array<[number, string]> = [];
          for (let t = 0; t < 20; t++) {
            // Background below the cutoff, then a ramp (or a step when rampTicks = 0) to the flood.
            const level = t < 4 ? background : Math.min(1, (t - 3) / (rampTicks + 1)) * multiple;
            const events = h.tick([
              ...rate('198.51.100.9', LIMIT * background, s.tickMs, { protocol: 6, tcpFlags: 0x18 }),
              ...rate('198.51.100.9', (LIMIT / 4) * level, s.tickMs, shape),
            ]);
            for (const e of events) if (e.type === 'started') opened.push([t, e.attack.classification]);
          }
          return opened;
        });
        const [got, want] = runs as [Array<[number, string]>, Array<[number, string]>];
        assert.deepEqual(
          got.map(([, c]) => c),
          want.map(([, c]) => c),
        );
        got.forEach(([tick], i) => {
          const late = tick - want[i]![0];
          assert.ok(late >= 0 && late <= lean.windowTicks, `opened ${late} ticks later`);
          if (rampTicks === 0) assert.equal(late, 0, 'a step flood opens on the same tick');
        });
      },
    ),
    { numRuns: 200 },
  );
});

test('a step flood opens on the same tick, with the same classification, as with every vector kept', () => {
  const open = (s: typeof lean) => {
    const h = new Harness(s);
    for (let t = 0; t < 8; t++) h.tick(rate('198.51.100.9', 300, s.tickMs, { protocol: 6, tcpFlags: 0x18 }));
    for (let t = 0; t < 8; t++) {
      h.tick([
        ...rate('198.51.100.9', 300, s.tickMs, { protocol: 6, tcpFlags: 0x18 }),
        ...rate('198.51.100.9', (LIMIT / 4) * 1.25, s.tickMs, { protocol: 6, tcpFlags: 2 }),
      ]);
      const started = h.started()[0];
      if (started) return { tick: h.ticks, classification: started.attack.classification };
    }
    return null;
  };
  const got = open(lean);
  assert.ok(got, 'the SYN flood at 1.25× its limit is detected');
  assert.deepEqual(got, open(full));
  assert.equal(got.classification, 'TCP SYN flood');
});

test('cold rows cost the totals ring only; idle hot rows give their vector ring back', () => {
  const detector = new Detector(lean, { workers: 1, now: () => T0 });
  const counter = new TickCounter(lean, 0, T0);
  counter.add(
    batchOf([
      ...Array.from({ length: 500 }, (_, i) => ({ dst: `198.51.100.${i % 250}`, packets: 1 })),
      { dst: '198.51.100.77', packets: 5000, protocol: 6, tcpFlags: 2 },
    ]),
    T0,
  );
  detector.ingest(counter.flush(T0 + lean.tickMs));
  const store = detector.store;
  assert.equal(store.hot.count, 1, 'only the busy host keeps a vector ring');
  assert.equal(store.bytesPerRow, 84);
  // Quiet afterwards: at the next eviction scan the busy host is far under the cutoff.
  let rel = 0;
  for (let t = 2; t < 40; t++) {
    const message = counter.flush(T0 + t * lean.tickMs);
    rel = message.tick - store.baseTick;
    store.ingest(message);
  }
  store.evictIdle(rel, 1e9, () => false);
  assert.equal(store.hot.count, 0);
});
