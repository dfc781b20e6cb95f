import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import {
  canReadItem,
  type ItemLabel,
  isLabelWidening,
  isSourceOf,
  type LabelInput,
  type Principal,
  requireMayRelabel,
} from '../policy/index.ts';
import { actingOrg, loadSpaceAccess, requireSpaceRole } from '../spaces/access.ts';
import { type CaseAccess, readableCase, writableCase } from './case-access.ts';
import * as items from './item-store.ts';
import { authorIdOf, itemLabelOf, publishItemEvent, resolveLabel } from './labels.ts';

const noSuchItem = () => new AppError('not_found', 'No such item.');

/** An item the caller may read, with its case (for writes, the caller must be a space member). */
async function readableItem(
  p: Platform,
  principal: Principal,
  type: items.ItemType,
  id: string,
  write: boolean,
) {
  const row = await items.findItemRaw(p.db, type, id);
  if (!row) throw noSuchItem();
  const ca: CaseAccess = write
    ? await writableCase(p.db, principal, row.case_id)
    : await readableCase(p.db, principal, row.case_id);
  if (!canReadItem(principal, itemLabelOf(row), ca.gate)) throw noSuchItem();
  return { row, ca, label: itemLabelOf(row) };
}

/** The requested label, checked against the space as if the source wrote it. */
const labelFor = (p: Platform, ca: CaseAccess, row: items.ItemRow, input: LabelInput) =>
  resolveLabel(p.db, ca.access, input, row.org_id, row.author_id);

async function apply(
  p: Platform,
  principal: Principal,
  type: items.ItemType,
  row: items.ItemRow,
  ca: CaseAccess,
  to: ItemLabel,
) {
  const bound = await items.boundingItem(p.db, type, row.id);
  if (bound && isLabelWidening(itemLabelOf(bound), to))
    throw new AppError(
      'validation_failed',
      `This ${type === 'post' ? 'reply quotes a post' : 'answer belongs to a question'} labelled ${bound.tlp}; it cannot reach anyone that one does not.`,
    );
  await p.db.tx((q) =>
    items.setLabel(q, type, row.id, to, principal.kind === 'user' ? principal.userId : null),
  );
  // The case id lets an open case page refresh only itself; the audience reads the item, so its case too.
  await publishItemEvent(p, 'label.changed', to, ca.gate, ca.access.spaceId, {
    caseId: row.case_id,
    itemType: type,
    itemId: row.id,
    label: to,
  });
}

/** The source changes a label directly (the author narrows or widens; an admin of the source org too). */
export async function relabel(
  p: Platform,
  principal: Principal,
  type: items.ItemType,
  id: string,
  input: LabelInput,
) {
  const { row, ca, label } = await readableItem(p, principal, type, id, true);
  const to = await labelFor(p, ca, row, input);
  requireMayRelabel(principal, { ...label, authorId: row.author_id }, to);
  await apply(p, principal, type, row, ca, to);
  return { itemType: type, itemId: id, label: to };
}

/** A reader asks the source to widen a label. */
export async function requestRemark(
  p: Platform,
  principal: Principal,
  type: items.ItemType,
  id: string,
  input: LabelInput & { reason?: string; asOrgId?: string },
) {
  const { row, ca, label } = await readableItem(p, principal, type, id, true);
  const to = await labelFor(p, ca, row, input);
  if (!isLabelWidening(label, to))
    throw new AppError('validation_failed', 'A re-marking request asks to widen a label; this one does not.');
  const requestId = await items.insertRemark(p.db, {
    spaceId: ca.access.spaceId,
    type,
    itemId: id,
    userId: authorIdOf(principal),
    orgId: actingOrg(ca.access, input.asOrgId),
    label: to,
    reason: input.reason ?? '',
  });
  return presentRemark((await items.findRemark(p.db, requestId))!);
}

const presentRemark = (r: items.RemarkRow) => ({
  id: r.id,
  itemType: r.item_type,
  itemId: r.item_id,
  requestedBy: r.requested_by && r.requester_name ? { id: r.requested_by, name: r.requester_name } : null,
  requesterOrgId: r.requester_org_id,
  label: { tlp: r.tlp, recipientOrgIds: r.recipient_org_ids, recipientUserIds: r.recipient_user_ids },
  reason: r.reason,
  status: r.status,
  decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  createdAt: r.created_at.toISOString(),
});

/** Requests the caller made, and requests the caller may decide (as the source of the item). */
export async function listRemarks(p: Platform, principal: Principal, spaceId: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'observer');
  const rows = await items.listRemarks(p.db, spaceId);
  const out = [];
  for (const r of rows) {
    const mine = principal.kind === 'user' && r.requested_by === principal.userId;
    const item = mine ? null : await items.findItemRaw(p.db, r.item_type, r.item_id);
    if (mine || (item && isSourceOf(principal, { orgId: item.org_id, authorId: item.author_id })))
      out.push(presentRemark(r));
  }
  return { items: out };
}

export async function decideRemark(p: Platform, principal: Principal, requestId: string, approve: boolean) {
  const r = await items.findRemark(p.db, requestId);
  if (!r) throw new AppError('not_found', 'No such re-marking request.');
  const { row, ca, label } = await readableItem(p, principal, r.item_type, r.item_id, true);
  if (!isSourceOf(principal, { orgId: row.org_id, authorId: row.author_id }))
    throw new AppError(
      'forbidden',
      'Only the source (the author or an admin of their organisation) decides.',
    );
  if (r.status !== 'pending') throw new AppError('conflict', `This request is already ${r.status}.`);
  if (approve) {
    // Checked again: recipients may have left the space since the request.
    const to = await labelFor(p, ca, row, {
      tlp: r.tlp,
      recipientOrgIds: r.recipient_org_ids,
      recipientUserIds: r.recipient_user_ids.filter((u) => u !== row.author_id),
    });
    requireMayRelabel(principal, { ...label, authorId: row.author_id }, to);
    await apply(p, principal, r.item_type, row, ca, to);
  }
  await items.decideRemark(
    p.db,
    requestId,
    approve ? 'approved' : 'declined',
    (principal as { userId: string }).userId,
  );
  return presentRemark((await items.findRemark(p.db, requestId))!);
}
