import { useCallback, useEffect, useState } from 'react';
import { enc, messageOf, request } from '../../api.ts';
import { FormError } from '../../components/FormError.tsx';
import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';

/** One step of GET /orgs/:orgId/attacks/:attackId/timeline (src/timeline/schemas.ts). */
export interface TimelineStep {
  key: string;
  label: string;
  at: string | null;
  module: string;
  detail: string | null;
  approximate: boolean;
  sincePreviousMs: number | null;
  sinceFirstDatagramMs: number | null;
}
export interface EndToEnd {
  attackId: string;
  incidentId: string | null;
  state: string;
  steps: TimelineStep[];
}

/** While the story is still unfolding the timeline is re-read this often. */
const REFRESH_MS = 4000;

const delay = (ms: number | null) =>
  ms === null
    ? ''
    : ms < 1000
      ? `${ms} ms`
      : ms < 120_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${Math.round(ms / 60_000)} min`;

/**
 * The attack's end-to-end timeline across modules: a vertical list of steps with the time since
 * the previous step and since the first datagram, and a small bar chart of those delays.
 */
export function EndToEndTimeline({ org, attackId }: { org: SessionOrg; attackId: string }) {
  const [data, setData] = useState<EndToEnd | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    request<EndToEnd>('GET', `/orgs/${enc(org.id)}/attacks/${enc(attackId)}/timeline`).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [org.id, attackId]);
  const pending = data?.steps.some((s) => s.at === null) ?? true;
  useEffect(() => {
    load();
    if (!pending) return;
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, pending]);

  const happened = data?.steps.filter((s) => s.at !== null) ?? [];
  const waiting = data?.steps.filter((s) => s.at === null) ?? [];
  return (
    <section className="card e2e-timeline" aria-labelledby="e2e-title">
      <h2 id="e2e-title">End-to-end timeline</h2>
      <FormError error={error} />
      {!data && !error && <p className="muted">Loading the timeline…</p>}
      {data && <DelayBars steps={happened} />}
      {data && (
        <ol className="e2e-steps">
          {happened.map((s) => (
            <li key={s.key} className={`e2e-step module-${s.module}`}>
              <span className="e2e-label">{s.label}</span>{' '}
              <span className="muted small">
                <When iso={s.at!} /> · +{delay(s.sinceFirstDatagramMs)} from the first datagram
                {s.sincePreviousMs !== null && <> · {delay(s.sincePreviousMs)} after the step before</>}
                {s.approximate && <> · time of the event it acted on</>}
              </span>
              {s.detail && <div className="small">{s.detail}</div>}
            </li>
          ))}
          {waiting.map((s) => (
            <li key={s.key} className="e2e-step e2e-waiting muted">
              {s.label} <span className="small">— not yet</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Horizontal bars: each step's delay after the one before, scaled to the longest (HTML, so text never stretches). */
function DelayBars({ steps }: { steps: TimelineStep[] }) {
  const bars = steps.filter((s) => s.sincePreviousMs !== null);
  if (bars.length === 0) return null;
  const max = Math.max(1, ...bars.map((s) => s.sincePreviousMs!));
  return (
    <figure className="e2e-bars" style={{ margin: '0 0 1rem', maxWidth: '40rem' }}>
      <figcaption className="muted small">Delay of each step after the one before</figcaption>
      {bars.map((s) => (
        <div
          key={s.key}
          className="small"
          style={{ display: 'grid', gridTemplateColumns: '12rem 1fr', alignItems: 'center', gap: '0.5rem' }}
        >
          <span>{s.label}</span>
          <span style={{ display: 'flex', alignItems: 'center', gap: '0.4rem' }}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                height: '0.7rem',
                width: `${Math.max(0.5, (s.sincePreviousMs! / max) * 75)}%`,
                background: '#3b82f6',
                borderRadius: 2,
              }}
            />
            <span className="mono">{delay(s.sincePreviousMs)}</span>
          </span>
        </div>
      ))}
    </figure>
  );
}

/** On an incident detection opened (`attack:<id>`): a link to the attack and its timeline. */
export function AttackTimelineLink({ org, dedupKey }: { org: SessionOrg; dedupKey: string }) {
  const attackId = /^attack:([0-9a-f-]{36})$/i.exec(dedupKey)?.[1];
  if (!attackId) return null;
  return (
    <p>
      <Link to={`/o/${org.handle}/attacks/${attackId}#e2e-title`}>End-to-end timeline of this attack →</Link>
    </p>
  );
}
