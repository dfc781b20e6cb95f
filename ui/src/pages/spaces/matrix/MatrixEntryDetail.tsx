import { useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { FormError } from '../../../components/FormError.tsx';
import { TlpBadge } from '../../../components/TlpBadge.tsx';
import { When } from '../../../components/When.tsx';
import { utc } from '../../../format.ts';
import { useAction } from '../../../hooks.ts';
import type { MatrixChange, MatrixEntry } from '../../../types-coord.ts';
import { type CaseCtx, words } from '../case/context.ts';
import { STATUS_SHORT } from './MatrixGrid.tsx';

export function Rollout({ rollout }: { rollout: MatrixEntry['rollout'] }) {
  if (rollout.length === 0) return null;
  return (
    <ul className="rollout small">
      {rollout.map((r) => (
        <li key={r.region}>
          <strong>{r.region}</strong>: {words(r.state)}
          {(r.windowStart || r.windowEnd) && (
            <span className="muted">
              {' '}
              ({r.windowStart ? utc(r.windowStart) : '…'} → {r.windowEnd ? utc(r.windowEnd) : '…'})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** History of one matrix entry (each change under its own label). */
export function EntryHistory({ ctx, entryId }: { ctx: CaseCtx; entryId: string }) {
  const [items, setItems] = useState<MatrixChange[] | null>(null);
  const load = useAction(async () => setItems((await coordApi.matrixHistory(entryId)).items));
  if (!items)
    return (
      <>
        <button type="button" className="link-button" disabled={load.pending} onClick={() => load.run()}>
          Show history
        </button>
        <FormError error={load.error} />
      </>
    );
  return (
    <ol className="history-list" aria-label="Entry history">
      {items.map((c) => (
        <li key={c.version} className="small">
          v{c.version} · <When iso={c.at} /> · {c.changedBy?.name ?? 'former member'}:{' '}
          <strong>{STATUS_SHORT[c.status] ?? c.status}</strong>
          {c.justification && ` (${words(c.justification)})`} <TlpBadge label={c.label} names={ctx.names} />
        </li>
      ))}
    </ol>
  );
}

/** Another org's entry: status, justification, regions, statement, label, history. */
export function MatrixEntryDetail({
  ctx,
  entry,
  onClose,
}: {
  ctx: CaseCtx;
  entry: MatrixEntry;
  onClose(): void;
}) {
  return (
    <section className="matrix-detail" aria-label="Matrix entry">
      <div className="panel-head">
        <h3>
          {entry.label.org.name} · {entry.layer} · <span className="mono">{entry.cveId}</span>
        </h3>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <p>
        <span className={`pill status-pill status-${entry.status}`}>{STATUS_SHORT[entry.status]}</span>{' '}
        {entry.justification && <span className="small">{words(entry.justification)}</span>}{' '}
        <TlpBadge label={entry.label} names={ctx.names} />
      </p>
      {entry.statement && <p className="statement">{entry.statement}</p>}
      <Rollout rollout={entry.rollout} />
      <p className="muted small">
        Updated by {entry.updatedBy?.name ?? 'a former member'} <When iso={entry.updatedAt} />
        {entry.sourcePostId && ' · promoted from a post'}
      </p>
      <EntryHistory ctx={ctx} entryId={entry.id} />
    </section>
  );
}
