import { human } from '../../api-status.ts';

const MARK: Record<string, string> = {
  operational: '✓',
  degraded_performance: '!',
  partial_outage: '!',
  major_outage: '✕',
  under_maintenance: '⚙',
  resolved: '✓',
  completed: '✓',
  postmortem: '✓',
};

/** A status as a mark and words, never colour alone. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status-badge status-${status}`}>
      <span aria-hidden="true">{MARK[status] ?? '•'}</span> {human(status)}
    </span>
  );
}
