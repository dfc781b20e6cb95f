import { useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { When } from '../../components/When.tsx';
import type { People } from '../../people.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { OnCallNow as OnCallNowView, Schedule } from '../../types-ops.ts';

interface Now {
  schedule: Schedule;
  now: OnCallNowView;
}

/** Per schedule: who is on call now, until when, and who takes over when (the server works it out). */
export function OnCallNow({ org, people }: { org: SessionOrg; people: People }) {
  const [rows, setRows] = useState<Now[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    oncallApi
      .schedules(org.id)
      .then((page) =>
        Promise.all(
          page.items.map(async (schedule) => ({
            schedule,
            now: await oncallApi.onCall(org.id, schedule.id),
          })),
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
          {rows.map(({ schedule, now }) => (
            <li key={schedule.id}>
              <Link to={`${base}/schedules/${schedule.id}`} className="oncall-schedule">
                {schedule.name}
              </Link>
              <span className="oncall-who">
                {now.user ? (
                  <>
                    <strong>{people.name(now.user.id)}</strong>
                    {now.source === 'override' && <span className="pill pill-info small">override</span>}
                    {now.layer && <span className="muted small"> · {now.layer}</span>}
                  </>
                ) : (
                  <span className="warn-text">Nobody is on call</span>
                )}
              </span>
              <span className="oncall-next muted small">
                {now.next ? (
                  <>
                    Next: {people.name(now.next.user.id)} <When iso={now.next.start} />
                  </>
                ) : now.until ? (
                  <>
                    until <When iso={now.until} />
                  </>
                ) : (
                  'no one scheduled in the next months'
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
