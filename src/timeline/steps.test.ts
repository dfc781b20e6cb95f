import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildSteps, type Fact, STEP_KEYS } from './steps.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const fact = (key: Fact['key'], offsetMs: number | null): Fact => ({
  key,
  at: offsetMs === null ? null : new Date(T0 + offsetMs).toISOString(),
  module: 'm',
  detail: null,
});

test('steps by time with deltas from the previous step and the first datagram; missing steps last', () => {
  const steps = buildSteps([
    fact('detected', 800),
    fact('first_datagram', 0),
    fact('page_delivered', 2100),
    fact('acknowledged', null),
    fact('customer_health', 800),
  ]);
  assert.deepEqual(
    steps.map((s) => [s.key, s.sincePreviousMs, s.sinceFirstDatagramMs]),
    [
      ['first_datagram', null, 0],
      ['detected', 800, 800],
      ['customer_health', 0, 800], // same time: canonical order breaks the tie
      ['page_delivered', 1300, 2100],
      ['acknowledged', null, null],
    ],
  );
});

test('property: every fact appears once; happened steps are ordered and deltas add up', () => {
  const arbFacts = fc.uniqueArray(
    fc.record({
      key: fc.constantFrom(...STEP_KEYS),
      offset: fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: null }),
    }),
    { selector: (f) => f.key, maxLength: STEP_KEYS.length },
  );
  fc.assert(
    fc.property(arbFacts, (raw) => {
      const steps = buildSteps(raw.map((r) => fact(r.key, r.offset)));
      assert.equal(steps.length, raw.length);
      assert.deepEqual(new Set(steps.map((s) => s.key)), new Set(raw.map((r) => r.key)));
      const happened = steps.filter((s) => s.at !== null);
      assert.ok(
        steps.slice(0, happened.length).every((s) => s.at !== null),
        'missing steps come last',
      );
      let sum = 0;
      for (const [i, s] of happened.entries()) {
        if (i > 0) {
          assert.ok(s.sincePreviousMs! >= 0);
          sum += s.sincePreviousMs!;
        }
        assert.equal(sum, Date.parse(s.at!) - Date.parse(happened[0]!.at!));
      }
    }),
  );
});
