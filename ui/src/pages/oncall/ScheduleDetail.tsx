import { useCallback, useEffect, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { usePeople } from '../../people.ts';
import { Link, navigate } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Calendar, OnCallNow, Schedule } from '../../types-ops.ts';
import { NotFound } from '../NotFound.tsx';
import { CalendarLinks } from './CalendarLinks.tsx';
import { Overrides } from './Overrides.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { WeekCalendar } from './WeekCalendar.tsx';
import { localDay, weekDays, weekStart } from './zoned.ts';

export function ScheduleDetail({ org, scheduleId }: { org: SessionOrg; scheduleId: string }) {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [calendar, setCalendar] = useState<Calendar | null>(null);
  const [now, setNow] = useState<OnCallNow | null>(null);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const [week, setWeek] = useState(0);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const people = usePeople(org.id);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');
  const tz = schedule?.timeZone ?? 'UTC';
  const days = schedule ? weekDays(weekStart(Date.now(), tz, week), tz) : null;
  const from = days?.[0];
  const to = days?.[7];

  useEffect(() => {
    oncallApi
      .schedule(org.id, scheduleId)
      .then(setSchedule, (err) =>
        setError({ message: messageOf(err), missing: err instanceof ApiError && err.status === 404 }),
      );
  }, [org.id, scheduleId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: schedule.updatedAt says when the layers changed
  const loadCalendar = useCallback(() => {
    if (from === undefined || to === undefined) return;
    oncallApi
      .calendar(org.id, scheduleId, new Date(from).toISOString(), new Date(to).toISOString())
      .then(setCalendar, (err) => setError({ message: messageOf(err), missing: false }));
    // Who is on call now and the next handoff, which may lie beyond the week shown.
    oncallApi.onCall(org.id, scheduleId).then(setNow, () => setNow(null));
  }, [org.id, scheduleId, from, to, schedule?.updatedAt]);
  useEffect(loadCalendar, [loadCalendar]);

  if (error?.missing) return <NotFound message="No such schedule in this organisation." />;
  const base = `/o/${org.handle}/oncall`;
  return (
    <>
      <p className="crumbs">
        <Link to={`${base}/schedules`}>← Schedules</Link>
      </p>
      <PageHeader title={schedule?.name ?? 'Schedule'} context={`On-call · ${org.name}`}>
        {admin && schedule && !editing && (
          <div className="actions-row">
            <button type="button" className="button small" onClick={() => setEditing(true)}>
              Edit layers
            </button>
            <button type="button" className="button small danger-outline" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        )}
      </PageHeader>
      <FormError error={error?.message ?? null} />
      {schedule?.description && <p>{schedule.description}</p>}
      {now && (
        <p className="oncall-banner" aria-live="polite">
          On call now: <strong>{now.user ? people.name(now.user.id) : 'nobody'}</strong>
          {now.source === 'override' && ' (override)'}
          {now.next ? (
            <>
              {' '}
              · next handoff to <strong>{people.name(now.next.user.id)}</strong> <When iso={now.next.start} />
            </>
          ) : (
            now.until && (
              <>
                {' '}
                · until <When iso={now.until} />
              </>
            )
          )}
        </p>
      )}
      {editing && schedule && (
        <ScheduleEditor
          org={org}
          people={people}
          initial={schedule}
          onCancel={() => setEditing(false)}
          onSaved={(s) => {
            setSchedule(s);
            setEditing(false);
            toast('Schedule saved.');
          }}
        />
      )}
      <section className="panel" aria-labelledby="week-title">
        <div className="panel-head">
          <h2 id="week-title">{days ? `Week of ${localDay(days[0]!, tz)}` : 'Week'}</h2>
          <div className="actions-row">
            <button type="button" className="button small" onClick={() => setWeek((w) => w - 1)}>
              <span aria-hidden="true">←</span> Previous<span className="visually-hidden"> week</span>
            </button>
            <button type="button" className="button small" onClick={() => setWeek(0)} disabled={week === 0}>
              This week
            </button>
            <button type="button" className="button small" onClick={() => setWeek((w) => w + 1)}>
              Next<span className="visually-hidden"> week</span> <span aria-hidden="true">→</span>
            </button>
          </div>
        </div>
        <p className="muted small">Times in {tz}. The final row is who gets paged.</p>
        {calendar && days ? (
          <WeekCalendar calendar={calendar} days={days} people={people} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      {schedule && (
        <Overrides
          org={org}
          schedule={schedule}
          people={people}
          calendar={calendar}
          onChanged={loadCalendar}
        />
      )}
      {schedule && <CalendarLinks org={org} schedule={schedule} />}
      {deleting && schedule && (
        <DeleteDialog
          name={schedule.name}
          what="schedule"
          remove={() => oncallApi.deleteSchedule(org.id, schedule.id)}
          onCancel={() => setDeleting(false)}
          onDeleted={() => navigate(`${base}/schedules`)}
        >
          <p>Policies that page this schedule must be changed first. Subscribed calendars stop updating.</p>
        </DeleteDialog>
      )}
    </>
  );
}
