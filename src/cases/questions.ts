import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { type ItemLabel, isLabelWidening, type Principal } from '../policy/index.ts';
import { actingOrg } from '../spaces/access.ts';
import { type CaseAccess, readableCase, writableCase } from './case-access.ts';
import {
  auditReads,
  authorIdOf,
  itemLabelOf,
  presentAuthor,
  presentLabel,
  publishItemEvent,
  resolveLabel,
} from './labels.ts';
import { renderMarkdown } from './markdown.ts';
import type { AnswerInput, QuestionInput } from './question-schemas.ts';
import * as store from './question-store.ts';

const noSuchQuestion = () => new AppError('not_found', 'No such question.');

const presentAnswer = (r: store.AnswerRow) => ({
  id: r.id,
  questionId: r.question_id,
  label: presentLabel(r),
  author: presentAuthor(r),
  body: r.body_md,
  html: r.body_html,
  sources: r.sources,
  sourcePostId: r.source_post_id,
  createdAt: r.created_at.toISOString(),
});

const presentQuestion = (r: store.QuestionRow, answers: store.AnswerRow[]) => ({
  id: r.id,
  caseId: r.case_id,
  label: presentLabel(r),
  askedBy: presentAuthor(r),
  vendor: r.vendor,
  body: r.body_md,
  html: r.body_html,
  status: r.status,
  sourcePostId: r.source_post_id,
  votes: r.votes.map((v) => ({ orgId: v.orgId, handle: v.handle })),
  answers: answers.filter((a) => a.question_id === r.id).map(presentAnswer),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

async function withAnswers(p: Platform, principal: Principal, rows: store.QuestionRow[]) {
  const answers = rows.length
    ? await store.visibleAnswers(
        p.db,
        principal,
        rows.map((r) => r.id),
      )
    : [];
  await auditReads(p, principal, 'question', rows, 'rest');
  await auditReads(p, principal, 'answer', answers, 'rest');
  return rows.map((r) => presentQuestion(r, answers));
}

export async function createQuestion(
  p: Platform,
  principal: Principal,
  caseId: string,
  input: QuestionInput & { sourcePostId?: string },
  presetLabel?: ItemLabel,
) {
  const ca = await writableCase(p.db, principal, caseId);
  const orgId = presetLabel?.orgId ?? actingOrg(ca.access, input.asOrgId);
  const label = presetLabel ?? (await resolveLabel(p.db, ca.access, input, orgId, authorIdOf(principal)));
  const id = await store.insertQuestion(p.db, {
    caseId,
    spaceId: ca.access.spaceId,
    authorId: authorIdOf(principal),
    label,
    vendor: input.vendor,
    md: input.body,
    html: renderMarkdown(input.body),
    sourcePostId: input.sourcePostId ?? null,
  });
  const question = presentQuestion((await store.findQuestionRaw(p.db, id))!, []);
  await publishItemEvent(p, 'question.created', label, ca.gate, ca.access.spaceId, { question });
  return question;
}

export async function listQuestions(p: Platform, principal: Principal, caseId: string) {
  await readableCase(p.db, principal, caseId);
  return {
    items: await withAnswers(p, principal, await store.visibleQuestions(p.db, principal, { caseId })),
  };
}

/** A question the caller may read, with its case for writes. */
async function readableQuestion(p: Platform, principal: Principal, id: string, write: boolean) {
  const [row] = await store.visibleQuestions(p.db, principal, { id });
  if (!row) throw noSuchQuestion();
  const ca: CaseAccess = write
    ? await writableCase(p.db, principal, row.case_id)
    : await readableCase(p.db, principal, row.case_id);
  return { row, ca };
}

export async function getQuestion(p: Platform, principal: Principal, id: string) {
  const { row } = await readableQuestion(p, principal, id, false);
  return (await withAnswers(p, principal, [row]))[0]!;
}

/** The asking org or a space admin sets the status. */
export async function setStatus(p: Platform, principal: Principal, id: string, status: string) {
  const { row, ca } = await readableQuestion(p, principal, id, true);
  if (ca.access.role !== 'admin' && !ca.access.callerOrgIds.includes(row.org_id))
    throw new AppError('forbidden', 'Only the asking organisation or a space admin can change the status.');
  await store.setQuestionStatus(p.db, id, status);
  await publishItemEvent(p, 'question.updated', itemLabelOf(row), ca.gate, ca.access.spaceId, {
    caseId: row.case_id,
    questionId: id,
    status,
  });
  return getQuestion(p, principal, id);
}

/** An answer may not reach anyone its question does not (it would reveal the question). */
export async function answer(
  p: Platform,
  principal: Principal,
  questionId: string,
  input: AnswerInput & { sourcePostId?: string },
  presetLabel?: ItemLabel,
) {
  const { row, ca } = await readableQuestion(p, principal, questionId, true);
  const orgId = presetLabel?.orgId ?? actingOrg(ca.access, input.asOrgId);
  const label =
    presetLabel ??
    (await resolveLabel(p.db, ca.access, answerLabelInput(row, input, ca), orgId, authorIdOf(principal)));
  if (isLabelWidening(itemLabelOf(row), label))
    throw new AppError(
      'validation_failed',
      `An answer cannot be less restrictive or reach more recipients than its ${row.tlp} question.`,
    );
  const id = await store.insertAnswer(p.db, {
    questionId,
    caseId: row.case_id,
    spaceId: ca.access.spaceId,
    authorId: authorIdOf(principal),
    label,
    md: input.body,
    html: renderMarkdown(input.body),
    sources: input.sources ?? [],
    sourcePostId: input.sourcePostId ?? null,
  });
  const created = presentAnswer((await store.findAnswerRaw(p.db, id))!);
  await publishItemEvent(p, 'question.answered', label, ca.gate, ca.access.spaceId, { answer: created });
  return created;
}

/** Unless the answer names its own label, it is addressed exactly as its question. */
function answerLabelInput(row: store.QuestionRow, input: AnswerInput, ca: CaseAccess) {
  if (input.tlp !== undefined) return input;
  if (row.tlp === 'RED')
    return { tlp: row.tlp, recipientUserIds: input.recipientUserIds ?? row.recipient_user_ids };
  if (row.tlp === 'AMBER' || row.tlp === 'AMBER+STRICT') {
    const reach = [row.org_id, ...row.recipient_org_ids].filter((o) => ca.access.activeOrgIds.includes(o));
    return { tlp: row.tlp, recipientOrgIds: input.recipientOrgIds ?? reach };
  }
  return { tlp: row.tlp };
}

/** "We need this too": one vote per org, for an org of the caller's in the space. */
export async function vote(p: Platform, principal: Principal, id: string, on: boolean, asOrgId?: string) {
  const { row, ca } = await readableQuestion(p, principal, id, true);
  const orgId = actingOrg(ca.access, asOrgId);
  if (on) await store.addVote(p.db, id, orgId, authorIdOf(principal));
  else await store.removeVote(p.db, id, orgId);
  const question = await getQuestion(p, principal, id);
  await publishItemEvent(p, 'question.voted', itemLabelOf(row), ca.gate, ca.access.spaceId, {
    caseId: row.case_id,
    questionId: id,
    votes: question.votes,
  });
  return question;
}
