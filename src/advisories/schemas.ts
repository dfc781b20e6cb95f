import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Str = Type.String();
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const TrackingParams = Type.Object(
  { orgId: Uuid, trackingId: Type.String({ minLength: 1, maxLength: 100 }) },
  strict,
);

/** Public text the publisher types: printable, no surrounding blanks (CSAF forbids them in ids). */
const Reference = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
    summary: Type.String({ minLength: 1, maxLength: 300 }),
  },
  strict,
);
const PreviewFields = {
  caseId: Uuid,
  title: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'Default: the current title, else the case title when the case is CLEAR',
    }),
  ),
  description: Type.Optional(Type.String({ maxLength: 4000, description: 'The summary note (public text)' })),
  references: Type.Optional(Type.Array(Reference, { maxItems: 20 })),
};
export const PreviewInput = Type.Object(
  {
    ...PreviewFields,
    summary: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  strict,
);
export const PublishInput = Type.Object(
  {
    ...PreviewFields,
    summary: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'What changed in this revision ("Update #n: …"); public text',
    }),
  },
  strict,
);
export const ListQuery = Type.Object({ caseId: Type.Optional(Uuid) }, strict);

export const Blocker = Type.Object({
  rowId: Str,
  layer: Str,
  cveId: Str,
  tlp: Str,
  reason: Type.Union([Type.Literal('row_not_clear'), Type.Literal('source_post_not_clear')]),
  sourcePostId: Nullable(Str),
  /** What to re-mark (PUT /api/v1/labels/{itemType}/{itemId} by its source, or a re-marking request). */
  remark: Type.Object({ itemType: Str, itemId: Str }),
  message: Str,
});
export const Preview = Type.Object({
  trackingId: Str,
  version: Type.Integer(),
  publishable: Type.Boolean(),
  blocking: Type.Array(Blocker),
  rowCount: Type.Integer(),
  embargoAt: Nullable(Str),
  /** The CSAF document exactly as it would be published (CLEAR rows only); null when none. */
  document: Nullable(Type.Unknown()),
});
export const Advisory = Type.Object({
  trackingId: Str,
  caseId: Nullable(Str),
  title: Str,
  version: Type.Integer(),
  initialReleaseDate: Str,
  currentReleaseDate: Str,
  url: Str,
  directoryUrl: Str,
});
export const RevisionOut = Type.Object({
  version: Type.Integer(),
  label: Str,
  summary: Str,
  publishedAt: Str,
  publishedBy: Nullable(Str),
  sha256: Str,
  url: Str,
});
export const Published = Type.Object({ advisory: Advisory, revision: RevisionOut });

export type PreviewInput = Static<typeof PreviewInput>;
export type PublishInput = Static<typeof PublishInput>;
