import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { type StatusComponent, type StatusIncident, statusApi } from '../../api-status.ts';
import { CheckField, TextAreaField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { atLeast, utc } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** A `datetime-local` value (the browser's zone) one hour from now, rounded to the hour. */
function localInput(offsetHours: number): string {
  const d = new Date(Date.now() + offsetHours * 3_600_000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Props {
  org: SessionOrg;
  components: StatusComponent[];
  base: string;
}

/** Scheduled maintenance: announced ahead, started and completed on time by Swimmy. */
export function MaintenanceScheduler({ org, components, base }: Props) {
  const [items, setItems] = useState<StatusIncident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [from, setFrom] = useState(localInput(24));
  const [until, setUntil] = useState(localInput(26));
  const [chosen, setChosen] = useState<string[]>([]);
  const [auto, setAuto] = useState(true);
  const create = useAction(statusApi.createMaintenance);
  const load = useCallback(() => {
    statusApi.incidents(org.id, 'maintenance').then(
      (r) => setItems(r.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  useEffect(load, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const start = new Date(from);
    const end = new Date(until);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
      create.setError('Give both a start and an end.');
      return;
    }
    const r = await create.run(org.id, {
      name: name.trim(),
      body: body.trim(),
      scheduledFor: start.toISOString(),
      scheduledUntil: end.toISOString(),
      componentIds: chosen,
      autoTransition: auto,
    });
    if (!r.ok) return;
    setName('');
    setBody('');
    setChosen([]);
    load();
  };

  return (
    <>
      <FormError error={error} />
      {items?.length === 0 && <p className="empty">No maintenance scheduled.</p>}
      {items && items.length > 0 && (
        <ul className="status-incidents">
          {items.map((m) => (
            <li key={m.id}>
              <Link to={`${base}/${m.id}`}>{m.name}</Link> <StatusBadge status={m.status} />
              <span className="muted small">
                {' '}
                · {m.scheduledFor && utc(m.scheduledFor)} – {m.scheduledUntil && utc(m.scheduledUntil)}
                {m.autoTransition ? ' · starts and completes automatically' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {!atLeast(org.role, 'admin') && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can schedule maintenance.
        </RoleNote>
      )}
      {atLeast(org.role, 'admin') && (
        <section className="panel" aria-labelledby="new-maintenance">
          <h2 id="new-maintenance">Schedule maintenance</h2>
          <form className="grid-form" onSubmit={submit}>
            <TextField
              label="Title"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextField
              label="Starts (your time)"
              type="datetime-local"
              required
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextField
              label="Ends (your time)"
              type="datetime-local"
              required
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
            />
            <TextAreaField
              label="Announcement (public)"
              required
              rows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <fieldset className="affected-picker">
              <legend>Components under maintenance</legend>
              {components
                .filter((c) => !c.isGroup)
                .map((c) => (
                  <label key={c.id} className="affected-row">
                    <input
                      type="checkbox"
                      checked={chosen.includes(c.id)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setChosen((list) => (on ? [...list, c.id] : list.filter((x) => x !== c.id)));
                      }}
                    />{' '}
                    {c.name}
                  </label>
                ))}
            </fieldset>
            <CheckField
              label="Start and complete automatically"
              hint="At the start the components go under maintenance; at the end, back to operational."
              checked={auto}
              onChange={(e) => setAuto(e.currentTarget.checked)}
            />
            <div className="grid-form-actions">
              <button type="submit" className="button primary" disabled={create.pending}>
                {create.pending ? 'Scheduling…' : 'Schedule'}
              </button>
            </div>
          </form>
          <FormError error={create.error} />
        </section>
      )}
    </>
  );
}
