import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { When } from '../../components/When.tsx';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Attack, AttackWithSamples } from '../../types-ops.ts';
import { bps, duration, pps, spoofingLabel } from '../../units.ts';
import { MitigationPanel } from '../mitigations/MitigationPanel.tsx';
import { NotFound } from '../NotFound.tsx';
import { SampleFlows, TopTables, VectorTable } from './AttackTables.tsx';
import { EndToEndTimeline } from './EndToEndTimeline.tsx';
import { type Sample, TrafficChart } from './TrafficChart.tsx';
import { ATTACK_EVENTS } from './useAttacks.ts';

/** `0.6 s`: detection delays are sub-second; one decimal says how fast. */
const seconds1 = (ms: number) => (ms < 10_000 ? `${(Math.max(0, ms) / 1000).toFixed(1)} s` : duration(ms));

/** Samples are re-read at most this often while updates stream in (the event carries no sample). */
const SAMPLE_REFRESH_MS = 2000;

/** The event's current rate as the total's point for that second, so the graph moves at once. */
function withLivePoint(prev: AttackWithSamples, a: Attack): AttackWithSamples {
  const at = new Date(Math.floor(Date.parse(a.updatedAt) / 1000) * 1000).toISOString();
  const second = Date.parse(at);
  if (prev.samples.some((s) => Date.parse(s.at) === second && !(s as Sample).live)) return { ...prev, ...a };
  const samples: Sample[] = prev.samples.filter(
    (s) => !(s.vector === 'total' && Date.parse(s.at) === second),
  );
  if (a.state === 'active')
    samples.push({ at, vector: 'total', pps: a.current.pps, bps: a.current.bps, live: true });
  return { ...prev, ...a, samples };
}

export function AttackDetail({ org, attackId }: { org: SessionOrg; attackId: string }) {
  const [attack, setAttack] = useState<AttackWithSamples | null>(null);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(() => {
    opsApi.attack(org.id, attackId).then(
      (a) => {
        setAttack(a);
        setError(null);
      },
      (err) => setError({ message: messageOf(err), missing: err instanceof ApiError && err.status === 404 }),
    );
  }, [org.id, attackId]);
  useEffect(() => {
    load();
    return () => clearTimeout(refresh.current);
  }, [load]);
  useLiveResync(load);
  useLiveEvents<Attack>(
    ATTACK_EVENTS,
    (e: LiveEvent<Attack>) => {
      if (e.data.id !== attackId) return;
      setAttack((prev) => (prev ? withLivePoint(prev, e.data) : prev));
      if (refresh.current === undefined) {
        refresh.current = setTimeout(() => {
          refresh.current = undefined;
          load();
        }, SAMPLE_REFRESH_MS);
      }
    },
    org.id,
  );

  if (error?.missing) return <NotFound message="No such attack in this organisation." />;
  const base = `/o/${org.handle}`;
  if (!attack) {
    return (
      <>
        <PageHeader title="Attack" context={org.name} />
        <FormError error={error?.message ?? null} />
        {!error && <p className="muted">Loading the attack…</p>}
      </>
    );
  }
  const a = attack;
  const target = a.scope === 'prefix' && a.prefix ? a.prefix : a.target;
  const since = Date.parse(a.firstSeenAt || a.startedAt);
  const until = a.endedAt ? Date.parse(a.endedAt) : Date.now();
  const active = a.state === 'active';
  return (
    <>
      <p className="crumbs">
        <Link to={`${base}/attacks`}>← Attacks</Link>
      </p>
      {/* A steady title: the h1 takes focus when it changes, and an attack ending must not move focus. */}
      <PageHeader title={`Attack on ${target}`} context={org.name} />
      <FormError error={error?.message ?? null} />
      <section className={`attack-head ${active ? 'is-active' : 'is-ended'}`} aria-label="Summary">
        <div className="attack-head-main">
          <span className={`pill ${active ? 'pill-danger' : 'pill-muted'}`} role="status">
            {active ? 'Active' : 'Ended'}
          </span>
          <p className="attack-class big">{a.classification}</p>
          <p className="attack-rate">
            <span>{pps(a.current.pps)}</span>
            <span className="rate-sep" aria-hidden="true">
              /
            </span>
            <span className="visually-hidden"> and </span>
            <span>{bps(a.current.bps)}</span>
            <span className="muted small"> now</span>
          </p>
        </div>
        <dl className="facts">
          <div>
            <dt>Target</dt>
            <dd>
              <span className="mono">{target}</span> · {a.direction}
              {a.hostgroup && <> · hostgroup {a.hostgroup}</>}
            </dd>
          </div>
          <div>
            <dt>Peak</dt>
            <dd>
              {pps(a.peak.pps)} / {bps(a.peak.bps)}
            </dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd>
              <When iso={a.firstSeenAt || a.startedAt} stacked />
            </dd>
          </div>
          <div>
            <dt>Detected</dt>
            <dd>{seconds1(Date.parse(a.detectedAt) - since)} after the first datagram</dd>
          </div>
          <div>
            <dt>{active ? 'Lasting' : 'Lasted'}</dt>
            <dd>
              {duration(until - since)}
              {a.endedAt && (
                <>
                  {' '}
                  · ended <When iso={a.endedAt} />
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>Spoofing likelihood</dt>
            <dd className={`spoof spoof-${a.spoofing}`}>{spoofingLabel(a.spoofing)}</dd>
          </div>
        </dl>
      </section>
      <MitigationPanel org={org} attack={a} />
      <EndToEndTimeline org={org} attackId={a.id} />
      <TrafficChart attack={a} />
      <VectorTable attack={a} />
      <TopTables attack={a} />
      <SampleFlows attack={a} />
    </>
  );
}
