import { addDays, parseDate, parseTime, zonedToUtc } from './zone.ts';

/** One rotation: members take turns in shifts of a fixed length, starting at a local date and time. */
export interface Layer {
  name: string;
  /** daily and weekly hand off at `handoffTime` local time (DST-correct); custom every `shiftHours` hours. */
  rotation: 'daily' | 'weekly' | 'custom';
  shiftHours?: number;
  /** HH:MM, local time in the schedule's zone. */
  handoffTime: string;
  /** YYYY-MM-DD, local date of the first handoff. */
  startDate: string;
  /** User ids in rotation order (a person may appear more than once). */
  members: string[];
}

export interface Shift {
  index: number;
  userId: string;
  start: number;
  end: number;
}

const HOUR = 3_600_000;
/** Largest number of shifts one expansion returns, whatever the range. */
export const MAX_SHIFTS = 20_000;

/** Returns a function k → start of shift k (epoch ms); strictly increasing in k. */
export function handoffs(layer: Layer, tz: string): (k: number) => number {
  const date = parseDate(layer.startDate);
  const time = parseTime(layer.handoffTime);
  if (!date || !time) throw new Error(`layer ${layer.name}: bad start date or handoff time`);
  const first = zonedToUtc(tz, date.year, date.month, date.day, time.hour, time.minute);
  if (layer.rotation === 'custom') {
    const len = (layer.shiftHours ?? 24) * HOUR;
    return (k) => first + k * len;
  }
  const step = layer.rotation === 'daily' ? 1 : 7;
  return (k) => {
    if (k === 0) return first;
    const d = addDays(date, k * step);
    return zonedToUtc(tz, d.year, d.month, d.day, time.hour, time.minute);
  };
}

const nominalMs = (layer: Layer) =>
  layer.rotation === 'custom'
    ? (layer.shiftHours ?? 24) * HOUR
    : (layer.rotation === 'daily' ? 24 : 168) * HOUR;

/** Index of the shift running at instant t, or null before the layer starts. */
export function shiftIndexAt(layer: Layer, tz: string, t: number, at = handoffs(layer, tz)): number | null {
  const first = at(0);
  if (t < first) return null;
  let k = Math.floor((t - first) / nominalMs(layer));
  while (k > 0 && at(k) > t) k--;
  while (at(k + 1) <= t) k++;
  return k;
}

const shift = (layer: Layer, at: (k: number) => number, k: number): Shift => ({
  index: k,
  userId: layer.members[k % layer.members.length]!,
  start: at(k),
  end: at(k + 1),
});

/** The shift of a layer at instant t (null before it starts or with no members). */
export function shiftAt(layer: Layer, tz: string, t: number): Shift | null {
  if (!layer.members.length) return null;
  const at = handoffs(layer, tz);
  const k = shiftIndexAt(layer, tz, t, at);
  return k === null ? null : shift(layer, at, k);
}

/** Shifts overlapping [from, to), in order, unclipped. */
export function shiftsBetween(layer: Layer, tz: string, from: number, to: number): Shift[] {
  if (!layer.members.length || to <= from) return [];
  const at = handoffs(layer, tz);
  const startK = shiftIndexAt(layer, tz, Math.max(from, at(0)), at);
  if (startK === null) return [];
  const out: Shift[] = [];
  for (let k = startK; at(k) < to && out.length < MAX_SHIFTS; k++) out.push(shift(layer, at, k));
  return out;
}
