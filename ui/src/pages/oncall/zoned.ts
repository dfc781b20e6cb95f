/**
 * Wall-clock arithmetic in a schedule's IANA time zone with nothing but Intl: the instant of a
 * local midnight (DST-safe), weekday names and local times for labels.
 */

const parts = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = parts.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    parts.set(timeZone, f);
  }
  return f;
}

export interface Local {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: string;
}

export function localParts(ms: number, timeZone: string): Local {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: p.weekday ?? '',
  };
}

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offset(ms: number, timeZone: string): number {
  const l = localParts(ms, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/** The instant of a local wall-clock time in the zone (a time skipped by DST lands after the gap). */
function localInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
) {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const t = guess - offset(guess, timeZone);
  return guess - offset(t, timeZone); // a second pass settles DST changes near the time
}

/** The instant at which the local date y-m-d starts (00:00) in the zone. */
export const localMidnight = (year: number, month: number, day: number, timeZone: string) =>
  localInstant(year, month, day, 0, 0, timeZone);

/** Start of the local Monday of the week containing `ms`, plus `weeks` weeks. */
export function weekStart(ms: number, timeZone: string, weeks = 0): number {
  const l = localParts(ms, timeZone);
  const dow = (new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(Date.UTC(l.year, l.month - 1, l.day - dow + weeks * 7));
  return localMidnight(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), timeZone);
}

/** The seven local midnights of the week starting at `start`, and the end of the week. */
export function weekDays(start: number, timeZone: string): number[] {
  const l = localParts(start, timeZone);
  return Array.from({ length: 8 }, (_, i) => {
    const d = new Date(Date.UTC(l.year, l.month - 1, l.day + i));
    return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
  });
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `Mon 09:00` in the zone. */
export const localShort = (ms: number, timeZone: string) => {
  const l = localParts(ms, timeZone);
  return `${l.weekday} ${pad(l.hour)}:${pad(l.minute)}`;
};
/** `Mon 6 Jan` in the zone. */
export const localDay = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(ms);
/** `2026-01-06` in the zone (a date input's value). */
export const localDate = (ms: number, timeZone: string) => {
  const l = localParts(ms, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
};

/** The instant of a local `YYYY-MM-DD` + `HH:MM` in the zone, or NaN. */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return Number.NaN;
  return localInstant(Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2]), timeZone);
}

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
  }
}

/** `Sat 21 Nov 08:00` in the zone. */
export const localLong = (ms: number, timeZone: string) => {
  const l = localParts(ms, timeZone);
  return `${localDay(ms, timeZone)} ${pad(l.hour)}:${pad(l.minute)}`;
};
