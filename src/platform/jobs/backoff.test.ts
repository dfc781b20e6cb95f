import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { backoffDelay } from './backoff.ts';

const options = fc.record({
  baseMs: fc.integer({ min: 1, max: 60_000 }),
  capMs: fc.integer({ min: 1, max: 86_400_000 }),
  jitter: fc.double({ min: 0, max: 1, noNaN: true }),
});
const attempt = fc.integer({ min: 1, max: 5000 });
const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

test('backoff never decreases with the attempt number for one random draw', () => {
  fc.assert(
    fc.property(options, attempt, attempt, draw, (o, a, b, r) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      assert.ok(backoffDelay(lo, o, () => r) <= backoffDelay(hi, o, () => r));
    }),
  );
});

test('backoff stays within [full · (1 − jitter), full] and never exceeds the cap', () => {
  fc.assert(
    fc.property(options, attempt, draw, (o, a, r) => {
      const delay = backoffDelay(a, o, () => r);
      const full = Math.min(o.capMs, o.baseMs * 2 ** (a - 1));
      assert.ok(Number.isInteger(delay));
      assert.ok(delay <= o.capMs, `${delay} > cap ${o.capMs}`);
      assert.ok(delay <= Math.round(full));
      assert.ok(delay >= Math.floor(full * (1 - o.jitter)), `${delay} below ${full * (1 - o.jitter)}`);
    }),
  );
});

test('backoff doubles from the base and treats nonsense attempts as the first', () => {
  const none = () => 0;
  assert.deepEqual(
    [1, 2, 3, 4].map((a) => backoffDelay(a, { baseMs: 100, capMs: 10_000 }, none)),
    [100, 200, 400, 800],
  );
  assert.equal(backoffDelay(100_000, { baseMs: 100, capMs: 10_000 }, none), 10_000);
  for (const a of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.equal(backoffDelay(a, { baseMs: 100 }, none), 100);
  }
  // Default jitter takes away at most half.
  assert.equal(
    backoffDelay(1, { baseMs: 100 }, () => 0.999_999),
    50,
  );
});
