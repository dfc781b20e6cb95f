import { Type } from 'typebox';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { canReadItem, carryLabel, type Principal } from '../policy/index.ts';
import { actingOrg } from '../spaces/access.ts';
import { writableCase } from './case-access.ts';
import { itemLabelOf } from './labels.ts';
import { writeEntry } from './matrix.ts';
import { PromoteStatement } from './matrix-schemas.ts';
import { findPostRaw } from './post-store.ts';
import { answer, createQuestion } from './questions.ts';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });

/** One action turns a post into a structured entry, linked back to it, its label carried over. */
export const PromoteInput = Type.Union([
  Type.Object(
    { as: Type.Literal('statement'), ...PromoteStatement.properties, asOrgId: Type.Optional(Uuid) },
    strict,
  ),
  Type.Object(
    {
      as: Type.Literal('question'),
      vendor: Type.String({ minLength: 1, maxLength: 200 }),
      asOrgId: Type.Optional(Uuid),
    },
    strict,
  ),
  Type.Object(
    {
      as: Type.Literal('answer'),
      questionId: Uuid,
      sources: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 50 })),
      asOrgId: Type.Optional(Uuid),
    },
    strict,
  ),
]);
type PromoteInput =
  | ({ as: 'statement'; asOrgId?: string } & Parameters<typeof writeEntry>[3])
  | { as: 'question'; vendor: string; asOrgId?: string }
  | { as: 'answer'; questionId: string; sources?: string[]; asOrgId?: string };

export async function promote(p: Platform, principal: Principal, postId: string, input: PromoteInput) {
  const post = await findPostRaw(p.db, postId);
  if (!post) throw new AppError('not_found', 'No such post.');
  const ca = await writableCase(p.db, principal, post.case_id);
  if (!canReadItem(principal, itemLabelOf(post), ca.gate)) throw new AppError('not_found', 'No such post.');
  // The entry is the promoter's org's, addressed to exactly the post's readers.
  const label = carryLabel(itemLabelOf(post), actingOrg(ca.access, input.asOrgId));
  switch (input.as) {
    case 'statement':
      return {
        as: input.as,
        entry: await writeEntry(
          p,
          principal,
          post.case_id,
          { ...input, statement: post.body_md, sourcePostId: postId },
          label,
        ),
      };
    case 'question':
      return {
        as: input.as,
        question: await createQuestion(
          p,
          principal,
          post.case_id,
          { vendor: input.vendor, body: post.body_md, sourcePostId: postId },
          label,
        ),
      };
    case 'answer':
      return {
        as: input.as,
        answer: await answer(
          p,
          principal,
          input.questionId,
          { body: post.body_md, sources: input.sources, sourcePostId: postId },
          label,
        ),
      };
  }
}
