import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { human, type StatusComponent, type StatusIncident, statusApi } from '../../api-status.ts';
import { FormError } from '../../components/FormError.tsx';
import { When } from '../../components/When.tsx';
import { atLeast, utc } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import { FromCoordination } from './FromCoordination.tsx';
import { Preview } from './Preview.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { UpdateComposer } from './UpdateComposer.tsx';

interface Props {
  org: SessionOrg;
  incidentId: string;
  components: StatusComponent[];
  onChanged: () => void;
  back: string;
}

/** One incident or maintenance: its numbered updates newest first, the composer, the public preview. */
export function IncidentDetail({ org, incidentId, components, onChanged, back }: Props) {
  const [incident, setIncident] = useState<StatusIncident | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    statusApi.incident(org.id, incidentId).then(setIncident, (err) => setError(messageOf(err)));
  }, [org.id, incidentId]);
  useEffect(load, [load]);
  if (error) return <FormError error={error} />;
  if (!incident) return <p className="muted">Loading…</p>;
  const canPost = atLeast(org.role, 'responder');
  return (
    <>
      <p>
        <Link to={back}>← All {incident.kind === 'incident' ? 'incidents' : 'maintenance'}</Link>
      </p>
      <section className="panel" aria-labelledby="incident-title">
        <h2 id="incident-title">{incident.name}</h2>
        <p>
          <StatusBadge status={incident.status} /> · impact {incident.impact}
          {incident.scheduledFor && incident.scheduledUntil && (
            <>
              {' '}
              · {utc(incident.scheduledFor)} – {utc(incident.scheduledUntil)}
            </>
          )}{' '}
          · <a href={incident.publicUrl}>public page</a>
        </p>
        <ol className="status-updates" reversed>
          {incident.updates.map((u) => (
            <li key={u.id}>
              <p className="update-head">
                <strong>Update #{u.number}</strong> · {human(u.status)} · <When iso={u.createdAt} />
              </p>
              <p className="update-body">{u.body}</p>
              {u.affectedComponents.length > 0 && (
                <p className="muted small">
                  {u.affectedComponents
                    .map((a) => `${a.name}: ${human(a.old_status)} → ${human(a.new_status)}`)
                    .join(' · ')}
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>
      {canPost && (
        <UpdateComposer
          org={org}
          incident={incident}
          components={components}
          onPosted={(next) => {
            setIncident(next);
            onChanged();
          }}
        />
      )}
      {canPost && incident.kind === 'incident' && (
        <FromCoordination
          org={org}
          incident={incident}
          onPublished={(next) => {
            setIncident(next);
            onChanged();
          }}
        />
      )}
      <section className="panel" aria-labelledby="incident-preview">
        <h2 id="incident-preview">What the public sees</h2>
        <Preview org={org} incidentId={incident.id} version={incident.updatedAt} />
      </section>
    </>
  );
}
