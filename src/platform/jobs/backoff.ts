export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter. Default 1 s. */
  baseMs?: number;
  /** Upper bound of any delay. Default 1 h. */
  capMs?: number;
  /**
   * Share of the delay taken away at random, 0..1. Default 0.5: a delay lies in [d/2, d], so
   * jobs that failed together (an endpoint down) do not all retry in the same instant.
   */
  jitter?: number;
}

/**
 * Delay before retrying after `attempt` failed attempts (1 = the first one failed):
 * min(cap, base · 2^(attempt−1)) minus a random share of up to `jitter` of it.
 * For one random draw it never decreases as attempts grow, and never exceeds the cap.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
) {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 3_600_000;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2 ** 1100 is Infinity, and min() turns that into the cap.
  const full = Math.min(cap, base * 2 ** (n - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(full * (1 - jitter * r));
}
