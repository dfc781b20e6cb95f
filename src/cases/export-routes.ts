import { Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { exportCase } from './export.ts';
import { exportToMarkdown } from './export-markdown.ts';
import { CaseParams } from './schemas.ts';

const ExportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('markdown'), Type.Literal('json')], { default: 'markdown' }),
    ),
  },
  { additionalProperties: false },
);

/** The label leads the file name so a saved export says what it is before anyone opens it. */
const fileName = (tlp: string, title: string, ext: string) =>
  `TLP-${tlp.replace('+', '-')}-${title.replace(/[^\w.-]+/g, '-').slice(0, 60)}.${ext}`;

export function exportRoutes(app: TypedApp, p: Platform) {
  app.get(
    '/cases/:caseId/export',
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ['cases'],
        summary: 'Download the case as you may see it (Markdown or JSON), labelled with its strictest TLP',
        params: CaseParams,
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const doc = await exportCase(p, req.principal, req.params.caseId);
      const json = req.query.format === 'json';
      const name = fileName(doc.tlp, doc.case.title, json ? 'json' : 'md');
      reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .header('x-tlp', doc.tlp)
        .type(json ? 'application/json; charset=utf-8' : 'text/markdown; charset=utf-8');
      return json ? JSON.stringify(doc) : exportToMarkdown(doc);
    },
  );
}
