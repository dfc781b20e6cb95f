import { When } from '../../components/When.tsx';
import type { People } from '../../people.ts';
import { Link } from '../../router.tsx';
import type { Incident } from '../../types-ops.ts';

export const STATUS_LABEL: Record<Incident['status'], string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};
export const STATUS_TONE: Record<Incident['status'], string> = {
  triggered: 'pill-danger',
  acknowledged: 'pill-warning',
  resolved: 'pill-ok',
};
export const SEVERITY_TONE: Record<string, string> = {
  critical: 'sev-critical',
  error: 'sev-error',
  warning: 'sev-warning',
  info: 'sev-info',
};

/** Who is holding the incident: who acknowledged it, else who is being paged. */
export function holder(i: Incident, people: People): string {
  if (i.status === 'resolved')
    return i.resolvedBy ? `resolved by ${people.name(i.resolvedBy)}` : 'resolved by its source';
  if (i.ackedBy) return `acked by ${people.name(i.ackedBy)}`;
  if (i.assigneeIds.length) return `paging ${i.assigneeIds.map((id) => people.name(id)).join(', ')}`;
  return i.escalation.exhausted ? 'escalation exhausted' : 'paging…';
}

export function IncidentTable({ items, base, people }: { items: Incident[]; base: string; people: People }) {
  return (
    <table className="table incidents">
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Status</th>
          <th scope="col">Severity</th>
          <th scope="col">Who</th>
          <th scope="col">Opened</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} className={i.status === 'resolved' ? 'inactive' : undefined}>
            <td data-label="Incident">
              <div className="who">
                <Link to={`${base}/incidents/${i.id}`}>
                  <span className="muted">#{i.number}</span> {i.summary}
                </Link>
                <span className="muted small">
                  {i.source}
                  {i.alertCount > 1 ? ` · ${i.alertCount} alerts` : ''}
                </span>
              </div>
            </td>
            <td data-label="Status">
              <span className={`pill ${STATUS_TONE[i.status]}`}>{STATUS_LABEL[i.status]}</span>
            </td>
            <td data-label="Severity">
              <span className={`sev ${SEVERITY_TONE[i.severity] ?? ''}`}>{i.severity}</span>
              {i.urgency === 'low' && <span className="muted small"> · low urgency</span>}
            </td>
            <td data-label="Who">{holder(i, people)}</td>
            <td data-label="Opened">
              <When iso={i.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
