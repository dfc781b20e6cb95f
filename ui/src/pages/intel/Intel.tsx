import type { SectionProps } from '../../App.tsx';
import { intelApi } from '../../api-intel.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Link } from '../../router.tsx';
import { NotFound } from '../NotFound.tsx';
import { IndicatorCard } from './IndicatorCard.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { useIndicators, usePolicy } from './useIntel.ts';

/** Collective defense: proposals to approve, what we shared, what peers shared, the sharing policy. */
export function Intel({ org, sub }: SectionProps) {
  if (sub.length === 1 && sub[0] === 'policy') return <PolicyPage org={org} />;
  if (sub.length > 0) return <NotFound />;
  return <IndicatorList org={org} />;
}

function PolicyPage({ org }: Pick<SectionProps, 'org'>) {
  const { policy, setPolicy, error } = usePolicy(org.id);
  return (
    <>
      <PageHeader title="Sharing policy" context={org.name} />
      <FormError error={error} />
      {policy && <PolicyEditor org={org} policy={policy} onSaved={setPolicy} />}
    </>
  );
}

function IndicatorList({ org }: Pick<SectionProps, 'org'>) {
  const { items, reflectors, error, replace } = useIndicators(org.id);
  const own = items?.filter((i) => i.org.id === org.id) ?? [];
  const proposed = own.filter((i) => i.state === 'proposed');
  const shared = own.filter((i) => i.state !== 'proposed');
  const peers = items?.filter((i) => i.org.id !== org.id) ?? [];
  const section = (id: string, title: string, list: typeof own, empty: string) => (
    <section aria-labelledby={id}>
      <h2 id={id} className="section-title">
        {title} {list.length > 0 && <span className="count-badge">{list.length}</span>}
      </h2>
      {items && list.length === 0 && <p className="muted">{empty}</p>}
      <div className="stack">
        {list.map((i) => (
          <IndicatorCard key={i.id} org={org} indicator={i} onChanged={replace} />
        ))}
      </div>
    </section>
  );
  return (
    <>
      <PageHeader title="Collective defense" context={org.name}>
        {/* One flex item, so the header's space-between keeps both buttons together on the right. */}
        <div className="form-actions">
          <Link to={`/o/${org.handle}/intel/policy`} className="button small">
            Sharing policy
          </Link>
          <a className="button small" href={intelApi.stixUrl(org.id, 'own')} download="indicators.stix.json">
            STIX export
          </a>
        </div>
      </PageHeader>
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading indicators…</p>}
      {section('intel-proposed', 'Proposals to approve', proposed, 'No proposals waiting.')}
      {section('intel-peers', "Peers' indicators", peers, 'No indicators from peers yet.')}
      <section aria-labelledby="intel-reflectors">
        <h2 id="intel-reflectors" className="section-title">
          Active peer reflectors
        </h2>
        {reflectors.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Vector</th>
                <th>Address</th>
                <th>Port</th>
                <th>Indicators</th>
              </tr>
            </thead>
            <tbody>
              {reflectors.slice(0, 200).map((r) => (
                <tr key={`${r.vector}|${r.address}|${r.port}`}>
                  <td>{r.vector}</td>
                  <td>{r.address}</td>
                  <td>{r.port}</td>
                  <td>{r.indicatorIds.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {section('intel-shared', 'Shared by us', shared, 'Nothing shared yet.')}
    </>
  );
}
