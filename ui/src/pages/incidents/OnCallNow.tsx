import { useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { When } from '../../components/When.tsx';
import type { People } from '../../people.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Calendar, Schedule, Span } from '../../types-ops.ts';

const DAY = 86_400_000;

interface Now {
  schedule: Schedule;
  current: Span | null;
  next: Span | null;
}

/** The span covering `at` and the first one after it with someone else (the next handoff). */
export function currentAndNext(cal: Calendar, at = Date.now()): { current: Span | null; next: Span | null } {
  const spans = cal.final;
  const current = spans.find((s) => Date.parse(s.start) <= at && at < Date.parse(s.end)) ?? null;
  const after = current ? Date.parse(current.end) : at;
  const next = spans.find((s) => Date.parse(s.start) >= after && s.userId !== current?.userId) ?? null;
  return { current, next };
}

/** Per schedule: who is on call now, since when, and who takes over when. */
export function OnCallNow({ org, people }: { org: SessionOrg; people: People }) {
  const [rows, setRows] = useState<Now[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + 31 * DAY).toISOString();
    oncallApi
      .schedules(org.id)
      .then((page) =>
        Promise.all(
          page.items.map(async (schedule) => {
            const cal = await oncallApi.calendar(org.id, schedule.id, from, to);
            return { schedule, ...currentAndNext(cal) };
          }),
        ),
      )
      .then(setRows, (err) => setError(messageOf(err)));
  }, [org.id]);
  const base = `/o/${org.handle}/oncall`;
  return (
    <section className="panel" aria-labelledby="oncall-now-title">
      <div className="panel-head">
        <h2 id="oncall-now-title">On call now</h2>
        <Link to={`${base}/schedules`}>Schedules</Link>
      </div>
      <FormError error={error} />
      {rows === null && !error && <p className="muted">Loading schedules…</p>}
      {rows?.length === 0 && (
        <p className="muted">
          No schedules yet: without one, alerts page the organisation's owners.{' '}
          <Link to={`${base}/schedules`}>Create a schedule</Link>.
        </p>
      )}
      {rows && rows.length > 0 && (
        <ul className="oncall-now">
          {rows.map(({ schedule, current, next }) => (
            <li key={schedule.id}>
              <Link to={`${base}/schedules/${schedule.id}`} className="oncall-schedule">
                {schedule.name}
              </Link>
              <span className="oncall-who">
                {current ? (
                  <>
                    <strong>{people.name(current.userId)}</strong>
                    {current.source === 'override' && <span className="pill pill-info small">override</span>}
                    {current.layer && <span className="muted small"> · {current.layer}</span>}
                  </>
                ) : (
                  <span className="warn-text">Nobody is on call</span>
                )}
              </span>
              <span className="oncall-next muted small">
                {next ? (
                  <>
                    Next: {people.name(next.userId)} <When iso={next.start} />
                  </>
                ) : current ? (
                  <>
                    until <When iso={current.end} />
                  </>
                ) : (
                  'no one scheduled in the next month'
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
