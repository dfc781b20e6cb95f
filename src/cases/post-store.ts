import type { Queryable } from '../platform/db/db.ts';
import { type ItemLabel, type Principal, SqlParams, type Tlp, visibleLabelsFilter } from '../policy/index.ts';
import { type LabelRow, labelCols, labelJoins } from './labels.ts';

export interface Mention {
  text: string;
  kind: 'user' | 'org';
  id: string;
}
export interface PostRow extends LabelRow {
  id: string;
  seq: number;
  case_id: string;
  space_id: string;
  reply_to: string | null;
  quotes: boolean;
  body_md: string;
  body_html: string;
  mentions: Mention[];
  revision: number;
  created_at: Date;
  edited_at: Date | null;
  /** Null unless the reader may read the parent. */
  parent_body: string | null;
  parent_tlp: Tlp | null;
}
export interface RevisionRow extends LabelRow {
  post_id: string;
  revision: number;
  body_md: string;
  body_html: string;
  created_at: Date;
}
export interface StatusRow extends LabelRow {
  id: string;
  case_id: string;
  body_md: string;
  body_html: string;
  created_at: Date;
}

const labelArgs = (l: ItemLabel) => [l.tlp, l.orgId, l.recipientOrgIds, l.recipientUserIds];

export async function insertPost(
  q: Queryable,
  x: {
    caseId: string;
    spaceId: string;
    authorId: string | null;
    replyTo: string | null;
    quotes: boolean;
    label: ItemLabel;
    md: string;
    html: string;
    mentions: Mention[];
  },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into posts (case_id, space_id, author_id, reply_to, quotes, tlp, org_id, recipient_org_ids,
       recipient_user_ids, body_md, body_html, mentions)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [
      x.caseId,
      x.spaceId,
      x.authorId,
      x.replyTo,
      x.quotes,
      ...labelArgs(x.label),
      x.md,
      x.html,
      JSON.stringify(x.mentions),
    ],
  );
  await insertRevision(q, row!.id, x.authorId);
  return row!.id;
}

/** Copies the post's current state into its revision history. */
export const insertRevision = (q: Queryable, postId: string, authorId: string | null) =>
  q.execute(
    `insert into post_revisions (post_id, revision, case_id, space_id, org_id, author_id, tlp,
       recipient_org_ids, recipient_user_ids, body_md, body_html)
     select id, revision, case_id, space_id, org_id, $2, tlp, recipient_org_ids, recipient_user_ids, body_md, body_html
       from posts where id = $1`,
    [postId, authorId],
  );

export async function updatePost(
  q: Queryable,
  id: string,
  x: { label: ItemLabel; md: string; html: string; mentions: Mention[]; editorId: string | null },
) {
  await q.execute(
    `update posts set tlp = $2, recipient_org_ids = $4, recipient_user_ids = $5, body_md = $6,
       body_html = $7, mentions = $8, revision = revision + 1, edited_at = now()
     where id = $1 and org_id = $3`,
    [id, ...labelArgs(x.label), x.md, x.html, JSON.stringify(x.mentions)],
  );
  await insertRevision(q, id, x.editorId);
}

/** A post whatever the caller may see (for writes; callers check through the policy module). */
export const findPostRaw = (q: Queryable, id: string) =>
  q.one<PostRow>(
    `select p.id, p.seq, p.case_id, p.space_id, ${labelCols('p')}, p.reply_to, p.quotes, p.body_md, p.body_html,
            p.mentions, p.revision, p.created_at, p.edited_at, null as parent_body, null as parent_tlp
       from posts p ${labelJoins('p')} where p.id = $1`,
    [id],
  );

/** Visible posts (of a case, or one by id), each with its parent's preview fields when visible too. */
export function visiblePosts(
  q: Queryable,
  p: Principal,
  where: { caseId: string; afterSeq?: number; limit: number } | { postId: string },
) {
  const params = new SqlParams();
  const cond =
    'postId' in where
      ? `p.id = ${params.add(where.postId)}`
      : `p.case_id = ${params.add(where.caseId)} and p.seq > ${params.add(where.afterSeq ?? 0)}`;
  const limit = 'postId' in where ? 1 : where.limit;
  const self = visibleLabelsFilter(p, params, 'p', 'c.tlp');
  const parent = visibleLabelsFilter(p, params, 'pp', 'c.tlp');
  return q.query<PostRow>(
    `select p.id, p.seq, p.case_id, p.space_id, ${labelCols('p')}, p.reply_to, p.quotes, p.body_md, p.body_html,
            p.mentions, p.revision, p.created_at, p.edited_at, pp.body_md as parent_body, pp.tlp as parent_tlp
       from posts p join cases c on c.id = p.case_id ${labelJoins('p')}
       left join posts pp on pp.id = p.reply_to and ${parent}
      where ${cond} and ${self}
      order by p.seq limit ${params.add(limit)}`,
    params.values,
  );
}

/** Visible revisions of a post (each filtered by its own label). */
export function visibleRevisions(q: Queryable, p: Principal, postId: string) {
  const params = new SqlParams([postId]);
  const vis = visibleLabelsFilter(p, params, 'r', 'c.tlp');
  return q.query<RevisionRow>(
    `select r.post_id, r.revision, ${labelCols('r')}, r.body_md, r.body_html, r.created_at
       from post_revisions r join cases c on c.id = r.case_id ${labelJoins('r')}
      where r.post_id = $1 and ${vis} order by r.revision`,
    params.values,
  );
}

/** The newest visible post seq of a case (what "mark all read" marks). */
export async function newestVisibleSeq(q: Queryable, p: Principal, caseId: string): Promise<number> {
  const params = new SqlParams([caseId]);
  const vis = visibleLabelsFilter(p, params, 'p', 'c.tlp');
  const row = await q.one<{ seq: number | null }>(
    `select max(p.seq) as seq from posts p join cases c on c.id = p.case_id where p.case_id = $1 and ${vis}`,
    params.values,
  );
  return Number(row?.seq ?? 0);
}

export const markRead = (q: Queryable, readerId: string, caseId: string, seq: number) =>
  q.execute(
    `insert into case_reads (reader_id, case_id, last_seq) values ($1, $2, $3)
     on conflict (reader_id, case_id) do update set last_seq = greatest(case_reads.last_seq, excluded.last_seq)`,
    [readerId, caseId, seq],
  );

export async function insertStatus(
  q: Queryable,
  x: { caseId: string; spaceId: string; authorId: string | null; label: ItemLabel; md: string; html: string },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into case_statuses (case_id, space_id, author_id, tlp, org_id, recipient_org_ids, recipient_user_ids,
       body_md, body_html) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [x.caseId, x.spaceId, x.authorId, ...labelArgs(x.label), x.md, x.html],
  );
  return row!.id;
}

/** Visible pinned-status revisions of a case, newest first (the first is the current one for this reader). */
export function visibleStatuses(q: Queryable, p: Principal, caseId: string, limit: number) {
  const params = new SqlParams([caseId, limit]);
  const vis = visibleLabelsFilter(p, params, 's', 'c.tlp');
  return q.query<StatusRow>(
    `select s.id, s.case_id, ${labelCols('s')}, s.body_md, s.body_html, s.created_at
       from case_statuses s join cases c on c.id = s.case_id ${labelJoins('s')}
      where s.case_id = $1 and ${vis} order by s.seq desc limit $2`,
    params.values,
  );
}

/** A status revision whatever the caller may see: only to answer the writer who just wrote it. */
export const findStatusRaw = (q: Queryable, id: string) =>
  q.one<StatusRow>(
    `select s.id, s.case_id, ${labelCols('s')}, s.body_md, s.body_html, s.created_at
       from case_statuses s ${labelJoins('s')} where s.id = $1`,
    [id],
  );
