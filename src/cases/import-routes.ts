import { Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { applyImport, previewImport } from './import.ts';
import { LIMITS } from './import-types.ts';
import { Case, CaseParams, Post } from './schemas.ts';

const tags = ['cases'];
const access = { access: SIGNED_IN };
const strict = { additionalProperties: false } as const;
const Str = Type.String();
const Uuid = Type.String({ format: 'uuid' });

const SourceFields = {
  format: Type.Optional(
    Type.Union(
      ['auto', 'cve', 'osv'].map((f) => Type.Literal(f)),
      {
        description: 'cve (CVE JSON 5), osv, or auto (default): detected from the record',
      },
    ),
  ),
  record: Type.Optional(Type.Unknown({ description: 'The record as JSON' })),
  text: Type.Optional(
    Type.String({ maxLength: LIMITS.recordBytes, description: 'Or: the text of the record file, as pasted' }),
  ),
};
const ImportSourceInput = Type.Object(SourceFields, strict);
const ImportApplyInput = Type.Object(
  {
    ...SourceFields,
    addCveIds: Type.Optional(
      Type.Boolean({ description: "Add the record's CVE ids to the case (default true)" }),
    ),
    post: Type.Optional(Type.Boolean({ description: 'Post the details into the thread (default true)' })),
    tlp: Type.Optional(
      Type.String({ maxLength: 20, description: 'Label of the post (space default otherwise)' }),
    ),
    recipientOrgIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
    recipientUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    asOrgId: Type.Optional(Uuid),
  },
  strict,
);

const Imported = Type.Object({
  format: Type.Union([Type.Literal('cve'), Type.Literal('osv')]),
  sourceId: Str,
  title: Str,
  cveIds: Type.Array(Str),
  aliases: Type.Array(Str),
  description: Str,
  references: Type.Array(
    Type.Object({ url: Str, name: Type.Union([Str, Type.Null()]), tags: Type.Array(Str) }),
  ),
  affected: Type.Array(Str),
  problemTypes: Type.Array(Str),
  severity: Type.Array(
    Type.Object({
      type: Str,
      score: Type.Union([Type.Number(), Type.Null()]),
      vector: Type.Union([Str, Type.Null()]),
      severity: Type.Union([Str, Type.Null()]),
    }),
  ),
  published: Type.Union([Str, Type.Null()]),
  warnings: Type.Array(Str, { description: 'What was dropped or cut on the way' }),
});
const ImportPreview = Type.Object({
  ...Imported.properties,
  suggestedCase: Type.Object({ kind: Str, title: Str, cveIds: Type.Array(Str) }),
});
const ImportApplied = Type.Object({
  record: Imported,
  addedCveIds: Type.Array(Str),
  case: Case,
  post: Type.Union([Post, Type.Null()]),
});

const DESCRIPTION = `No network fetch: send the record you have. 400 names the JSON path of the first problem (also in error.details.path); 413 above ${LIMITS.recordBytes} bytes.`;

/** CVE JSON 5 / OSV import: a preview for a new case, or applied to an existing one. */
export function importRoutes(app: TypedApp, p: Platform) {
  app.post(
    '/imports/cve/preview',
    {
      config: access,
      schema: {
        tags,
        summary: 'Parse a CVE JSON 5 or OSV record into the fields of a new case',
        description: DESCRIPTION,
        body: ImportSourceInput,
        response: { 200: ImportPreview },
      },
    },
    async (req) => previewImport(req.body),
  );
  app.post(
    '/cases/:caseId/import',
    {
      config: access,
      schema: {
        tags,
        summary: 'Apply a CVE JSON 5 or OSV record to a case: its CVE ids, and a post with its details',
        description: DESCRIPTION,
        params: CaseParams,
        body: ImportApplyInput,
        response: { 200: ImportApplied },
      },
    },
    async (req) => applyImport(p, req.principal, req.params.caseId, req.body),
  );
}
