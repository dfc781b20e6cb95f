import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import type { SessionOrg } from '../../types.ts';
import { ReportCard } from './ReportCard.tsx';
import { useReports } from './useHealth.ts';

export function MyReports({ org }: { org: SessionOrg }) {
  const { items, error } = useReports(org.id, 'mine');
  return (
    <>
      <PageHeader title="My problem reports" context={org.name} />
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading…</p>}
      {items?.length === 0 && (
        <p className="empty">No reports yet. Report a problem from a resource's page.</p>
      )}
      <div className="stack">
        {items?.map((r) => (
          <ReportCard key={r.id} report={r} />
        ))}
      </div>
    </>
  );
}
