import type { Platform } from '../platform/platform.ts';

/** Epoch milliseconds now. */
export type Clock = () => number;

const clocks = new WeakMap<Platform, Clock>();

/**
 * Gives the escalation engine of one platform its own clock (tests with a fake clock): every
 * escalation time — when a step, an ack timeout or a notification rule is due, who is on call —
 * is computed from it. The jobs queue still compares run_at with the database clock, so a test
 * with a fake clock runs due jobs itself (see fake-clock.ts).
 */
export function setOncallClock(p: Platform, now: Clock) {
  clocks.set(p, now);
}

/** The platform's escalation clock: Date.now unless a test set another. */
export const nowFor = (p: Platform): number => (clocks.get(p) ?? Date.now)();
