import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import {
  type CaseTlp,
  checkLabel,
  eventScope,
  type ItemLabel,
  type LabelInput,
  type Principal,
  type SpaceGate,
  type Tlp,
} from '../policy/index.ts';
import { type SpaceAccess, usersInSpace } from '../spaces/access.ts';
import type { Label } from './schemas.ts';

/** The visibility columns every labelled row carries, with its source org and author. */
export interface LabelRow {
  tlp: Tlp;
  org_id: string;
  org_handle: string;
  org_name: string;
  recipient_org_ids: string[];
  recipient_user_ids: string[];
  author_id: string | null;
  author_name: string | null;
}

/** Columns and joins for the label of the table aliased `a` (`x` names the joined aliases). */
export const labelCols = (a: string, x = `${a}_`) =>
  `${a}.tlp, ${a}.org_id, ${x}o.handle as org_handle, ${x}o.name as org_name, ${a}.recipient_org_ids,
   ${a}.recipient_user_ids, ${a}.author_id, ${x}u.name as author_name`;
export const labelJoins = (a: string, x = `${a}_`) =>
  `join orgs ${x}o on ${x}o.id = ${a}.org_id left join users ${x}u on ${x}u.id = ${a}.author_id`;

export const itemLabelOf = (
  r: Pick<LabelRow, 'tlp' | 'org_id' | 'recipient_org_ids' | 'recipient_user_ids'>,
): ItemLabel => ({
  tlp: r.tlp,
  orgId: r.org_id,
  recipientOrgIds: r.recipient_org_ids,
  recipientUserIds: r.recipient_user_ids,
});

export const presentLabel = (r: LabelRow): Label => ({
  tlp: r.tlp,
  org: { id: r.org_id, handle: r.org_handle, name: r.org_name },
  recipientOrgIds: r.recipient_org_ids,
  recipientUserIds: r.recipient_user_ids,
});

export const presentAuthor = (r: { author_id: string | null; author_name: string | null }) =>
  r.author_id && r.author_name ? { id: r.author_id, name: r.author_name } : null;

export const authorIdOf = (p: Principal) => (p.kind === 'user' || p.kind === 'token' ? p.userId : null);

/** Checks a label as written against the space (policy rules) and fills its defaults. */
export async function resolveLabel(
  q: Queryable,
  access: SpaceAccess,
  input: LabelInput,
  authorOrgId: string,
  authorUserId: string | null,
): Promise<ItemLabel> {
  const named = [...(input.recipientUserIds ?? []), ...(authorUserId ? [authorUserId] : [])];
  return checkLabel(input, {
    defaultTlp: access.defaultTlp,
    authorOrgId,
    authorUserId,
    activeOrgIds: access.activeOrgIds,
    usersInSpace: await usersInSpace(q, access.spaceId, named),
  });
}

/**
 * Publishes a live event about a labelled item with the label and audience the policy module
 * computes, so the live stream delivers it to exactly the item's readers. Best effort: the
 * write is already committed; a bus failure is logged, and clients refetch on reconnect.
 */
export async function publishItemEvent(
  p: Platform,
  type: string,
  item: ItemLabel,
  gate: SpaceGate,
  spaceId: string,
  data: unknown,
) {
  try {
    const red = item.tlp === 'RED' ? [...(await usersInSpace(p.db, spaceId, item.recipientUserIds))] : [];
    const scope = eventScope(item, gate, red);
    await p.bus.publish({ type, orgId: scope.orgId, tlp: scope.tlp, audience: scope.audience, data });
  } catch (err) {
    p.log.warn({ err, type }, 'could not publish a coordination event');
  }
}

/** Audits every RED / AMBER+STRICT item a read returned (the audit keeps only those labels). */
export async function auditReads(
  p: Platform,
  principal: Principal,
  targetType: string,
  rows: ReadonlyArray<{ id: string; tlp: Tlp; org_id: string }>,
  via: string,
) {
  await Promise.all(
    rows.map((r) =>
      p.audit.recordRead(principal, { orgId: r.org_id, tlp: r.tlp, targetType, targetId: r.id }, via),
    ),
  );
}

export type { CaseTlp };
