import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

const LabelFields = {
  tlp: Type.Optional(Type.String({ maxLength: 20 })),
  recipientOrgIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
  recipientUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
  asOrgId: Type.Optional(Uuid),
};
export const QUESTION_STATUSES = ['open', 'answered', 'partially_answered'] as const;
const Source = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '^(https?://|CVE-|XSA-|[A-Za-z][\\w .-]*$)',
});

export const QuestionInput = Type.Object(
  {
    vendor: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 65_536 }),
    ...LabelFields,
  },
  strict,
);
export const QuestionPatch = Type.Object(
  { status: Type.Union(QUESTION_STATUSES.map((s) => Type.Literal(s))) },
  strict,
);
export const AnswerInput = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 65_536 }),
    sources: Type.Optional(Type.Array(Source, { maxItems: 50 })),
    ...LabelFields,
  },
  strict,
);
export const VoteInput = Type.Object({ asOrgId: Type.Optional(Uuid) }, strict);

const LabelOut = Type.Object({
  tlp: Str,
  org: Type.Object({ id: Str, handle: Str, name: Str }),
  recipientOrgIds: Type.Array(Str),
  recipientUserIds: Type.Array(Str),
});
const Author = Nullable(Type.Object({ id: Str, name: Str }));
export const Answer = Type.Object({
  id: Str,
  questionId: Str,
  label: LabelOut,
  author: Author,
  body: Str,
  html: Str,
  sources: Type.Array(Str),
  sourcePostId: Nullable(Str),
  createdAt: Str,
});
export const Question = Type.Object({
  id: Str,
  caseId: Str,
  label: LabelOut,
  askedBy: Author,
  vendor: Str,
  body: Str,
  html: Str,
  status: Str,
  sourcePostId: Nullable(Str),
  votes: Type.Array(Type.Object({ orgId: Str, handle: Str })),
  answers: Type.Array(Answer),
  createdAt: Str,
  updatedAt: Str,
});

export type QuestionInput = Static<typeof QuestionInput>;
export type AnswerInput = Static<typeof AnswerInput>;
