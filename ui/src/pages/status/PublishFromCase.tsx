import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { human, INCIDENT_STATUSES, type StatusIncident, statusApi } from '../../api-status.ts';
import { SelectField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { subscribersApi } from './subscribers-api.ts';

export interface PublishSource {
  kind: 'post' | 'statement';
  /** Post id or matrix row id. */
  id: string;
  /** Its label as the reader sees it; only the server decides (409 unless CLEAR through its case too). */
  tlp?: string;
}

interface Props {
  /** The user's own org (the status page's owner); mount this only on that org's own items. */
  org: SessionOrg;
  source: PublishSource;
  /** Publish to this incident; otherwise the user picks one of the page's open incidents. */
  incidentId?: string;
  onPublished?: (incident: StatusIncident) => void;
}

/**
 * "Publish as status update": a coordination post or matrix statement becomes the next numbered
 * update of an incident on the org's public status page. The publishing gate is the server's:
 * anything not TLP:CLEAR comes back as a 409 whose message (ask the source to re-mark it) is
 * shown here. For the case page: mount it beside each post / statement of the user's own org,
 * e.g. `<PublishFromCase org={org} source={{ kind: 'post', id: post.id, tlp: post.label.tlp }} />`.
 */
export function PublishFromCase({ org, source, incidentId, onPublished }: Props) {
  const [open, setOpen] = useState(false);
  const [incidents, setIncidents] = useState<StatusIncident[] | null>(null);
  const [chosen, setChosen] = useState(incidentId ?? '');
  const [status, setStatus] = useState('identified');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const publish = useAction(subscribersApi.publish);

  useEffect(() => {
    if (!open || incidentId) return;
    statusApi.incidents(org.id, 'incident').then(
      (r) => {
        const live = r.items.filter((i) => i.status !== 'resolved' && i.status !== 'postmortem');
        setIncidents(live);
        setChosen((c) => c || live[0]?.id || '');
      },
      (err) => setLoadError(messageOf(err)),
    );
  }, [open, incidentId, org.id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const r = await publish.run(org.id, chosen, { kind: source.kind, id: source.id }, status);
    if (!r.ok) return;
    setDone(`Published as Update #${r.value.updates[0]?.number ?? '?'} of “${r.value.name}”.`);
    onPublished?.(r.value);
  };

  if (!open)
    return (
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        Publish as status update
      </button>
    );
  return (
    <form className="publish-from-case" onSubmit={submit} aria-label="Publish as status update">
      {!incidentId && (
        <SelectField
          label="Incident"
          value={chosen}
          required
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          {(incidents ?? []).map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </SelectField>
      )}
      {!incidentId && incidents?.length === 0 && (
        <p className="muted small">No open incident on the status page: open one there first.</p>
      )}
      <SelectField label="Incident status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
        {INCIDENT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {human(s)}
          </option>
        ))}
      </SelectField>
      {source.tlp && source.tlp !== 'CLEAR' && (
        <p className="muted small">Labelled TLP:{source.tlp}: only TLP:CLEAR text can be published.</p>
      )}
      <button type="submit" className="button primary small" disabled={publish.pending || !chosen}>
        {publish.pending ? 'Publishing…' : 'Publish'}
      </button>{' '}
      <button type="button" className="button small" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <FormError error={publish.error ?? loadError} />
      {done && <p role="status">{done}</p>}
    </form>
  );
}
