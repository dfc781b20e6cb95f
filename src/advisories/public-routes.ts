import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../platform/platform.ts';
import { baseUrlOf, changesCsv, indexTxt, type ListedAdvisory, providerMetadata } from './directory.ts';
import { etagOf, type PublicCache, type PublicFile } from './public-cache.ts';
import * as store from './store.ts';

/**
 * Public, unauthenticated CSAF files under /advisories/:org/ (org handle):
 *   provider-metadata.json, index.txt, changes.csv           — the directory distribution
 *   <tracking-id>.json (+ .sha256, .sha512)                   — the latest revision, stable URL
 *   <year>/<tracking-id>.json (+ hashes)                      — the same bytes where §7.1.11 puts them
 *   <tracking-id>/versions/<n>.json                           — one revision, immutable
 * Served from memory with ETag/304; a miss costs one indexed query.
 */

const HANDLE = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
const FILE = /^([a-z0-9][a-z0-9-]{0,98}[a-z0-9])\.json(\.sha256|\.sha512)?$/;
const LIVE = 'public, max-age=60, stale-while-revalidate=600';
const IMMUTABLE = 'public, max-age=31536000, immutable';

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

const file = (body: string, type: string, cacheControl = LIVE, etag = etagOf(body)): PublicFile => ({
  status: 200,
  body,
  type,
  etag,
  cacheControl,
});
const NOT_FOUND: PublicFile = file(
  '{"error":{"code":"not_found","message":"No such advisory file."}}\n',
  JSON_TYPE,
  'public, max-age=10',
);
const notFound = { ...NOT_FOUND, status: 404 as const };

function send(req: FastifyRequest, reply: FastifyReply, f: PublicFile) {
  reply
    .status(f.status)
    .type(f.type)
    .header('cache-control', f.cacheControl)
    .header('etag', f.etag)
    .header('access-control-allow-origin', '*')
    .header('x-content-type-options', 'nosniff');
  const given = req.headers['if-none-match'];
  if (f.status === 200 && typeof given === 'string' && given.split(/\s*,\s*/).includes(f.etag))
    return reply.status(304).send();
  return reply.send(f.body);
}

async function loadDirectory(p: Platform, handle: string, what: 'meta' | 'index' | 'changes') {
  const rows = await store.publicDirectory(p.db, handle);
  const org = rows[0];
  if (!org) return notFound;
  if (org.kind !== 'provider') return notFound;
  const items: ListedAdvisory[] = rows
    .filter((r) => r.tracking_id && r.initial_release_date && r.current_release_date)
    .map((r) => ({
      trackingId: r.tracking_id!,
      initialReleaseDate: r.initial_release_date!,
      currentReleaseDate: r.current_release_date!,
    }));
  if (what === 'index') return file(indexTxt(items), TEXT_TYPE);
  if (what === 'changes') return file(changesCsv(items), 'text/csv; charset=utf-8');
  const lastUpdated = items[0]?.currentReleaseDate ?? new Date(0);
  const meta = providerMetadata(baseUrlOf(p.config), { handle, name: org.org_name }, lastUpdated);
  return file(`${JSON.stringify(meta, null, 2)}\n`, JSON_TYPE);
}

async function loadDocument(
  p: Platform,
  handle: string,
  name: string,
  o: { year?: string; version?: number },
): Promise<PublicFile> {
  const m = FILE.exec(name);
  if (!m) return notFound;
  const doc = await store.publicDocument(p.db, handle, m[1]!, o.version ?? null);
  if (!doc) return notFound;
  if (o.year && doc.initial_release_date.getUTCFullYear() !== Number(o.year)) return notFound;
  const cache = o.version ? IMMUTABLE : LIVE;
  if (m[2] === '.sha256') return file(`${doc.sha256}  ${m[1]}.json\n`, TEXT_TYPE, cache);
  if (m[2] === '.sha512') return file(`${doc.sha512}  ${m[1]}.json\n`, TEXT_TYPE, cache);
  return file(doc.document, JSON_TYPE, cache, `"${doc.sha256}"`);
}

type Params = { org: string; file?: string; year?: string; trackingId?: string; version?: string };

export const publicAdvisoryRoutes = (p: Platform, cache: PublicCache) => async (app: FastifyInstance) => {
  const serve =
    (load: (handle: string, params: Params) => Promise<PublicFile>, path: (params: Params) => string) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const params = req.params as Params;
      if (!HANDLE.test(params.org)) return send(req, reply, notFound);
      const f = await cache.get(params.org, path(params), () => load(params.org, params));
      return send(req, reply, f);
    };
  const opts = { schema: { hide: true } };

  for (const [name, what] of [
    ['provider-metadata.json', 'meta'],
    ['index.txt', 'index'],
    ['changes.csv', 'changes'],
  ] as const)
    app.get(
      `/advisories/:org/${name}`,
      opts,
      serve(
        (h) => loadDirectory(p, h, what),
        () => name,
      ),
    );
  app.get(
    '/advisories/:org/:file',
    opts,
    serve(
      (h, x) => loadDocument(p, h, x.file!, {}),
      (x) => x.file!,
    ),
  );
  app.get(
    '/advisories/:org/:year/:file',
    opts,
    serve(
      (h, x) =>
        /^\d{4}$/.test(x.year!) ? loadDocument(p, h, x.file!, { year: x.year }) : Promise.resolve(notFound),
      (x) => `${x.year}/${x.file}`,
    ),
  );
  app.get(
    '/advisories/:org/:trackingId/versions/:version',
    opts,
    serve(
      (h, x) => {
        const v = /^([1-9]\d{0,5})\.json$/.exec(x.version!);
        return v
          ? loadDocument(p, h, `${x.trackingId}.json`, { version: Number(v[1]) })
          : Promise.resolve(notFound);
      },
      (x) => `${x.trackingId}/versions/${x.version}`,
    ),
  );
};
