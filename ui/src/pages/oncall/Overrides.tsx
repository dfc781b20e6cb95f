import { type FormEvent, useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { People } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Calendar, Schedule } from '../../types-ops.ts';
import { localDate, localLong, zonedInstant } from './zoned.ts';

/** Overrides shown in the week, and a form to put someone on call for a range (schedule-local times). */
export function Overrides({
  org,
  schedule,
  people,
  calendar,
  onChanged,
}: {
  org: SessionOrg;
  schedule: Schedule;
  people: People;
  calendar: Calendar | null;
  onChanged(): void;
}) {
  const tz = schedule.timeZone;
  const today = localDate(Date.now(), tz);
  const [userId, setUserId] = useState('');
  const [startDate, setStartDate] = useState(today);
  const [startTime, setStartTime] = useState('18:00');
  const [endDate, setEndDate] = useState(today);
  const [endTime, setEndTime] = useState('23:59');
  const add = useAction(oncallApi.addOverride);
  const remove = useAction(oncallApi.deleteOverride);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');
  const responders = people.members.filter((m) => atLeast(m.role, 'responder'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!userId) return add.setError('Choose who is on call.');
    const start = zonedInstant(startDate, startTime, tz);
    const end = zonedInstant(endDate, endTime, tz);
    if (Number.isNaN(start) || Number.isNaN(end)) return add.setError('Enter a start and an end.');
    const r = await add.run(org.id, schedule.id, {
      userId,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    });
    if (!r.ok) return;
    toast(`Override added for ${people.name(userId)}.`);
    onChanged();
  };
  const overrides = calendar?.overrides ?? [];
  return (
    <section className="panel" aria-labelledby="overrides-title">
      <h2 id="overrides-title">Overrides</h2>
      {overrides.length === 0 ? (
        <p className="muted">No overrides this week.</p>
      ) : (
        <ul className="override-list">
          {overrides.map((o) => (
            <li key={o.id}>
              <span className="override-swatch" aria-hidden="true" />
              <strong>{people.name(o.userId)}</strong>{' '}
              <span>
                {localLong(Date.parse(o.start), tz)} – {localLong(Date.parse(o.end), tz)}
              </span>
              {admin && (
                <button
                  type="button"
                  className="button small danger-outline"
                  disabled={remove.pending}
                  onClick={async () => {
                    const r = await remove.run(org.id, schedule.id, o.id);
                    if (r.ok) {
                      toast('Override removed.');
                      onChanged();
                    }
                  }}
                >
                  Remove<span className="visually-hidden"> override for {people.name(o.userId)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormError error={remove.error} />
      {admin && (
        <form className="grid-form" onSubmit={submit} aria-label="Add an override">
          <SelectField label="Who" value={userId} onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {responders.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </SelectField>
          <TextField
            label="From (date)"
            type="date"
            value={startDate}
            onChange={(e) => setStartDate(e.currentTarget.value)}
          />
          <TextField
            label="From (time)"
            type="time"
            value={startTime}
            onChange={(e) => setStartTime(e.currentTarget.value)}
          />
          <TextField
            label="Until (date)"
            type="date"
            value={endDate}
            onChange={(e) => setEndDate(e.currentTarget.value)}
          />
          <TextField
            label="Until (time)"
            type="time"
            value={endTime}
            onChange={(e) => setEndTime(e.currentTarget.value)}
          />
          <div className="grid-form-actions">
            <button type="submit" className="button primary" disabled={add.pending}>
              {add.pending ? 'Adding…' : 'Add override'}
            </button>
          </div>
        </form>
      )}
      <FormError error={add.error} />
      {admin && <p className="muted small">Times in {tz}.</p>}
    </section>
  );
}
