import { type CSSProperties, useEffect, useRef } from 'react';
import type { People } from '../../people.ts';
import type { Calendar, Span } from '../../types-ops.ts';
import { localDay, localShort } from './zoned.ts';

/** Layer colours (Okabe–Ito, readable on light and dark); overrides get a striped highlight. */
export const LAYER_COLOURS = ['#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#d55e00', '#b8a100'];
export const layerColour = (i: number) => LAYER_COLOURS[i % LAYER_COLOURS.length]!;

interface Row {
  key: string;
  label: string;
  spans: (Span & { colour: string; override: boolean })[];
  kind: 'layer' | 'override' | 'final';
}

/**
 * A week of the schedule in its own time zone: one track per layer (lowest first, each in its
 * colour), the overrides, and the final result — who is actually paged. Each block names the
 * person and, for screen readers, its start and end.
 */
export function WeekCalendar({
  calendar,
  days,
  people,
  now = Date.now(),
}: {
  calendar: Calendar;
  /** Eight local midnights: the week's seven days and its end. */
  days: number[];
  people: People;
  now?: number;
}) {
  const tz = calendar.timeZone;
  const from = days[0]!;
  const to = days[7]!;
  const colourOf = new Map(calendar.layers.map((l, i) => [l.name, layerColour(i)]));
  const rows: Row[] = [
    ...calendar.layers.map((l, i) => ({
      key: `layer-${l.name}`,
      label: `Layer ${i + 1}: ${l.name}`,
      kind: 'layer' as const,
      spans: l.spans.map((s) => ({ ...s, colour: layerColour(i), override: false })),
    })),
    {
      key: 'overrides',
      label: 'Overrides',
      kind: 'override',
      spans: calendar.overrides.map((o) => ({
        start: o.start,
        end: o.end,
        userId: o.userId,
        overrideId: o.id,
        colour: 'var(--override)',
        override: true,
      })),
    },
    {
      key: 'final',
      label: 'Final schedule',
      kind: 'final',
      spans: calendar.final.map((s) => ({
        ...s,
        colour: s.source === 'override' ? 'var(--override)' : (colourOf.get(s.layer ?? '') ?? '#777'),
        override: s.source === 'override',
      })),
    },
  ];
  const pos = (t: number) => ((Math.min(Math.max(t, from), to) - from) / (to - from)) * 100;
  const nowPct = now >= from && now < to ? pos(now) : null;
  const box = useRef<HTMLElement>(null);
  // On a narrow screen the week scrolls sideways: start with "now" in view, not Monday (once per week shown).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new week moves the view; later renders keep the user's scroll
  useEffect(() => {
    const el = box.current;
    if (!el || nowPct === null || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = Math.max(0, (el.scrollWidth * nowPct) / 100 - el.clientWidth / 2);
  }, [from]);
  return (
    <section ref={box} className="week" aria-label={`Week of ${localDay(from, tz)} (${tz})`}>
      <div className="week-head" aria-hidden="true">
        <span className="week-label" />
        <div className="week-track">
          {days.slice(0, 7).map((d, i) => (
            <span
              key={d}
              className="week-day"
              style={{ left: `${pos(d)}%`, width: `${pos(days[i + 1]!) - pos(d)}%` }}
            >
              {localDay(d, tz)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((r) => (
        <div key={r.key} className={`week-row week-${r.kind}`}>
          <span className="week-label">{r.label}</span>
          <ul className="week-track" aria-label={r.label}>
            {days.slice(1, 7).map((d) => (
              <li key={d} className="week-grid" style={{ left: `${pos(d)}%` }} aria-hidden="true" />
            ))}
            {nowPct !== null && <li className="week-now" style={{ left: `${nowPct}%` }} aria-hidden="true" />}
            {r.spans.length === 0 && <li className="visually-hidden">Nobody this week</li>}
            {r.spans
              .filter((s) => Date.parse(s.end) > from && Date.parse(s.start) < to)
              .map((s) => {
                const left = pos(Date.parse(s.start));
                const width = Math.max(pos(Date.parse(s.end)) - left, 0.4);
                const name = people.name(s.userId);
                const when = `${localShort(Date.parse(s.start), tz)} – ${localShort(Date.parse(s.end), tz)}`;
                const style = { left: `${left}%`, width: `${width}%`, '--span': s.colour } as CSSProperties;
                return (
                  <li
                    key={`${s.start}-${s.userId}-${s.overrideId ?? ''}`}
                    className={`week-span${s.override ? ' is-override' : ''}`}
                    style={style}
                    title={`${name}: ${when}${s.override ? ' (override)' : s.layer ? ` (${s.layer})` : ''}`}
                  >
                    <span className="week-name">{name}</span>
                    <span className="visually-hidden">
                      , {when}
                      {s.override ? ', override' : ''}
                    </span>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </section>
  );
}
