import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSleeper } from './sleeper.ts';

const timed = async (p: Promise<void>) => {
  const start = Date.now();
  await p;
  return Date.now() - start;
};

test('wakeBy during a sleep ends it by that time; a later one does not extend it', async () => {
  const s = createSleeper();
  const sleeping = timed(s.sleep(5000));
  s.wakeBy(Date.now() + 30);
  s.wakeBy(Date.now() + 4000);
  assert.ok((await sleeping) < 1000);
});

test('a wakeBy that arrives while awake shortens the next sleep until reset()', async () => {
  const s = createSleeper();
  s.wakeBy(Date.now() + 20);
  assert.ok((await timed(s.sleep(5000))) < 1000);
  s.reset();
  const sleeping = timed(s.sleep(150));
  assert.ok((await sleeping) >= 140);
});

test('wake() ends a sleep at once and the next one too, until reset()', async () => {
  const s = createSleeper();
  const sleeping = timed(s.sleep(5000));
  s.wake();
  assert.ok((await sleeping) < 1000);
  assert.ok((await timed(s.sleep(5000))) < 1000);
});
