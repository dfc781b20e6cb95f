import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { When } from '../../components/When.tsx';
import { newer } from '../../hooks.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import { usePeople } from '../../people.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { IncidentDetail as Detail, Incident } from '../../types-ops.ts';
import { AttackTimelineLink } from '../attacks/EndToEndTimeline.tsx';
import { NotFound } from '../NotFound.tsx';
import { IncidentActions } from './IncidentActions.tsx';
import { SEVERITY_TONE, STATUS_LABEL, STATUS_TONE } from './IncidentTable.tsx';
import { Timeline } from './Timeline.tsx';
import { INCIDENT_EVENTS } from './useIncidents.ts';

const REFRESH_MS = 400;

export function IncidentDetail({ org, incidentId }: { org: SessionOrg; incidentId: string }) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const people = usePeople(org.id);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(() => {
    oncallApi.incident(org.id, incidentId).then(
      (d) => {
        setDetail(d);
        setError(null);
      },
      (err) => setError({ message: messageOf(err), missing: err instanceof ApiError && err.status === 404 }),
    );
  }, [org.id, incidentId]);
  // Bursts of events (a page to five people) become one re-read of the timeline.
  const soon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(load, REFRESH_MS);
  }, [load]);
  useEffect(() => {
    load();
    return () => clearTimeout(timer.current);
  }, [load]);
  useLiveResync(load);
  useLiveEvents<Incident>(
    INCIDENT_EVENTS,
    (e: LiveEvent<Incident>) => {
      if (e.data.id !== incidentId) return;
      setDetail((d) => (d ? { ...d, incident: newer(d.incident, e.data) } : d));
      soon();
    },
    org.id,
  );
  useLiveEvents<{ refType?: string; refId?: string }>(
    ['notify.delivery'],
    (e) => {
      if (e.data.refId === incidentId) soon();
    },
    org.id,
  );

  if (error?.missing) return <NotFound message="No such incident in this organisation." />;
  const base = `/o/${org.handle}`;
  const crumbs = (
    <p className="crumbs">
      <Link to={`${base}/incidents`}>← Incidents</Link>
    </p>
  );
  if (!detail) {
    return (
      <>
        {crumbs}
        <PageHeader title="Incident" context={org.name} />
        <FormError error={error?.message ?? null} />
        {!error && <p className="muted">Loading the incident…</p>}
      </>
    );
  }
  const i = detail.incident;
  const onChanged = (next: Incident) => {
    setDetail((d) => (d ? { ...d, incident: newer(d.incident, next) } : d));
    soon();
  };
  return (
    <>
      {crumbs}
      <PageHeader title={`#${i.number} ${i.summary}`} context={org.name} />
      <FormError error={error?.message ?? null} />
      <section className={`incident-head status-${i.status}`} aria-label="Status">
        <div className="pills" aria-live="polite">
          <span className={`pill ${STATUS_TONE[i.status]}`}>{STATUS_LABEL[i.status]}</span>
          <span className={`sev ${SEVERITY_TONE[i.severity] ?? ''}`}>{i.severity}</span>
          <span className="muted small">{i.urgency} urgency</span>
        </div>
        <dl className="facts">
          <div>
            <dt>Opened</dt>
            <dd>
              <When iso={i.createdAt} stacked />
            </dd>
          </div>
          <div>
            <dt>Source</dt>
            <dd>
              {i.source} · <span className="mono small">{i.dedupKey}</span>
              <AttackTimelineLink org={org} dedupKey={i.dedupKey} />
            </dd>
          </div>
          <div>
            <dt>{i.status === 'resolved' ? 'Was paging' : 'Paging'}</dt>
            <dd>
              {i.assigneeIds.length ? i.assigneeIds.map((id) => people.name(id)).join(', ') : '—'}
              {i.status !== 'resolved' && <> · level {i.escalation.level + 1}</>}
              {i.escalation.round > 0 && <>, round {i.escalation.round + 1}</>}
            </dd>
          </div>
          {i.status === 'triggered' && i.escalation.nextStepAt && (
            <div>
              <dt>Escalates</dt>
              <dd>
                <When iso={i.escalation.nextStepAt} /> unless acknowledged
              </dd>
            </div>
          )}
          {i.ackedAt && (
            <div>
              <dt>Acknowledged</dt>
              <dd>
                {people.name(i.ackedBy)} · <When iso={i.ackedAt} />
                {i.ackUntil && i.status === 'acknowledged' && (
                  <>
                    {' '}
                    · escalates again <When iso={i.ackUntil} />
                  </>
                )}
              </dd>
            </div>
          )}
          {i.resolvedAt && (
            <div>
              <dt>Resolved</dt>
              <dd>
                {i.resolvedBy ? people.name(i.resolvedBy) : 'by its source'} · <When iso={i.resolvedAt} />
              </dd>
            </div>
          )}
        </dl>
        <IncidentActions org={org} incident={i} people={people} onChanged={onChanged} />
      </section>

      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <Timeline entries={detail.timeline} people={people} />
      </section>

      <section className="panel" aria-labelledby="alerts-title">
        <h2 id="alerts-title">
          {detail.alerts.length} {detail.alerts.length === 1 ? 'alert' : 'alerts'}
        </h2>
        <ul className="alert-list">
          {detail.alerts.map((a) => (
            <li key={a.key}>
              <strong>{a.summary}</strong>{' '}
              <span className="muted small">
                {a.status} · {a.severity} · {a.events} {a.events === 1 ? 'event' : 'events'} · last{' '}
                <When iso={a.updatedAt} />
              </span>
            </li>
          ))}
        </ul>
        {(Object.keys(detail.labels).length > 0 || Object.keys(detail.details).length > 0) && (
          <details>
            <summary>Labels and details</summary>
            <pre>{JSON.stringify({ labels: detail.labels, details: detail.details }, null, 2)}</pre>
          </details>
        )}
      </section>
    </>
  );
}
