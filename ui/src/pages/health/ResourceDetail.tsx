import { useCallback, useEffect, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { type HealthAttack, healthApi, type ResourceHealth } from '../../api-health.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { When } from '../../components/When.tsx';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import type { SessionOrg } from '../../types.ts';
import type { AttackWithSamples } from '../../types-ops.ts';
import { rate } from '../../units.ts';
import { TrafficChart } from '../attacks/TrafficChart.tsx';
import { NotFound } from '../NotFound.tsx';
import { HealthBadge } from './HealthBadge.tsx';
import { ReportCard } from './ReportCard.tsx';
import { ReportForm } from './ReportForm.tsx';
import { useReports } from './useHealth.ts';

/** Live events carry no samples: keep the ones loaded and add the event's current rate as a point. */
function merge(prev: ResourceHealth, next: ResourceHealth): ResourceHealth {
  const attacks = next.attacks.map((a) => {
    const before = prev.attacks.find((p) => p.id === a.id)?.samples ?? [];
    const at = new Date(Math.floor(Date.parse(a.updatedAt) / 1000) * 1000).toISOString();
    const samples =
      a.state === 'active' && !before.some((s) => s.at === at)
        ? [...before, { at, pps: a.current.pps, bps: a.current.bps }]
        : before;
    return { ...a, samples };
  });
  return { ...next, attacks };
}

/**
 * The rate graph reuses the attacks page's chart: the customer's samples are the attack's
 * total (a customer sees no per-vector breakdown), so the chart gets one "total" series.
 */
function AttackGraph({ attack }: { attack: HealthAttack }) {
  const chart = {
    vectors: ['total'],
    peak: attack.peak,
    samples: (attack.samples ?? []).map((s) => ({ ...s, vector: 'total' })),
  } as unknown as AttackWithSamples;
  return <TrafficChart attack={chart} />;
}

export function ResourceDetail({ org, resourceId }: { org: SessionOrg; resourceId: string }) {
  const [view, setView] = useState<ResourceHealth | null>(null);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const reports = useReports(org.id, 'mine');
  const load = useCallback(() => {
    healthApi.myResource(org.id, resourceId).then(
      (v) => {
        setView(v);
        setError(null);
      },
      (err) => setError({ message: messageOf(err), missing: err instanceof ApiError && err.status === 404 }),
    );
  }, [org.id, resourceId]);
  useEffect(load, [load]);
  useLiveResync(load);
  useLiveEvents<ResourceHealth>(
    ['health.resource'],
    (e: LiveEvent<ResourceHealth>) => {
      if (e.data.id === resourceId) setView((prev) => (prev ? merge(prev, e.data) : e.data));
    },
    org.id,
  );

  if (error?.missing) return <NotFound message="No such resource." />;
  if (!view) {
    return (
      <>
        <PageHeader title="Resource" context={org.name} />
        <FormError error={error?.message ?? null} />
        {!error && <p className="muted">Loading…</p>}
      </>
    );
  }
  const active = view.attacks.filter((a) => a.state === 'active');
  const ended = view.attacks.filter((a) => a.state === 'ended');
  const mine = reports.items?.filter((r) => r.resource.id === view.id) ?? [];
  return (
    <>
      <PageHeader title={view.name} context={org.name}>
        <HealthBadge health={view.health} />
      </PageHeader>
      <p className="muted">
        {view.kind} <span className="mono">{view.identifier}</span>
        {view.region && ` · region ${view.region}`} · provided by {view.providerName}
      </p>
      {active.map((a) => (
        <section key={a.id} aria-label={`Attack on ${a.target}`}>
          <p className="health-sentence" data-testid="attack-sentence">
            {a.sentence}
          </p>
          <p className="muted small">
            Vectors: {a.vectors.join(', ')} · now {rate(a.current)} · peak {rate(a.peak)}
          </p>
          <AttackGraph attack={a} />
        </section>
      ))}
      {active.length === 0 && <p>We see no attack on this resource right now.</p>}
      {ended.length > 0 && (
        <section aria-labelledby="ended-title">
          <h2 id="ended-title" className="section-title">
            Recently ended
          </h2>
          <ul>
            {ended.map((a) => (
              <li key={a.id}>{a.sentence}</li>
            ))}
          </ul>
        </section>
      )}
      {view.incidents.length > 0 && (
        <section aria-labelledby="incidents-title">
          <h2 id="incidents-title" className="section-title">
            Open incidents
          </h2>
          <ul>
            {view.incidents.map((i) => (
              <li key={i.id}>
                An incident affecting {i.touches} is <strong>{i.status}</strong>, since <When iso={i.since} />
                .
              </li>
            ))}
          </ul>
        </section>
      )}
      <ReportForm org={org} resource={view} onReported={reports.reload} />
      {mine.length > 0 && (
        <section aria-labelledby="reports-title">
          <h2 id="reports-title" className="section-title">
            Your reports about this resource
          </h2>
          <div className="stack">
            {mine.map((r) => (
              <ReportCard key={r.id} report={r} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}
