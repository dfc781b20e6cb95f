import { useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { SecretOnce } from '../../components/SecretOnce.tsx';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import type { CalendarToken, Schedule } from '../../types-ops.ts';

/**
 * iCalendar: a one-off download (with the session) and a subscription link for calendar apps,
 * which cannot sign in: the link carries a personal secret, shown once.
 */
export function CalendarLinks({ org, schedule }: { org: SessionOrg; schedule: Schedule }) {
  const [token, setToken] = useState<CalendarToken | null>(null);
  const issue = useAction(oncallApi.calendarToken);
  const origin = window.location.origin;
  return (
    <section className="panel" aria-labelledby="ical-title">
      <h2 id="ical-title">Calendar</h2>
      <p>
        <a href={oncallApi.icalPath(org.id, schedule.id)} download={`${schedule.name}.ics`}>
          Download this schedule (.ics)
        </a>{' '}
        <span className="muted small">— a snapshot; it does not update.</span>
      </p>
      {token ? (
        <SecretOnce
          title="Subscription link"
          label="Paste into your calendar app (subscribe by URL)"
          secret={`${origin}${token.schedulePathTemplate.replace('{scheduleId}', schedule.id)}`}
          onDone={() => setToken(null)}
        >
          <p className="small">
            Your own shifts across all schedules:{' '}
            <code className="break">{`${origin}${token.feedPath}`}</code>
          </p>
        </SecretOnce>
      ) : (
        <>
          <p className="small">
            Subscribe in Google Calendar, Outlook or Apple Calendar so it stays current. Creating a link
            replaces your previous one: calendars subscribed with the old link stop updating.
          </p>
          <button
            type="button"
            className="button"
            disabled={issue.pending}
            onClick={async () => {
              const r = await issue.run();
              if (r.ok) setToken(r.value);
            }}
          >
            {issue.pending ? 'Creating…' : 'Create a subscription link'}
          </button>
        </>
      )}
      <FormError error={issue.error} />
    </section>
  );
}
