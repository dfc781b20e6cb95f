// Property tests of the engine: what it counts is what came in, traffic below a limit never
// opens an attack, a flood at ≥ 2× a limit always does within the window, and splitting the
// same traffic over several workers changes nothing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Detector } from './detector.ts';
import { batchOf, Harness, type Row, settingsFrom, T0 } from './testing.ts';
import { TickCounter } from './tick-counter.ts';
import { M_ICMP_PKTS, M_PKTS, M_SYN_PKTS, M_TCP_PKTS, M_UDP_PKTS, METRIC_COUNT } from './vectors.ts';

const LIMIT = 10_000;
const settings = settingsFrom({
  networks: ['198.51.100.0/24'],
  thresholds: {
    total: { pps: LIMIT },
    amplification: { pps: LIMIT },
    tcp_syn: { pps: LIMIT },
    icmp: { pps: LIMIT },
    fragments: { pps: LIMIT },
  },
});

const shape = fc.constantFrom(
  { protocol: 17, srcPort: 123 },
  { protocol: 17, srcPort: 5000 },
  { protocol: 6, tcpFlags: 2 },
  { protocol: 6, tcpFlags: 0x18 },
  { protocol: 1, srcPort: 0 },
);
const row = fc.record({
  host: fc.integer({ min: 0, max: 255 }),
  shape,
  packets: fc.integer({ min: 1, max: 5000 }),
  size: fc.integer({ min: 40, max: 1500 }),
});
const toRow = (r: { host: number; shape: Partial<Row>; packets: number; size: number }): Row => ({
  dst: `198.51.100.${r.host}`,
  ...r.shape,
  packets: r.packets,
  bytes: r.packets * r.size,
});

test('property: the tick table adds up to its input, per vector', () => {
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 300 }), (input) => {
      const rows = input.map(toRow);
      const counter = new TickCounter(settings, 0, T0);
      counter.add(batchOf(rows), T0);
      const m = counter.flush(T0 + 250);
      const sum = (metric: number) => {
        let s = 0;
        for (let r = 0; r < m.rows; r++) s += m.metrics[r * METRIC_COUNT + metric]!;
        return s;
      };
      const expect = (pred: (r: Row) => boolean) => rows.filter(pred).reduce((s, r) => s + r.packets, 0);
      assert.equal(
        sum(M_PKTS),
        expect(() => true),
      );
      assert.equal(
        sum(M_UDP_PKTS),
        expect((r) => r.protocol === 17),
      );
      assert.equal(
        sum(M_TCP_PKTS),
        expect((r) => r.protocol === 6),
      );
      assert.equal(
        sum(M_SYN_PKTS),
        expect((r) => r.protocol === 6 && r.tcpFlags === 2),
      );
      assert.equal(
        sum(M_ICMP_PKTS),
        expect((r) => r.protocol === 1),
      );
      assert.equal(m.rows, new Set(rows.map((r) => r.dst)).size);
    }),
    { numRuns: 200 },
  );
});

test('property: traffic below every limit never opens an attack', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.array(
          fc.record({
            host: fc.integer({ min: 0, max: 20 }),
            shape,
            fraction: fc.double({ min: 0, max: 0.99, noNaN: true }),
          }),
          { maxLength: 6 },
        ),
        {
          minLength: 4,
          maxLength: 24,
        },
      ),
      (ticks) => {
        const h = new Harness(settings);
        for (const tick of ticks) {
          // Each host gets at most one share per tick, so its rate over any window stays < LIMIT.
          const seen = new Set<number>();
          const rows = tick
            .filter((r) => !seen.has(r.host) && seen.add(r.host))
            .map((r) => ({ dst: `198.51.100.${r.host}`, ...r.shape, packets: (LIMIT * r.fraction) / 4 }));
          h.tick(rows);
        }
        assert.equal(h.events.length, 0);
      },
    ),
    { numRuns: 150 },
  );
});

test('property: a flood at ≥ 2× a limit is detected within 4 ticks of its first record', () => {
  fc.assert(
    fc.property(
      shape,
      fc.double({ min: 2, max: 100, noNaN: true }),
      fc.integer({ min: 0, max: 8 }),
      fc.double({ min: 0, max: 0.4, noNaN: true }),
      (flood, multiple, quietTicks, background) => {
        const h = new Harness(settings);
        const victim = '198.51.100.77';
        for (let t = 0; t < quietTicks; t++)
          h.tick([{ dst: victim, protocol: 6, tcpFlags: 0x18, packets: (LIMIT * background) / 4 }]);
        let detectedAfter = -1;
        for (let t = 1; t <= 4 && detectedAfter < 0; t++) {
          const events = h.tick([{ dst: victim, ...flood, packets: (LIMIT * multiple) / 4 }]);
          if (events.some((e) => e.type === 'started')) detectedAfter = t;
        }
        assert.ok(detectedAfter > 0, `not detected: ${JSON.stringify(flood)} at ${multiple}×`);
        assert.ok(detectedAfter <= 2, `2× crosses a 4-tick window by its second tick, got ${detectedAfter}`);
      },
    ),
    { numRuns: 200 },
  );
});

test('property: the same traffic split over several workers gives the same attacks', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.tuple(row, fc.integer({ min: 0, max: 2 })), { maxLength: 30 }), {
        minLength: 4,
        maxLength: 12,
      }),
      (ticks) => {
        const run = (workers: number) => {
          let now = T0;
          const counters = Array.from({ length: workers }, (_, w) => new TickCounter(settings, w, now));
          const detector = new Detector(settings, { workers, now: () => now, newId: () => 'id' });
          const out: string[] = [];
          for (const tick of ticks) {
            counters.forEach((c, w) => {
              const mine = tick.filter(([, owner]) => owner % workers === w).map(([r]) => toRow(r));
              if (mine.length) c.add(batchOf(mine), now);
            });
            now += 250;
            for (const c of counters) {
              for (const e of detector.ingest(c.flush(now)))
                out.push(`${e.type}:${e.attack.target}:${e.attack.classification}`);
            }
          }
          return out;
        };
        assert.deepEqual(run(3), run(1));
      },
    ),
    { numRuns: 100 },
  );
});
