import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { Attack } from '../../types-ops.ts';
import { bps, duration, pps, vectorLabel } from '../../units.ts';

/** Vectors worth naming on a card: the specific ones, not the aggregates they belong to. */
export function headlineVectors(a: Attack): string[] {
  const specific = a.vectors.filter((v) => v !== 'total' && v !== 'amplification');
  return specific.filter((v) => !(v === 'udp' && specific.some((s) => s.startsWith('amp_'))));
}

/** One active attack, big and red: what is hit, how hard, since when. */
export function AttackCard({ attack: a, base }: { attack: Attack; base: string }) {
  const since = Date.parse(a.firstSeenAt || a.startedAt);
  const titleId = `attack-${a.id}`;
  return (
    <article className="attack-card" aria-labelledby={titleId}>
      <div className="attack-card-head">
        <span className="pill pill-danger">Active</span>
        <span className="muted small">
          {a.direction === 'outgoing' ? 'Outgoing from' : 'Incoming to'}{' '}
          {a.scope === 'prefix' ? 'prefix' : 'host'}
          {a.hostgroup && <> · {a.hostgroup}</>}
        </span>
      </div>
      <h3 id={titleId} className="attack-target">
        <Link to={`${base}/attacks/${a.id}`} className="mono">
          {a.scope === 'prefix' && a.prefix ? a.prefix : a.target}
        </Link>
      </h3>
      <p className="attack-class">{a.classification}</p>
      <p className="attack-rate">
        <span>{pps(a.current.pps)}</span>
        <span className="rate-sep" aria-hidden="true">
          /
        </span>
        <span className="visually-hidden"> and </span>
        <span>{bps(a.current.bps)}</span>
      </p>
      <dl className="attack-facts">
        <div>
          <dt>Since</dt>
          <dd>
            <When iso={a.firstSeenAt || a.startedAt} /> ({duration(Date.now() - since)})
          </dd>
        </div>
        <div>
          <dt>Peak</dt>
          <dd>
            {pps(a.peak.pps)} / {bps(a.peak.bps)}
          </dd>
        </div>
        <div>
          <dt>Spoofing</dt>
          <dd className={`spoof spoof-${a.spoofing}`}>
            {a.spoofing[0]?.toUpperCase() + a.spoofing.slice(1)}
          </dd>
        </div>
      </dl>
      {headlineVectors(a).length > 0 && (
        <ul className="chips" aria-label="Vectors">
          {headlineVectors(a).map((v) => (
            <li key={v} className="chip">
              {vectorLabel(v)}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
