import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { FormError } from '../../../components/FormError.tsx';
import { TlpTag } from '../../../components/TlpBadge.tsx';
import { labelFields, labelProblem, TlpPicker } from '../../../components/TlpPicker.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useAction } from '../../../hooks.ts';
import type { Case, LabelChoice, Post } from '../../../types-coord.ts';
import { RecordInput } from '../RecordInput.tsx';
import { type CaseCtx, defaultLabel } from './context.ts';

interface Props {
  ctx: CaseCtx;
  onDone(c: Case, post: Post | null): void;
  onCancel(): void;
}

/**
 * "Import record" on a case: a CVE JSON 5 or OSV record adds its CVE ids to the case and posts
 * its description, affected products and references into the thread under the label chosen.
 */
export function ImportRecordForm({ ctx, onDone, onCancel }: Props) {
  const toast = useToast();
  const [text, setText] = useState('');
  // Changing the case's ids is for space admins and the org that opened it (the server's rule).
  const mayEdit = ctx.space.role === 'admin' || ctx.actingOrgId === ctx.kase.org.id;
  const [addCveIds, setAddCveIds] = useState(mayEdit);
  const [post, setPost] = useState(true);
  const [label, setLabel] = useState<LabelChoice>(() => defaultLabel(ctx.space));
  const apply = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const problem = post ? labelProblem(label) : null;
    if (problem) throw new Error(problem);
    const r = await coordApi.applyImport(ctx.kase.id, {
      text,
      addCveIds,
      post,
      ...(post ? labelFields(label, ctx.actingOrgId) : {}),
      asOrgId: ctx.actingOrgId,
    });
    const added = r.addedCveIds.length ? `added ${r.addedCveIds.join(', ')}` : 'no new CVE ids';
    toast(`Imported ${r.record.sourceId}: ${added}${r.post ? ', details posted' : ''}.`);
    onDone(r.case, r.post);
  });
  return (
    <form className="panel stack import-form" aria-label="Import record" onSubmit={apply.run}>
      <h2>Import a CVE JSON 5 / OSV record</h2>
      <RecordInput value={text} onChange={setText} />
      <label className="check">
        <input
          type="checkbox"
          checked={addCveIds}
          disabled={!mayEdit}
          onChange={(e) => setAddCveIds(e.target.checked)}
        />
        Add its CVE ids to the case
        {!mayEdit && <span className="muted small"> (space admins and {ctx.kase.org.name} only)</span>}
      </label>
      <label className="check">
        <input type="checkbox" checked={post} onChange={(e) => setPost(e.target.checked)} />
        Post its details (description, affected, references) to the discussion
      </label>
      {post && (
        <TlpPicker
          legend="Label of the post"
          value={label}
          onChange={setLabel}
          orgs={ctx.activeOrgs}
          people={ctx.people}
          myOrgId={ctx.actingOrgId}
          myUserId={ctx.me}
        />
      )}
      <FormError error={apply.error} />
      <div className="actions-row">
        <button type="submit" className="button primary" disabled={apply.pending || !text.trim()}>
          Import {post && <TlpTag tlp={label.tlp} />}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
