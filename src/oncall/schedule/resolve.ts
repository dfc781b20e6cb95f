import { type Layer, MAX_SHIFTS, shiftAt, shiftsBetween } from './rotation.ts';

export interface Override {
  id: string;
  userId: string;
  start: number;
  end: number;
  /** Later-created overrides win where they overlap. */
  createdAt: number;
}

export interface ScheduleShape {
  timeZone: string;
  /** Lowest first: a higher layer overrides a lower one. */
  layers: Layer[];
}

export type OnCall =
  | { userId: string; source: 'override'; overrideId: string }
  | { userId: string; source: 'layer'; layer: number };

export interface Span {
  start: number;
  end: number;
  userId: string;
  source: 'override' | 'layer';
  layer?: number;
  overrideId?: string;
}

/** Who is on call at instant t: the newest override covering t, else the highest layer with a shift. */
export function onCallAt(s: ScheduleShape, overrides: readonly Override[], t: number): OnCall | null {
  let best: Override | undefined;
  for (const o of overrides) {
    if (o.start <= t && t < o.end && (!best || o.createdAt > best.createdAt)) best = o;
  }
  if (best) return { userId: best.userId, source: 'override', overrideId: best.id };
  for (let i = s.layers.length - 1; i >= 0; i--) {
    const shift = shiftAt(s.layers[i]!, s.timeZone, t);
    if (shift) return { userId: shift.userId, source: 'layer', layer: i };
  }
  return null;
}

/**
 * The final schedule over [from, to): spans of one person each, split wherever a layer hands
 * off or an override starts or ends, merged where the same person continues from the same source.
 */
export function finalSpans(
  s: ScheduleShape,
  overrides: readonly Override[],
  from: number,
  to: number,
): Span[] {
  if (to <= from) return [];
  const cuts = new Set<number>([from, to]);
  for (const layer of s.layers) {
    for (const sh of shiftsBetween(layer, s.timeZone, from, to)) {
      if (sh.start > from && sh.start < to) cuts.add(sh.start);
    }
  }
  for (const o of overrides) {
    if (o.start > from && o.start < to) cuts.add(o.start);
    if (o.end > from && o.end < to) cuts.add(o.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let i = 0; i + 1 < points.length && spans.length < MAX_SHIFTS; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const who = onCallAt(s, overrides, start);
    if (!who) continue;
    const last = spans[spans.length - 1];
    const same =
      last &&
      last.end === start &&
      last.userId === who.userId &&
      last.source === who.source &&
      (who.source === 'override' ? last.overrideId === who.overrideId : last.layer === who.layer);
    if (same) last.end = end;
    else
      spans.push({
        start,
        end,
        userId: who.userId,
        source: who.source,
        ...(who.source === 'override' ? { overrideId: who.overrideId } : { layer: who.layer }),
      });
  }
  return spans;
}
