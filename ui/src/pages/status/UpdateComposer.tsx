import { type FormEvent, useState } from 'react';
import {
  human,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type StatusComponent,
  type StatusIncident,
  statusApi,
} from '../../api-status.ts';
import { CheckField, SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { ComponentStatusPicker } from './ComponentStatusPicker.tsx';

const CLOSED = new Set(['resolved', 'postmortem', 'completed']);

interface Props {
  org: SessionOrg;
  incident: StatusIncident;
  components: StatusComponent[];
  onPosted: (next: StatusIncident) => void;
}

/** The next numbered update: status, affected components and their statuses, public text. */
export function UpdateComposer({ org, incident, components, onPosted }: Props) {
  const statuses = incident.kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  const closed = CLOSED.has(incident.status);
  const [status, setStatus] = useState<string>(closed ? incident.status : incident.status);
  const [body, setBody] = useState('');
  const [affected, setAffected] = useState<Record<string, string>>({});
  const [reopen, setReopen] = useState(false);
  const post = useAction(statusApi.postUpdate);
  const next = (incident.updates[0]?.number ?? 0) + 1;

  // Resolving usually brings the affected components back: offer it, the person decides.
  const chooseStatus = (s: string) => {
    setStatus(s);
    if (CLOSED.has(s) && Object.keys(affected).length === 0) {
      setAffected(Object.fromEntries(incident.componentIds.map((id) => [id, 'operational'])));
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await post.run(org.id, incident.id, {
      status,
      body: body.trim(),
      components: affected,
      ...(reopen ? { reopen: true } : {}),
    });
    if (!r.ok) return;
    setBody('');
    setAffected({});
    setReopen(false);
    onPosted(r.value);
  };

  return (
    <section className="panel" aria-labelledby="composer">
      <h2 id="composer">Post Update #{next}</h2>
      {closed && (
        <p className="note">
          This {incident.kind} is {human(incident.status).toLowerCase()}. You can add a{' '}
          {incident.kind === 'incident' ? 'postmortem' : 'note'}; any other status reopens it.
        </p>
      )}
      <form className="grid-form" onSubmit={submit}>
        <SelectField label="Status" value={status} onChange={(e) => chooseStatus(e.currentTarget.value)}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {human(s)}
            </option>
          ))}
        </SelectField>
        {closed && !CLOSED.has(status) && (
          <CheckField
            label={`Reopen this ${incident.kind}`}
            checked={reopen}
            onChange={(e) => setReopen(e.currentTarget.checked)}
          />
        )}
        <TextAreaField
          label="Message (public)"
          required
          rows={5}
          maxLength={20000}
          hint="Everything posted here is public (TLP:CLEAR)."
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <ComponentStatusPicker components={components} value={affected} onChange={setAffected} />
        <div className="grid-form-actions">
          <button type="submit" className="button primary" disabled={post.pending}>
            {post.pending ? 'Publishing…' : `Publish Update #${next}`}
          </button>
        </div>
      </form>
      <FormError error={post.error} />
    </section>
  );
}
