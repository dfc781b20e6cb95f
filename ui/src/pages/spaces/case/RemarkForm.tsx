import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { FormError } from '../../../components/FormError.tsx';
import { labelFields, labelProblem, TlpPicker } from '../../../components/TlpPicker.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { atLeast } from '../../../format.ts';
import { useAction } from '../../../hooks.ts';
import type { SessionOrg } from '../../../types.ts';
import { type ItemType, type Label, type LabelChoice, TLPS, type Tlp } from '../../../types-coord.ts';
import { remarkRequestsChanged } from '../RemarkRequests.tsx';
import type { CaseCtx } from './context.ts';

/** What a re-marking request is about: any labelled item. */
export interface LabelledItem {
  type: ItemType;
  id: string;
  label: Label;
  author: { id: string; name: string } | null;
}

/** The source of an item (its author, or an admin of its org) relabels; everyone else asks. */
export function isSource(
  item: Pick<LabelledItem, 'label' | 'author'>,
  me: string,
  orgs: readonly SessionOrg[],
) {
  if (item.author?.id === me) return true;
  const org = orgs.find((o) => o.id === item.label.org.id);
  return org !== undefined && atLeast(org.role, 'admin');
}

/** Whether the reader may ask to widen: not the source, and the label does not reach the space yet. */
export const mayAskToWiden = (
  item: Pick<LabelledItem, 'label' | 'author'>,
  me: string,
  orgs: readonly SessionOrg[],
) => !isSource(item, me, orgs) && item.label.tlp !== 'CLEAR' && item.label.tlp !== 'GREEN';

/** Labels no stricter than the item's: the only ways to widen it. */
const widerOrEqual = (tlp: string): Tlp[] => TLPS.slice(0, Math.max(TLPS.indexOf(tlp as Tlp), 0) + 1);

/**
 * "Ask to widen": a re-marking request to the source of an item, for a less restrictive label or
 * more recipients (only the source can widen; they approve or decline).
 */
export function RemarkForm({
  ctx,
  item,
  onDone,
  onCancel,
}: {
  ctx: CaseCtx;
  item: LabelledItem;
  onDone(): void;
  onCancel(): void;
}) {
  const toast = useToast();
  const [label, setLabel] = useState<LabelChoice>({
    tlp: item.label.tlp as Tlp,
    recipientOrgIds: item.label.recipientOrgIds,
    recipientUserIds: item.label.recipientUserIds,
  });
  const [reason, setReason] = useState('');
  const ask = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const problem = labelProblem(label);
    if (problem) throw new Error(problem);
    await coordApi.requestRemark(item.type, item.id, {
      ...labelFields(label, ctx.actingOrgId),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      asOrgId: ctx.actingOrgId,
    });
    toast(`Asked ${item.label.org.name} to widen the label.`);
    remarkRequestsChanged();
    onDone();
  });
  return (
    <form className="remark-form stack" aria-label="Ask to widen" onSubmit={ask.run}>
      <p className="small muted">
        Only the source ({item.author?.name ?? item.label.org.name}) can widen this label. Pick the label or
        the extra recipients you need; they approve or decline.
      </p>
      <TlpPicker
        legend="Widen to"
        value={label}
        onChange={setLabel}
        only={widerOrEqual(item.label.tlp)}
        orgs={ctx.activeOrgs}
        people={ctx.people}
        myOrgId={ctx.actingOrgId}
        myUserId={ctx.me}
      />
      <label className="stack">
        <span>Why (shown to the source)</span>
        <textarea value={reason} rows={2} maxLength={4000} onChange={(e) => setReason(e.target.value)} />
      </label>
      <FormError error={ask.error} />
      <div className="actions-row">
        <button type="submit" className="button primary small" disabled={ask.pending}>
          Send request
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
