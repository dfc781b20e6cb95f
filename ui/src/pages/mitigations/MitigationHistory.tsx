import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { FormError } from '../../components/FormError.tsx';
import { When } from '../../components/When.tsx';
import { usePeople } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Mitigation, MitigationEvent } from '../../types-ops.ts';

const KIND: Record<string, string> = {
  proposed: 'Proposed',
  approved: 'Approved',
  rejected: 'Rejected',
  announced: 'Announced',
  announce_failed: 'Announcement failed',
  withdrawn: 'Withdrawn',
  withdraw_failed: 'Withdrawal failed',
  withdraw_requested: 'Withdrawal requested',
  cancelled: 'Cancelled',
  expired: 'Expired',
  failed: 'Failed',
  revised: 'Revised (the attack changed)',
  withdrawal_scheduled: 'Withdrawal scheduled',
  cleanup_withdraw: 'Partial announcement withdrawn',
};
const kindLabel = (k: string) => KIND[k] ?? k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Who did what, when, through which driver, what was sent and how it went. Loaded when opened. */
export function MitigationHistory({ org, mitigation: m }: { org: SessionOrg; mitigation: Mitigation }) {
  const [open, setOpen] = useState(false);
  const [events, setEvents] = useState<MitigationEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const people = usePeople(org.id);
  const load = useCallback(() => {
    opsApi.mitigation(org.id, m.id).then(
      (d) => {
        setEvents(d.events);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [org.id, m.id]);
  // Reload when the mitigation changes (a live event or a decision) while the history is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: m.updatedAt and m.state say when to reload
  useEffect(() => {
    if (open) load();
  }, [open, load, m.updatedAt, m.state]);

  const who = (e: MitigationEvent) =>
    e.actor?.userId
      ? people.name(e.actor.userId)
      : e.actor?.tokenId
        ? 'API token'
        : e.details.automatic
          ? 'Swimmy (automatic mode)'
          : 'Swimmy';
  return (
    <details className="history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>History</summary>
      <FormError error={error} />
      {open && !events && !error && <p className="muted small">Loading…</p>}
      {events && events.length === 0 && <p className="muted small">Nothing recorded yet.</p>}
      {events && events.length > 0 && (
        <ol className="event-list">
          {events.map((e) => (
            <li key={e.id} className={`outcome-${e.outcome}`}>
              <div className="event-line">
                <strong>{kindLabel(e.kind)}</strong>
                <span>by {who(e)}</span>
                {e.driver && <span className="muted">via {e.driver}</span>}
                <span
                  className={`pill small pill-${e.outcome === 'error' ? 'danger' : e.outcome === 'ok' ? 'ok' : 'muted'}`}
                >
                  {e.outcome}
                </span>
                <When iso={e.at} />
              </div>
              {typeof e.details.note === 'string' && <p className="small">“{e.details.note}”</p>}
              {e.sent && <pre className="commands small">{e.sent}</pre>}
              {e.error && <p className="form-error-inline small">{e.error}</p>}
              {e.output && (
                <details>
                  <summary className="small">Driver output</summary>
                  <pre>{e.output}</pre>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
