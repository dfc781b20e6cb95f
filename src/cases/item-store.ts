import type { Queryable } from '../platform/db/db.ts';
import type { ItemLabel, Tlp } from '../policy/index.ts';

/** Every kind of labelled item and its table (a fixed map: no name ever comes from a request). */
export const ITEM_TABLES = {
  post: 'posts',
  attachment: 'attachments',
  status: 'case_statuses',
  matrix_row: 'matrix_rows',
  question: 'vendor_questions',
  answer: 'vendor_answers',
} as const;
export type ItemType = keyof typeof ITEM_TABLES;

export interface ItemRow {
  id: string;
  case_id: string;
  space_id: string;
  tlp: Tlp;
  org_id: string;
  recipient_org_ids: string[];
  recipient_user_ids: string[];
  author_id: string | null;
}

/** Any labelled item, whatever the caller may see: callers decide through the policy module. */
export const findItemRaw = (q: Queryable, type: ItemType, id: string) =>
  q.one<ItemRow>(
    `select id, case_id, space_id, tlp, org_id, recipient_org_ids, recipient_user_ids, author_id
       from ${ITEM_TABLES[type]} where id = $1`,
    [id],
  );

/** Parent post (quotes) or question (answers) whose label bounds this item's. */
export async function boundingItem(q: Queryable, type: ItemType, id: string) {
  if (type === 'post') {
    const row = await q.one<{ reply_to: string | null; quotes: boolean }>(
      'select reply_to, quotes from posts where id = $1',
      [id],
    );
    return row?.reply_to && row.quotes ? findItemRaw(q, 'post', row.reply_to) : undefined;
  }
  if (type === 'answer') {
    const row = await q.one<{ question_id: string }>('select question_id from vendor_answers where id = $1', [
      id,
    ]);
    return row ? findItemRaw(q, 'question', row.question_id) : undefined;
  }
  return undefined;
}

/** Changes an item's label in place; posts get a new revision and matrix rows a history entry. */
export async function setLabel(
  q: Queryable,
  type: ItemType,
  id: string,
  label: ItemLabel,
  editorId: string | null,
) {
  const extra =
    type === 'post'
      ? ', revision = revision + 1, edited_at = now()'
      : type === 'matrix_row'
        ? ', version = version + 1, updated_at = now()'
        : '';
  await q.execute(
    `update ${ITEM_TABLES[type]} set tlp = $2, recipient_org_ids = $3, recipient_user_ids = $4${extra} where id = $1`,
    [id, label.tlp, label.recipientOrgIds, label.recipientUserIds],
  );
  if (type === 'post')
    await q.execute(
      `insert into post_revisions (post_id, revision, case_id, space_id, org_id, author_id, tlp,
         recipient_org_ids, recipient_user_ids, body_md, body_html)
       select id, revision, case_id, space_id, org_id, $2, tlp, recipient_org_ids, recipient_user_ids, body_md, body_html
         from posts where id = $1`,
      [id, editorId],
    );
  if (type === 'matrix_row')
    await q.execute(
      `insert into matrix_history (row_id, version, case_id, space_id, org_id, author_id, status, justification,
         rollout, statement, tlp, recipient_org_ids, recipient_user_ids)
       select id, version, case_id, space_id, org_id, $2, status, justification, rollout, statement, tlp,
              recipient_org_ids, recipient_user_ids from matrix_rows where id = $1`,
      [id, editorId],
    );
}

export interface RemarkRow {
  id: string;
  space_id: string;
  item_type: ItemType;
  item_id: string;
  requested_by: string | null;
  requester_name: string | null;
  requester_org_id: string;
  tlp: Tlp;
  recipient_org_ids: string[];
  recipient_user_ids: string[];
  reason: string;
  status: 'pending' | 'approved' | 'declined';
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
}
const R_COLS = `r.id, r.space_id, r.item_type, r.item_id, r.requested_by, u.name as requester_name, r.requester_org_id,
  r.tlp, r.recipient_org_ids, r.recipient_user_ids, r.reason, r.status, r.decided_by, r.decided_at, r.created_at`;

export async function insertRemark(
  q: Queryable,
  x: {
    spaceId: string;
    type: ItemType;
    itemId: string;
    userId: string | null;
    orgId: string;
    label: ItemLabel;
    reason: string;
  },
) {
  const row = await q.one<{ id: string }>(
    `insert into remark_requests (space_id, item_type, item_id, requested_by, requester_org_id, tlp,
       recipient_org_ids, recipient_user_ids, reason) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      x.spaceId,
      x.type,
      x.itemId,
      x.userId,
      x.orgId,
      x.label.tlp,
      x.label.recipientOrgIds,
      x.label.recipientUserIds,
      x.reason,
    ],
  );
  return row!.id;
}

export const findRemark = (q: Queryable, id: string) =>
  q.one<RemarkRow>(
    `select ${R_COLS} from remark_requests r left join users u on u.id = r.requested_by where r.id = $1`,
    [id],
  );

export const listRemarks = (q: Queryable, spaceId: string) =>
  q.query<RemarkRow>(
    `select ${R_COLS} from remark_requests r left join users u on u.id = r.requested_by
      where r.space_id = $1 order by r.created_at desc limit 500`,
    [spaceId],
  );

export const decideRemark = (q: Queryable, id: string, status: 'approved' | 'declined', userId: string) =>
  q.execute(
    `update remark_requests set status = $2, decided_by = $3, decided_at = now() where id = $1 and status = 'pending'`,
    [id, status, userId],
  );
