import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { TextAreaField } from '../../../components/Field.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { TlpBadge } from '../../../components/TlpBadge.tsx';
import { labelFields, labelProblem, TlpPicker } from '../../../components/TlpPicker.tsx';
import { When } from '../../../components/When.tsx';
import { useAction } from '../../../hooks.ts';
import type { LabelChoice, PinnedStatus as Status } from '../../../types-coord.ts';
import { type CaseCtx, defaultLabel } from './context.ts';
import { PostBody } from './PostItem.tsx';

/** The pinned "current status" (the newest the reader may see), its history, and a new one. */
export function PinnedStatus({
  ctx,
  status,
  onPinned,
}: {
  ctx: CaseCtx;
  status: Status | null;
  onPinned(s: Status): void;
}) {
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState<Status[] | null>(null);
  const [body, setBody] = useState('');
  const [label, setLabel] = useState<LabelChoice>(() => defaultLabel(ctx.space));
  const pin = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const problem = labelProblem(label);
    if (problem) throw new Error(problem);
    const s = await coordApi.pinStatus(ctx.kase.id, {
      body,
      ...labelFields(label, ctx.actingOrgId),
      asOrgId: ctx.actingOrgId,
    });
    onPinned(s);
    setBody('');
    setEditing(false);
    if (history) setHistory([s, ...history]);
  });
  const loadHistory = useAction(async () => setHistory((await coordApi.statusHistory(ctx.kase.id)).items));
  return (
    <section className="panel pinned" aria-labelledby="pinned-title">
      <div className="panel-head">
        <h2 id="pinned-title">Current status</h2>
        {ctx.canWrite && !editing && (
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            Update status
          </button>
        )}
      </div>
      {status ? (
        <div className="pinned-now" aria-live="polite">
          <div className="post-head">
            <TlpBadge label={status.label} names={ctx.names} />
            <span className="small">
              {status.author?.name ?? 'Former member'} · {status.label.org.name} ·{' '}
              <When iso={status.createdAt} />
            </span>
          </div>
          <PostBody html={status.html} mentions={[]} />
        </div>
      ) : (
        <p className="muted">No status pinned yet (or none you may see).</p>
      )}
      {editing && (
        <form className="stack" aria-label="Pin a new status" onSubmit={pin.run}>
          <TextAreaField
            label="New current status (Markdown)"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={3}
            required
          />
          <TlpPicker
            value={label}
            onChange={setLabel}
            orgs={ctx.activeOrgs}
            people={ctx.people}
            myOrgId={ctx.actingOrgId}
            myUserId={ctx.me}
          />
          <FormError error={pin.error} />
          <div className="actions-row">
            <button type="submit" className="button primary small" disabled={pin.pending}>
              Pin status
            </button>
            <button type="button" className="button small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <details
        className="status-history"
        onToggle={(e) => {
          if ((e.target as HTMLDetailsElement).open && !history) void loadHistory.run();
        }}
      >
        <summary>Status history</summary>
        <FormError error={loadHistory.error} />
        {history?.length === 0 && <p className="muted small">Nothing yet.</p>}
        <ol className="history-list">
          {history?.map((s) => (
            <li key={s.id}>
              <div className="small">
                <When iso={s.createdAt} stacked={false} /> · {s.author?.name ?? 'Former member'} (
                {s.label.org.name}) <TlpBadge label={s.label} names={ctx.names} />
              </div>
              <PostBody html={s.html} mentions={[]} />
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
