import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import { HealthBadge } from './HealthBadge.tsx';
import { useMyResources } from './useHealth.ts';

/** The customer's resources with health; an attacked one says what is happening in one sentence. */
export function MyResources({ org }: { org: SessionOrg }) {
  const { items, error } = useMyResources(org.id);
  return (
    <>
      <PageHeader title="My resources" context={org.name} />
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading your resources…</p>}
      {items?.length === 0 && (
        <p className="empty">No resources are mapped to {org.name} yet. Your provider maps them.</p>
      )}
      {items && items.length > 0 && (
        <table className="table" aria-label="Resources">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Kind</th>
              <th scope="col">Region</th>
              <th scope="col">Health</th>
              <th scope="col">What we see</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-resource={r.identifier}>
                <td>
                  <Link to={`/o/${org.handle}/health/r/${r.id}`}>{r.name}</Link>
                  {r.name !== r.identifier && <div className="muted small mono">{r.identifier}</div>}
                </td>
                <td>{r.kind}</td>
                <td>{r.region ?? '—'}</td>
                <td>
                  <HealthBadge health={r.health} />
                </td>
                <td>
                  {r.summary ??
                    (r.incidents.length > 0
                      ? `An incident is open affecting ${r.incidents[0]!.touches}.`
                      : r.openReports > 0
                        ? 'Your problem report is open.'
                        : '—')}
                  <div className="muted small">{r.providerName}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
