import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { human, IMPACTS, type StatusComponent, type StatusIncident, statusApi } from '../../api-status.ts';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { Link, navigate } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import { ComponentStatusPicker } from './ComponentStatusPicker.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const open = (i: StatusIncident) => i.status !== 'resolved' && i.status !== 'postmortem';

/** Incidents on the public page, and a form to open one (its text is Update #1). */
export function IncidentList({
  org,
  components,
  base,
}: {
  org: SessionOrg;
  components: StatusComponent[];
  base: string;
}) {
  const [items, setItems] = useState<StatusIncident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const [impact, setImpact] = useState('');
  const [affected, setAffected] = useState<Record<string, string>>({});
  const create = useAction(statusApi.createIncident);
  const load = useCallback(() => {
    statusApi.incidents(org.id, 'incident').then(
      (r) => setItems(r.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  useEffect(load, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create.run(org.id, {
      name: name.trim(),
      body: body.trim(),
      ...(impact ? { impact } : {}),
      components: affected,
    });
    if (r.ok) navigate(`${base}/${r.value.id}`);
  };

  return (
    <>
      <FormError error={error} />
      {items?.length === 0 && <p className="empty">No incidents yet.</p>}
      {items && items.length > 0 && (
        <ul className="status-incidents">
          {items.map((i) => (
            <li key={i.id} className={open(i) ? 'open' : undefined}>
              <Link to={`${base}/${i.id}`}>{i.name}</Link> <StatusBadge status={i.status} />
              <span className="muted small">
                {' '}
                · impact {i.impact} · Update #{i.updates[0]?.number ?? 0} · <When iso={i.updatedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {atLeast(org.role, 'responder') && (
        <section className="panel" aria-labelledby="new-incident">
          <h2 id="new-incident">Open an incident</h2>
          <form className="grid-form" onSubmit={submit}>
            <TextField
              label="Title"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <SelectField
              label="Impact"
              hint="Leave automatic to follow the affected components."
              value={impact}
              onChange={(e) => setImpact(e.currentTarget.value)}
            >
              <option value="">Automatic</option>
              {IMPACTS.map((i) => (
                <option key={i} value={i}>
                  {human(i)}
                </option>
              ))}
            </SelectField>
            <TextAreaField
              label="First update (public)"
              required
              rows={4}
              maxLength={20000}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <ComponentStatusPicker components={components} value={affected} onChange={setAffected} />
            <div className="grid-form-actions">
              <button type="submit" className="button primary" disabled={create.pending}>
                {create.pending ? 'Publishing…' : 'Publish incident'}
              </button>
            </div>
          </form>
          <FormError error={create.error} />
        </section>
      )}
    </>
  );
}
