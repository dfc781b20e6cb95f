/**
 * 90-day uptime per component from its status history. A day counts from the component's
 * creation (before it: no data) up to now. Downtime is weighted as Statuspage does: a major
 * outage counts in full, a partial outage at 30 %; degraded performance and maintenance do not
 * count as downtime but colour the day. Days are calendar days in UTC.
 */

export interface StatusChange {
  status: string;
  at: Date;
}

export interface UptimeDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** The worst status the component was in that day; null when it did not exist yet. */
  worst: string | null;
  /** Seconds observed, and seconds in outage statuses. */
  observedS: number;
  majorS: number;
  partialS: number;
  /** 0..1, null without data. */
  uptime: number | null;
}

export interface Uptime {
  days: UptimeDay[];
  /** Over the whole window, 0..1; null without data. */
  uptime: number | null;
}

const DAY_MS = 86_400_000;
export const PARTIAL_WEIGHT = 0.3;
const WORST_RANK: Record<string, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

/** `changes` in time order; the first one is the status the component started with. */
export function computeUptime(changes: readonly StatusChange[], now: Date, days = 90): Uptime {
  const end = now.getTime();
  const firstDay = dayStart(end) - (days - 1) * DAY_MS;
  const segments = changes.map((c, i) => ({
    status: c.status,
    from: c.at.getTime(),
    to: i + 1 < changes.length ? changes[i + 1]!.at.getTime() : end,
  }));
  const out: UptimeDay[] = [];
  let observed = 0;
  let down = 0;
  for (let d = 0; d < days; d++) {
    const from = firstDay + d * DAY_MS;
    const to = Math.min(from + DAY_MS, end);
    const day: UptimeDay = {
      date: new Date(from).toISOString().slice(0, 10),
      worst: null,
      observedS: 0,
      majorS: 0,
      partialS: 0,
      uptime: null,
    };
    for (const s of segments) {
      const a = Math.max(s.from, from);
      const b = Math.min(s.to, to);
      if (b <= a && !(s.from >= from && s.from < to)) continue;
      const secs = Math.max(0, b - a) / 1000;
      day.observedS += secs;
      if (s.status === 'major_outage') day.majorS += secs;
      if (s.status === 'partial_outage') day.partialS += secs;
      if (day.worst === null || (WORST_RANK[s.status] ?? 0) > (WORST_RANK[day.worst] ?? 0))
        day.worst = s.status;
    }
    if (day.observedS > 0) {
      const dayDown = day.majorS + PARTIAL_WEIGHT * day.partialS;
      day.uptime = 1 - dayDown / day.observedS;
      observed += day.observedS;
      down += dayDown;
    }
    out.push(day);
  }
  return { days: out, uptime: observed > 0 ? 1 - down / observed : null };
}

/** "99.95" style: floors, so a day with any outage never shows 100. */
export function formatPercent(u: number): string {
  const floored = Math.floor(u * 10_000) / 100;
  return floored.toFixed(2);
}
