import type { SectionProps } from '../../App.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { Attack } from '../../types-ops.ts';
import { duration, pps, rate } from '../../units.ts';
import { NotFound } from '../NotFound.tsx';
import { AttackCard } from './AttackCard.tsx';
import { AttackDetail } from './AttackDetail.tsx';
import { useAttacks } from './useAttacks.ts';
import { WatchSummary } from './WatchSummary.tsx';

export function Attacks({ org, sub }: SectionProps) {
  if (sub.length === 1) return <AttackDetail key={sub[0]} org={org} attackId={sub[0]!} />;
  if (sub.length > 1) return <NotFound />;
  return <AttackList org={org} />;
}

function AttackList({ org }: Pick<SectionProps, 'org'>) {
  const { active, error, ended, announcement } = useAttacks(org.id);
  const base = `/o/${org.handle}`;
  return (
    <>
      <PageHeader title="Attacks" context={org.name}>
        <Link to={`${base}/collectors`} className="button small">
          Collectors and exporters
        </Link>
      </PageHeader>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <FormError error={error} />

      <section aria-labelledby="active-title">
        <h2 id="active-title" className="section-title first">
          {active === null
            ? 'Active attacks'
            : active.length === 0
              ? 'No active attacks'
              : `${active.length} active ${active.length === 1 ? 'attack' : 'attacks'}`}
        </h2>
        {active === null && !error && <p className="muted">Loading attacks…</p>}
        {active?.length === 0 && (
          <div className="empty calm">
            <p>
              <strong>All quiet.</strong> Attacks appear here within about a second of detection, live.
            </p>
            <WatchSummary org={org} />
          </div>
        )}
        {active && active.length > 0 && (
          <div className="attack-grid">
            {active.map((a) => (
              <AttackCard key={a.id} attack={a} base={base} />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="ended-title">
        <h2 id="ended-title" className="section-title">
          Ended
        </h2>
        <FormError error={ended.error} />
        {ended.items === null && ended.loading && <p className="muted">Loading…</p>}
        {ended.items?.length === 0 && <p className="empty">No attacks have ended yet.</p>}
        {ended.items && ended.items.length > 0 && <EndedTable items={ended.items} base={base} />}
        {ended.hasMore && (
          <button type="button" className="button" onClick={ended.loadMore} disabled={ended.loading}>
            {ended.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}

function EndedTable({ items, base }: { items: Attack[]; base: string }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Classification</th>
          <th scope="col">Peak</th>
          <th scope="col">Started</th>
          <th scope="col">Lasted</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id}>
            <td data-label="Target">
              <Link to={`${base}/attacks/${a.id}`} className="mono">
                {a.scope === 'prefix' && a.prefix ? a.prefix : a.target}
              </Link>
            </td>
            <td data-label="Class">{a.classification}</td>
            <td data-label="Peak" title={rate(a.peak)}>
              {pps(a.peak.pps)}
            </td>
            <td data-label="Started">
              <When iso={a.startedAt} stacked />
            </td>
            <td data-label="Lasted">
              {a.endedAt ? duration(Date.parse(a.endedAt) - Date.parse(a.firstSeenAt || a.startedAt)) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
