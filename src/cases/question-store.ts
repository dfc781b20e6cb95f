import type { Queryable } from '../platform/db/db.ts';
import { type ItemLabel, type Principal, SqlParams, visibleLabelsFilter } from '../policy/index.ts';
import { type LabelRow, labelCols, labelJoins } from './labels.ts';

export interface QuestionRow extends LabelRow {
  id: string;
  case_id: string;
  vendor: string;
  body_md: string;
  body_html: string;
  status: string;
  source_post_id: string | null;
  created_at: Date;
  updated_at: Date;
  votes: Array<{ orgId: string; handle: string }>;
}
export interface AnswerRow extends LabelRow {
  id: string;
  question_id: string;
  body_md: string;
  body_html: string;
  sources: string[];
  source_post_id: string | null;
  created_at: Date;
}

const Q_COLS = `v.id, v.case_id, ${labelCols('v')}, v.vendor, v.body_md, v.body_html, v.status, v.source_post_id,
  v.created_at, v.updated_at,
  coalesce((select json_agg(json_build_object('orgId', qv.org_id, 'handle', vo.handle) order by qv.created_at)
     from question_votes qv join orgs vo on vo.id = qv.org_id where qv.question_id = v.id), '[]') as votes`;
const A_COLS = `a.id, a.question_id, ${labelCols('a')}, a.body_md, a.body_html, a.sources, a.source_post_id, a.created_at`;
const labelArgs = (l: ItemLabel) => [l.tlp, l.orgId, l.recipientOrgIds, l.recipientUserIds];

export async function insertQuestion(
  q: Queryable,
  x: {
    caseId: string;
    spaceId: string;
    authorId: string | null;
    label: ItemLabel;
    vendor: string;
    md: string;
    html: string;
    sourcePostId: string | null;
  },
) {
  const row = await q.one<{ id: string }>(
    `insert into vendor_questions (case_id, space_id, author_id, tlp, org_id, recipient_org_ids, recipient_user_ids,
       vendor, body_md, body_html, source_post_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [x.caseId, x.spaceId, x.authorId, ...labelArgs(x.label), x.vendor, x.md, x.html, x.sourcePostId],
  );
  return row!.id;
}

export async function insertAnswer(
  q: Queryable,
  x: {
    questionId: string;
    caseId: string;
    spaceId: string;
    authorId: string | null;
    label: ItemLabel;
    md: string;
    html: string;
    sources: string[];
    sourcePostId: string | null;
  },
) {
  const row = await q.one<{ id: string }>(
    `insert into vendor_answers (question_id, case_id, space_id, author_id, tlp, org_id, recipient_org_ids,
       recipient_user_ids, body_md, body_html, sources, source_post_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [
      x.questionId,
      x.caseId,
      x.spaceId,
      x.authorId,
      ...labelArgs(x.label),
      x.md,
      x.html,
      x.sources,
      x.sourcePostId,
    ],
  );
  return row!.id;
}

export const findQuestionRaw = (q: Queryable, id: string) =>
  q.one<QuestionRow & { space_id: string }>(
    `select ${Q_COLS}, v.space_id from vendor_questions v ${labelJoins('v')} where v.id = $1`,
    [id],
  );
export const findAnswerRaw = (q: Queryable, id: string) =>
  q.one<AnswerRow>(`select ${A_COLS} from vendor_answers a ${labelJoins('a')} where a.id = $1`, [id]);

export function visibleQuestions(q: Queryable, p: Principal, where: { caseId: string } | { id: string }) {
  const params = new SqlParams(['caseId' in where ? where.caseId : where.id]);
  const vis = visibleLabelsFilter(p, params, 'v', 'c.tlp');
  return q.query<QuestionRow>(
    `select ${Q_COLS} from vendor_questions v join cases c on c.id = v.case_id ${labelJoins('v')}
      where ${'caseId' in where ? 'v.case_id' : 'v.id'} = $1 and ${vis} order by v.created_at, v.id`,
    params.values,
  );
}

/** Visible answers to the given questions: each answer under its own label and its question's. */
export function visibleAnswers(q: Queryable, p: Principal, questionIds: string[]) {
  const params = new SqlParams([questionIds]);
  const answer = visibleLabelsFilter(p, params, 'a', 'c.tlp');
  const question = visibleLabelsFilter(p, params, 'v', 'c.tlp');
  return q.query<AnswerRow>(
    `select ${A_COLS} from vendor_answers a join vendor_questions v on v.id = a.question_id
       join cases c on c.id = a.case_id ${labelJoins('a')}
      where a.question_id = any($1::uuid[]) and ${answer} and ${question} order by a.created_at, a.id`,
    params.values,
  );
}

export const setQuestionStatus = (q: Queryable, id: string, status: string) =>
  q.execute('update vendor_questions set status = $2, updated_at = now() where id = $1', [id, status]);

export const addVote = (q: Queryable, questionId: string, orgId: string, userId: string | null) =>
  q.execute(
    `insert into question_votes (question_id, org_id, user_id) values ($1, $2, $3) on conflict do nothing`,
    [questionId, orgId, userId],
  );
export const removeVote = (q: Queryable, questionId: string, orgId: string) =>
  q.execute('delete from question_votes where question_id = $1 and org_id = $2', [questionId, orgId]);
