import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { mostRestrictive, type Tlp } from '../policy/tlp.ts';
import { listAttachments } from './attachments.ts';
import { getCase } from './cases.ts';
import { view as matrixView } from './matrix.ts';
import { listPosts } from './posts.ts';
import { listQuestions } from './questions.ts';
import { statusHistory } from './statuses.ts';

/**
 * A case as one document: what the caller may read and nothing else. Every part comes from the
 * module's own policy-filtered reads (the same ones REST uses), so an export can never show more
 * than the API; the document as a whole carries the most restrictive label of its contents.
 */
export async function exportCase(p: Platform, principal: Principal, caseId: string) {
  const theCase = await getCase(p, principal, caseId);
  const posts = [];
  for (let afterSeq: number | null = 0; afterSeq !== null; ) {
    const page = await listPosts(p, principal, caseId, { afterSeq, limit: 500 });
    posts.push(...page.items);
    afterSeq = page.nextAfterSeq;
  }
  const [statuses, matrix, questions, attachments] = await Promise.all([
    statusHistory(p, principal, caseId),
    matrixView(p, principal, { caseId }, {}),
    listQuestions(p, principal, caseId),
    listAttachments(p, principal, caseId),
  ]);
  const visible = new Set(posts.map((x) => x.id));
  const labels: Tlp[] = [
    theCase.tlp as Tlp,
    ...[...posts, ...statuses.items, ...matrix.items, ...questions.items, ...attachments.items].map(
      (x) => x.label.tlp as Tlp,
    ),
    ...questions.items.flatMap((q) => q.answers.map((a) => a.label.tlp as Tlp)),
  ];
  return {
    tlp: mostRestrictive(...labels),
    exportedAt: new Date().toISOString(),
    case: theCase,
    statusHistory: statuses.items,
    matrix: matrix.items,
    stillAffected: matrix.stillAffected,
    questions: questions.items,
    attachments: attachments.items,
    // A reply names its parent only when the parent is in the export too; no previews at all.
    posts: posts.map(({ replyTo, ...post }) => ({
      ...post,
      replyToId: replyTo && visible.has(replyTo.id) ? replyTo.id : null,
    })),
  };
}

export type CaseExport = Awaited<ReturnType<typeof exportCase>>;
