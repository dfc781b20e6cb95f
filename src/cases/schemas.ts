import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();

/** Labels are plain strings here: the policy module checks the exact spelling with a clear message. */
const LabelFields = {
  tlp: Type.Optional(Type.String({ maxLength: 20, description: 'CLEAR, GREEN, AMBER, AMBER+STRICT or RED' })),
  recipientOrgIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, description: 'AMBER, AMBER+STRICT' })),
  recipientUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'RED' })),
  asOrgId: Type.Optional(Uuid),
};
export const LabelInput = Type.Object(
  {
    tlp: Type.String({ maxLength: 20 }),
    recipientOrgIds: LabelFields.recipientOrgIds,
    recipientUserIds: LabelFields.recipientUserIds,
  },
  strict,
);

export const Body = Type.String({ minLength: 1, maxLength: 65_536 });
export const CaseParams = Type.Object({ caseId: Uuid }, strict);
export const SpaceParams = Type.Object({ spaceId: Uuid }, strict);
export const PostParams = Type.Object({ postId: Uuid }, strict);
export const IdParams = Type.Object({ id: Uuid }, strict);
export const ItemParams = Type.Object(
  {
    itemType: Type.Union(
      ['post', 'attachment', 'status', 'matrix_row', 'question', 'answer'].map((t) => Type.Literal(t)),
    ),
    itemId: Uuid,
  },
  strict,
);

export const CaseInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('vulnerability'), Type.Literal('incident')]),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    cveIds: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 })),
    layers: Type.Optional(Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 })),
    embargoAt: Type.Optional(
      Nullable(Type.String({ maxLength: 40, description: 'UTC, ISO 8601 with Z or offset' })),
    ),
    tlp: Type.Optional(Type.String({ maxLength: 20, description: 'CLEAR or GREEN (the case itself)' })),
    asOrgId: Type.Optional(Uuid),
  },
  strict,
);
export const CasePatch = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    cveIds: CaseInput.properties.cveIds,
    layers: CaseInput.properties.layers,
    embargoAt: CaseInput.properties.embargoAt,
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('monitoring'), Type.Literal('closed')]),
    ),
    tlp: CaseInput.properties.tlp,
  },
  strict,
);
export const CaseListQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('monitoring'), Type.Literal('closed')]),
    ),
  },
  strict,
);

export const PostInput = Type.Object(
  { body: Body, replyTo: Type.Optional(Uuid), quote: Type.Optional(Type.Boolean()), ...LabelFields },
  strict,
);
export const PostPatch = Type.Object(
  {
    body: Type.Optional(Body),
    tlp: LabelFields.tlp,
    recipientOrgIds: LabelFields.recipientOrgIds,
    recipientUserIds: LabelFields.recipientUserIds,
  },
  strict,
);
export const PostListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  strict,
);
export const StatusInput = Type.Object({ body: Body, ...LabelFields }, strict);
export const AttachmentInput = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000-\\u001f]+$' }),
    contentType: Type.Optional(Type.String({ maxLength: 200, pattern: '^[\\w.+-]+/[\\w.+-]+$' })),
    contentBase64: Type.String({ minLength: 0 }),
    postId: Type.Optional(Uuid),
    ...LabelFields,
  },
  strict,
);
export const ReadInput = Type.Object({ seq: Type.Optional(Type.Integer({ minimum: 0 })) }, strict);

export const Label = Type.Object({
  tlp: Str,
  org: Type.Object({ id: Str, handle: Str, name: Str }),
  recipientOrgIds: Type.Array(Str),
  recipientUserIds: Type.Array(Str),
});
const Author = Nullable(Type.Object({ id: Str, name: Str }));

export const Case = Type.Object({
  id: Str,
  spaceId: Str,
  kind: Str,
  title: Str,
  cveIds: Type.Array(Str),
  layers: Type.Array(Str),
  embargoAt: Nullable(Str),
  state: Str,
  tlp: Str,
  org: Label.properties.org,
  author: Author,
  createdAt: Str,
  updatedAt: Str,
  unread: Type.Optional(Type.Integer()),
  lastReadSeq: Type.Optional(
    Type.Integer({ description: 'Your unread marker: the newest post seq you have read (0: none yet)' }),
  ),
});
export const Post = Type.Object({
  id: Str,
  seq: Type.Integer(),
  caseId: Str,
  label: Label,
  author: Author,
  body: Str,
  html: Str,
  mentions: Type.Array(Type.Object({ text: Str, kind: Str, id: Str })),
  replyTo: Nullable(
    Type.Object({ id: Str, preview: Nullable(Str), tlp: Nullable(Str), quoted: Type.Boolean() }),
  ),
  revision: Type.Integer(),
  createdAt: Str,
  editedAt: Nullable(Str),
});
export const Revision = Type.Object({
  revision: Type.Integer(),
  label: Label,
  author: Author,
  body: Str,
  html: Str,
  createdAt: Str,
});
export const Status = Type.Object({
  id: Str,
  caseId: Str,
  label: Label,
  author: Author,
  body: Str,
  html: Str,
  createdAt: Str,
});
export const Attachment = Type.Object({
  id: Str,
  caseId: Str,
  postId: Nullable(Str),
  label: Label,
  author: Author,
  filename: Str,
  contentType: Str,
  size: Type.Integer(),
  sha256: Str,
  createdAt: Str,
});
export const UnreadCount = Type.Object({ caseId: Str, unread: Type.Integer() });

export type CaseInput = Static<typeof CaseInput>;
export type CasePatch = Static<typeof CasePatch>;
export type PostInput = Static<typeof PostInput>;
export type PostPatch = Static<typeof PostPatch>;
export type StatusInput = Static<typeof StatusInput>;
export type AttachmentInput = Static<typeof AttachmentInput>;
export type Case = Static<typeof Case>;
export type Post = Static<typeof Post>;
export type Label = Static<typeof Label>;
export type LabelFieldsInput = {
  tlp?: string;
  recipientOrgIds?: string[];
  recipientUserIds?: string[];
  asOrgId?: string;
};
