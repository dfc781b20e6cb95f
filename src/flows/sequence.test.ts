import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SequenceTracker } from './sequence.ts';
import { newExporterStats } from './stats.ts';

test('in-order datagrams lose nothing; a forward jump counts the missing units', () => {
  const stats = newExporterStats();
  const t = new SequenceTracker(8);
  assert.equal(t.observe(stats, 1, 100, 5), 0);
  assert.equal(t.observe(stats, 1, 105, 5), 0);
  assert.equal(t.observe(stats, 1, 120, 5), 10);
  assert.equal(stats.lost, 10);
  assert.equal(stats.sequenceGaps, 1);
});

test('wraps around 2^32', () => {
  const stats = newExporterStats();
  const t = new SequenceTracker(8);
  t.observe(stats, 's', 4294967295, 1);
  assert.equal(t.observe(stats, 's', 0, 1), 0);
  assert.equal(t.observe(stats, 's', 3, 1), 2);
});

test('a late datagram takes its units back out of lost; a big step back is a restart', () => {
  const stats = newExporterStats();
  const t = new SequenceTracker(8);
  t.observe(stats, 1, 1, 1);
  t.observe(stats, 1, 3, 1); // 2 missing for now
  assert.equal(stats.lost, 1);
  t.observe(stats, 1, 2, 1); // … it was only late
  assert.equal(stats.lost, 0);
  assert.equal(stats.reordered, 1);
  assert.equal(t.observe(stats, 1, 4, 1), 0);
  t.observe(stats, 1, 4_000_000_000, 1);
  t.observe(stats, 1, 7, 1);
  assert.equal(stats.sequenceResets, 1);
});

test('unknown unit counts suspend the check for one datagram', () => {
  const stats = newExporterStats();
  const t = new SequenceTracker(8);
  t.observe(stats, 1, 10, Number.NaN);
  assert.equal(t.observe(stats, 1, 500, 3), 0);
  assert.equal(t.observe(stats, 1, 503, 3), 0);
  assert.equal(stats.lost, 0);
});

test('stream count is capped', () => {
  const stats = newExporterStats();
  const t = new SequenceTracker(4);
  for (let s = 0; s < 100; s++) t.observe(stats, s, 1, 1);
  assert.equal(stats.lost, 0);
  assert.ok((t as unknown as { expected: Map<number, number> }).expected.size <= 4);
});
