import type { Queryable } from '../platform/db/db.ts';
import {
  type CaseTlp,
  type Principal,
  SqlParams,
  type Tlp,
  visibleCasesFilter,
  visibleLabelsFilter,
} from '../policy/index.ts';

export type NotificationKind = 'case_created' | 'mention_user' | 'mention_org' | 'matrix_changed';
export type NotificationItem = 'case' | 'post' | 'matrix_row';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  spaceId: string;
  caseId: string;
  itemType: NotificationItem;
  itemId: string;
  itemVersion: number;
  viaOrgId: string | null;
  actorId: string | null;
}

/** Inserts one notification; null when this person was already told about this item (version). */
export async function insertNotification(q: Queryable, n: NewNotification): Promise<string | null> {
  const row = await q.one<{ id: string }>(
    `insert into coordination_notifications (user_id, kind, space_id, case_id, item_type, item_id, item_version,
       via_org_id, actor_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (user_id, item_type, item_id, item_version) do nothing returning id`,
    [n.userId, n.kind, n.spaceId, n.caseId, n.itemType, n.itemId, n.itemVersion, n.viaOrgId, n.actorId],
  );
  return row?.id ?? null;
}

/** A notification joined with what it refers to; item fields are null when not that kind. */
export interface NotificationRow {
  id: string;
  seq: number;
  kind: NotificationKind;
  item_type: NotificationItem;
  item_id: string;
  created_at: Date;
  read_at: Date | null;
  space_id: string;
  space_name: string;
  case_id: string;
  case_title: string;
  case_kind: string;
  case_tlp: CaseTlp;
  case_cve_ids: string[];
  case_org_name: string;
  actor_name: string | null;
  via_org_handle: string | null;
  post_body: string | null;
  post_tlp: Tlp | null;
  change_tlp: Tlp | null;
  change_status: string | null;
  change_justification: string | null;
  change_statement: string | null;
  change_org_name: string | null;
  row_layer: string | null;
  row_cve_id: string | null;
}

export interface NotificationFilter {
  unread?: boolean;
  /** Only notifications older than this seq (cursor pagination, newest first). */
  beforeSeq?: number;
  ids?: readonly string[];
}

const FROM = `from coordination_notifications n
      join cases c on c.id = n.case_id
      left join posts p on n.item_type = 'post' and p.id = n.item_id
      left join matrix_rows m on n.item_type = 'matrix_row' and m.id = n.item_id
      left join matrix_history h on n.item_type = 'matrix_row' and h.row_id = n.item_id and h.version = n.item_version`;

/**
 * WHERE of the notifications `reader` (a person) may see now: the case through
 * visibleCasesFilter, a post and a matrix change through visibleLabelsFilter (the change under
 * its own label and its row's current one). Nothing here decides access itself.
 */
function visibleWhere(reader: Principal, userId: string, f: NotificationFilter, params: SqlParams) {
  const conds = [
    `n.user_id = ${params.add(userId)}`,
    visibleCasesFilter(reader, params, 'c'),
    `(n.item_type = 'case'
      or (n.item_type = 'post' and p.id is not null and ${visibleLabelsFilter(reader, params, 'p', 'c.tlp')})
      or (n.item_type = 'matrix_row' and m.id is not null and h.row_id is not null
          and ${visibleLabelsFilter(reader, params, 'm', 'c.tlp')}
          and ${visibleLabelsFilter(reader, params, 'h', 'c.tlp')}))`,
  ];
  if (f.unread) conds.push('n.read_at is null');
  if (f.beforeSeq !== undefined) conds.push(`n.seq < ${params.add(f.beforeSeq)}`);
  if (f.ids) conds.push(`n.id = any(${params.add([...f.ids])}::uuid[])`);
  return conds.join(' and ');
}

export function visibleNotifications(
  q: Queryable,
  reader: Principal,
  userId: string,
  f: NotificationFilter,
  limit: number,
) {
  const params = new SqlParams();
  const where = visibleWhere(reader, userId, f, params);
  return q.query<NotificationRow>(
    `select n.id, n.seq, n.kind, n.item_type, n.item_id, n.created_at, n.read_at, n.space_id, s.name as space_name,
            n.case_id, c.title as case_title, c.kind as case_kind, c.tlp as case_tlp, c.cve_ids as case_cve_ids,
            co.name as case_org_name, au.name as actor_name, vo.handle as via_org_handle,
            p.body_md as post_body, p.tlp as post_tlp,
            h.tlp as change_tlp, h.status as change_status, h.justification as change_justification,
            h.statement as change_statement, ho.name as change_org_name, m.layer as row_layer, m.cve_id as row_cve_id
       ${FROM}
       join spaces s on s.id = n.space_id
       join orgs co on co.id = c.org_id
       left join users au on au.id = n.actor_id
       left join orgs vo on vo.id = n.via_org_id
       left join orgs ho on ho.id = h.org_id
      where ${where}
      order by n.seq desc limit ${params.add(limit)}`,
    params.values,
  );
}

/** Unread notifications `reader` may see: the count reveals nothing the list would not. */
export async function countUnread(q: Queryable, reader: Principal, userId: string): Promise<number> {
  const params = new SqlParams();
  const where = visibleWhere(reader, userId, { unread: true }, params);
  const row = await q.one<{ n: number | string }>(
    `select count(*) as n ${FROM} where ${where}`,
    params.values,
  );
  return Number(row?.n ?? 0);
}

/** Marks read what `reader` may see (all of it, or the given ids); returns how many rows changed. */
export function markRead(q: Queryable, reader: Principal, userId: string, ids?: readonly string[]) {
  const params = new SqlParams();
  const where = visibleWhere(reader, userId, { unread: true, ...(ids ? { ids } : {}) }, params);
  return q.execute(
    `update coordination_notifications set read_at = now() where id in (select n.id ${FROM} where ${where})`,
    params.values,
  );
}

export async function emailEnabled(q: Queryable, userId: string): Promise<boolean> {
  const row = await q.one<{ email: boolean }>(
    'select email from coordination_notification_settings where user_id = $1',
    [userId],
  );
  return row?.email ?? true;
}

export const saveSettings = (q: Queryable, userId: string, email: boolean) =>
  q.execute(
    `insert into coordination_notification_settings (user_id, email) values ($1, $2)
     on conflict (user_id) do update set email = excluded.email, updated_at = now()`,
    [userId, email],
  );
