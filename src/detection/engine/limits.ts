// Comparing an entity's window rates with its limits: absolute limits per vector (pps, bits/s,
// flows/s) and, when enabled, learned baselines (max(floor, multiplier × normal rate)).

import type { DetectionConfig } from '../../platform/config/schema.ts';
import {
  LIMIT_BPS,
  LIMIT_FLOWS,
  LIMIT_PPS,
  M_BYTES,
  M_FLOWS,
  M_PKTS,
  VECTOR_COUNT,
  VECTOR_METRICS,
} from './vectors.ts';
import { BASELINE_METRICS } from './window-store.ts';

/** Baseline metric b guards vector BASELINE_VECTOR[b]; b = 1 (total bytes) is a bits/s level. */
const BASELINE_VECTOR = [0, 0, 1, 2, 3, 4, 5, 6] as const;

export interface LimitSet {
  limits: readonly number[];
  /** Lowest positive limit of each kind: below a fraction of all three, nothing can cross. */
  minPps: number;
  minBps: number;
  minFlows: number;
}

export function limitSet(limits: readonly number[]): LimitSet {
  const min = (k: number) => {
    let m = Number.POSITIVE_INFINITY;
    for (let v = 0; v < VECTOR_COUNT; v++) if (limits[v * 3 + k]! > 0) m = Math.min(m, limits[v * 3 + k]!);
    return m;
  };
  return { limits, minPps: min(LIMIT_PPS), minBps: min(LIMIT_BPS), minFlows: min(LIMIT_FLOWS) };
}

/** True when the rates (per second) are at least `fraction` of the set's lowest limit. */
export const nearLimit = (set: LimitSet, rates: Float64Array, fraction: number) =>
  rates[M_PKTS]! >= set.minPps * fraction ||
  rates[M_BYTES]! * 8 >= set.minBps * fraction ||
  rates[M_FLOWS]! >= set.minFlows * fraction;

/** Bit per vector whose rate is at or over one of its absolute limits. */
export function absoluteCrossings(limits: readonly number[], rates: Float64Array): number {
  let mask = 0;
  for (let v = 0; v < VECTOR_COUNT; v++) {
    const [pm, bm, fm] = VECTOR_METRICS[v]!;
    const lp = limits[v * 3 + LIMIT_PPS]!;
    const lb = limits[v * 3 + LIMIT_BPS]!;
    const lf = limits[v * 3 + LIMIT_FLOWS]!;
    if (
      (lp > 0 && rates[pm]! >= lp) ||
      (bm >= 0 && lb > 0 && rates[bm]! * 8 >= lb) ||
      (fm >= 0 && lf > 0 && rates[fm]! >= lf)
    ) {
      mask |= 1 << v;
    }
  }
  return mask;
}

/**
 * Bit per vector whose rate is at or over max(floor, multiplier × learned rate); the pps level
 * that was crossed is written to `levels[vector]`. `learned` holds BASELINE_METRICS rates.
 */
export function baselineCrossings(
  b: DetectionConfig['baseline'],
  learned: Float32Array,
  offset: number,
  rates: Float64Array,
  levels: Float64Array,
): number {
  let mask = 0;
  levels.fill(0);
  for (let i = 0; i < BASELINE_METRICS.length; i++) {
    const metric = BASELINE_METRICS[i]!;
    const bits = metric === M_BYTES;
    const normal = learned[offset + i]! * (bits ? 8 : 1);
    const rate = rates[metric]! * (bits ? 8 : 1);
    const level = Math.max(bits ? b.floorBps : b.floorPps, b.multiplier * normal);
    if (level > 0 && rate >= level) {
      const v = BASELINE_VECTOR[i]!;
      mask |= 1 << v;
      if (!bits) levels[v] = level;
    }
  }
  return mask;
}
