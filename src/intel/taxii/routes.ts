import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SIGNED_IN } from '../../platform/auth/access.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Principal } from '../../policy/index.ts';
import { loadSpaceAccess, requireSpaceRole } from '../../spaces/access.ts';
import { type Collection, collectionsFor, presentCollection } from './collections.ts';
import { registerTaxiiErrors, TaxiiError } from './errors.ts';
import { requireTaxiiAccept, STIX_MEDIA, sendTaxii, TAXII_MEDIA } from './media.ts';
import { applyFilters, collectionEntries, type Entry, type Filters, pageOf, versionOf } from './objects.ts';

const MAX_PAGE = 1000;
const tags = ['taxii'];
const Query = Type.Object(
  {
    added_after: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    next: Type.Optional(Type.String({ maxLength: 512 })),
    'match[type]': Type.Optional(Type.String({ maxLength: 1000 })),
    'match[id]': Type.Optional(Type.String({ maxLength: 5000 })),
    'match[version]': Type.Optional(Type.String({ maxLength: 1000 })),
    'match[spec_version]': Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
type Query = { added_after?: string; limit?: number; next?: string } & Record<
  string,
  string | number | undefined
>;
const CollParams = Type.Object({ collectionId: Type.String({ maxLength: 100 }) });
const ObjParams = Type.Object({
  collectionId: Type.String({ maxLength: 100 }),
  objectId: Type.String({ maxLength: 300 }),
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function filtersOf(q: Query): Filters {
  const list = (k: string) =>
    typeof q[k] === 'string' ? (q[k] as string).split(',').map((s) => s.trim()) : undefined;
  return {
    types: list('match[type]'),
    ids: list('match[id]'),
    version: q['match[version]'] as string | undefined,
    specVersion: q['match[spec_version]'] as string | undefined,
  };
}

/** The caller's collection, or 404; 403 when its org left the space (TAXII: no access). */
async function collectionOf(p: Platform, principal: Principal, id: string): Promise<Collection> {
  const found = (await collectionsFor(p, principal)).find((c) => c.id === id);
  if (found) return found;
  if (/^[0-9a-f-]{36}$/i.test(id)) {
    const access = await loadSpaceAccess(p.db, principal, id).catch(() => null);
    if (access?.endedOrgIds.length) requireSpaceRole(access, 'observer');
  }
  throw new TaxiiError(404, 'Not Found', 'No such collection (or not one you may read).');
}

async function entriesFor(p: Platform, req: FastifyRequest, id: string, q: Query) {
  const c = await collectionOf(p, req.principal, id);
  let after: Date | undefined;
  if (q.added_after !== undefined) {
    if (!TIMESTAMP.test(q.added_after) || Number.isNaN(Date.parse(q.added_after)))
      throw new TaxiiError(
        400,
        'Bad Request',
        'added_after must be a timestamp like 2026-01-01T00:00:00.000Z.',
      );
    after = new Date(q.added_after);
  }
  return applyFilters(await collectionEntries(p, req.principal, c, after), filtersOf(q));
}

function paged(entries: Entry[], q: Query) {
  const key =
    q.next === undefined ? undefined : (decodeCursor(q.next, ['string', 'string', 'number']) as Entry['key']);
  const page = pageOf(entries, Math.min(q.limit ?? 100, MAX_PAGE), key);
  const last = page.items.at(-1);
  return { ...page, next: page.more && last ? encodeCursor(last.key) : undefined };
}

const dateHeaders = (items: Entry[]) =>
  items.length
    ? { 'x-taxii-date-added-first': items[0]!.dateAdded, 'x-taxii-date-added-last': items.at(-1)!.dateAdded }
    : {};

/**
 * TAXII 2.1 (read-only): discovery, one API root, collections, objects, manifest, versions.
 * Authenticated like the API (Bearer API tokens; sessions too), filtered by the same policy.
 */
export const taxiiRoutes = (p: Platform) => async (app: FastifyInstance) => {
  registerTaxiiErrors(app);
  app.addHook('preHandler', async (req) => requireTaxiiAccept(req));
  const config = { access: SIGNED_IN };
  const base = (req: FastifyRequest) =>
    p.config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;

  // The UI's catch-all would otherwise answer unknown /taxii2 paths.
  app.all('/*', { config, schema: { hide: true } }, async () => {
    throw new TaxiiError(404, 'Not Found', 'No such TAXII resource.');
  });
  app.get('/', { config, schema: { tags, summary: 'TAXII 2.1 discovery' } }, async (req, reply) =>
    sendTaxii(reply, {
      title: 'Swimmy TAXII 2.1',
      description: 'Attack indicators shared in consortium spaces.',
      default: `${base(req)}/taxii2/api/`,
      api_roots: [`${base(req)}/taxii2/api/`],
    }),
  );
  app.get('/api/', { config, schema: { tags, summary: 'TAXII 2.1 API root' } }, async (_req, reply) =>
    sendTaxii(reply, {
      title: 'Swimmy indicators',
      versions: [TAXII_MEDIA],
      max_content_length: p.config.bodyLimit,
    }),
  );
  app.get(
    '/api/collections/',
    { config, schema: { tags, summary: 'Collections the caller may read' } },
    async (req, reply) => {
      const list = await collectionsFor(p, req.principal);
      return sendTaxii(reply, list.length ? { collections: list.map(presentCollection) } : {});
    },
  );
  app.get(
    '/api/collections/:collectionId/',
    { config, schema: { tags, summary: 'One collection', params: CollParams } },
    async (req, reply) =>
      sendTaxii(
        reply,
        presentCollection(
          await collectionOf(p, req.principal, (req.params as { collectionId: string }).collectionId),
        ),
      ),
  );
  app.get(
    '/api/collections/:collectionId/objects/',
    { config, schema: { tags, summary: 'Objects (paged)', params: CollParams, querystring: Query } },
    async (req, reply) => {
      const q = req.query as Query;
      const page = paged(
        await entriesFor(p, req, (req.params as { collectionId: string }).collectionId, q),
        q,
      );
      reply.headers(dateHeaders(page.items));
      return sendTaxii(reply, {
        more: page.more,
        ...(page.next ? { next: page.next } : {}),
        ...(page.items.length ? { objects: page.items.map((e) => e.object) } : {}),
      });
    },
  );
  app.post(
    '/api/collections/:collectionId/objects/',
    { config, schema: { tags, summary: 'Adding objects is not offered', params: CollParams } },
    async (req) => {
      await collectionOf(p, req.principal, (req.params as { collectionId: string }).collectionId);
      throw new TaxiiError(
        403,
        'Forbidden',
        'This collection is read-only (can_write is false): share indicators through Swimmy.',
      );
    },
  );
  app.get(
    '/api/collections/:collectionId/objects/:objectId/',
    { config, schema: { tags, summary: 'One object', params: ObjParams, querystring: Query } },
    async (req, reply) => {
      const { collectionId, objectId } = req.params as { collectionId: string; objectId: string };
      const q = req.query as Query;
      const found = (await entriesFor(p, req, collectionId, q)).filter((e) => e.object.id === objectId);
      if (!found.length) throw new TaxiiError(404, 'Not Found', 'No such object in this collection.');
      reply.headers(dateHeaders(found));
      return sendTaxii(reply, { more: false, objects: found.map((e) => e.object) });
    },
  );
  app.get(
    '/api/collections/:collectionId/objects/:objectId/versions/',
    { config, schema: { tags, summary: 'Versions of one object', params: ObjParams, querystring: Query } },
    async (req, reply) => {
      const { collectionId, objectId } = req.params as { collectionId: string; objectId: string };
      const found = (await entriesFor(p, req, collectionId, req.query as Query)).filter(
        (e) => e.object.id === objectId,
      );
      if (!found.length) throw new TaxiiError(404, 'Not Found', 'No such object in this collection.');
      reply.headers(dateHeaders(found));
      return sendTaxii(reply, { more: false, versions: found.map(versionOf) });
    },
  );
  app.get(
    '/api/collections/:collectionId/manifest/',
    { config, schema: { tags, summary: 'Manifest (paged)', params: CollParams, querystring: Query } },
    async (req, reply) => {
      const q = req.query as Query;
      const page = paged(
        await entriesFor(p, req, (req.params as { collectionId: string }).collectionId, q),
        q,
      );
      reply.headers(dateHeaders(page.items));
      const objects = page.items.map((e) => ({
        id: e.object.id,
        date_added: e.dateAdded,
        version: versionOf(e),
        media_type: STIX_MEDIA,
      }));
      return sendTaxii(reply, {
        more: page.more,
        ...(page.next ? { next: page.next } : {}),
        ...(objects.length ? { objects } : {}),
      });
    },
  );
};
