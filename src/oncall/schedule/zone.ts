/**
 * Time-zone arithmetic on Intl alone (no tz library): offsets from the platform's IANA data,
 * local wall times to instants with DST gaps and overlaps resolved like Temporal's
 * 'compatible' disambiguation (a time in a gap moves forward; a repeated time takes the earlier).
 */

const IANA = /^(UTC|[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+)$/;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(tz, f);
  }
  return f;
}

/** True for an IANA zone name the runtime knows ("Europe/Berlin", "UTC"); offsets like "+01:00" are not zones. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length > 64 || !IANA.test(tz)) return false;
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(tz: string, utcMs: number): LocalParts {
  const out: Record<string, number> = {};
  for (const part of format(tz).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

/** Offset of the zone from UTC at an instant, in ms (east positive). */
export function offsetMs(tz: string, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const l = localParts(tz, whole);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - whole;
}

const DAY = 86_400_000;

/** The instant at which the zone's clocks show the given local date and time. */
export function zonedToUtc(
  tz: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetMs(tz, wall - DAY);
  const after = offsetMs(tz, wall + DAY);
  const candidates = [wall - before, wall - after].filter((t) => offsetMs(tz, t) === wall - t);
  if (candidates.length) return Math.min(...candidates);
  // In a gap (clocks jumped forward): the same distance past the jump.
  return wall - before;
}

/** Local calendar date arithmetic, independent of zones (YYYY-MM-DD plus n days). */
export function addDays(date: { year: number; month: number; day: number }, n: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function parseDate(s: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function parseTime(s: string): { hour: number; minute: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}
