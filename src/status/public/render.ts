import { createHash } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import { atomFeed, rssFeed } from './feeds.ts';
import { homePage } from './html-home.ts';
import { historyPage, incidentPage } from './html-incident.ts';
import { dateFormatter } from './html-kit.ts';
import { isUnresolved, type Snapshot } from './snapshot.ts';
import { statuspageDocuments } from './statuspage-json.ts';

/** A rendered public resource: its bytes and every header, computed once per change. */
export interface Resource {
  status: number;
  body: Buffer;
  etag: string;
  headers: Record<string, string>;
  /** The same resource gzip-compressed (compressed once per change, not per request). */
  gzip: { body: Buffer; etag: string; headers: Record<string, string> } | null;
}

/** Below this, compressing saves less than it costs. */
const GZIP_MIN_BYTES = 1024;

// Short enough that a change shows within seconds through proxies and browsers; the stale
// window lets caches keep answering while they revalidate during a spike.
const CACHE = {
  html: 'public, max-age=10, stale-while-revalidate=60',
  json: 'public, max-age=10, stale-while-revalidate=60',
  feed: 'public, max-age=60, stale-while-revalidate=300',
};
const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // No scripts at all; frames only from Swimmy itself (the console's preview).
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
};

export function resource(
  body: string,
  type: string,
  cacheControl: string,
  status = 200,
  extra: Record<string, string> = {},
): Resource {
  const bytes = Buffer.from(body, 'utf8');
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 32);
  const etag = `"${hash}"`;
  const headers = {
    'content-type': type,
    'content-length': String(bytes.length),
    etag,
    'cache-control': cacheControl,
    vary: 'Accept-Encoding',
    ...SECURITY,
    ...extra,
  };
  let gzip: Resource['gzip'] = null;
  if (bytes.length >= GZIP_MIN_BYTES) {
    const packed = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    // A strong ETag names one representation: the compressed bytes get their own.
    const gzEtag = `"${hash}-gz"`;
    gzip = {
      body: packed,
      etag: gzEtag,
      headers: {
        ...headers,
        'content-length': String(packed.length),
        'content-encoding': 'gzip',
        etag: gzEtag,
      },
    };
  }
  return { status, body: bytes, etag, headers, gzip };
}

const html = (body: string) => resource(body, 'text/html; charset=utf-8', CACHE.html);

/**
 * The HTML of a page as seen under `prefix` (`/status/<slug>`, or '' on its own host name):
 * home, history, and the pages of open and recent incidents; older incident pages are rendered
 * on first request from the same snapshot (`renderIncident`), so a change stays cheap.
 */
export function renderHtml(s: Snapshot, prefix: string): Map<string, Resource> {
  const dates = dateFormatter(s.page.time_zone);
  const out = new Map<string, Resource>();
  out.set('/', html(homePage(s, prefix, dates)));
  out.set('/history', html(historyPage(s, prefix, dates)));
  const eager = [
    ...s.incidents.filter((i, n) => n < EAGER_INCIDENT_PAGES || isUnresolved(i)),
    ...s.maintenances.filter((i, n) => n < EAGER_INCIDENT_PAGES || isUnresolved(i)),
  ];
  for (const i of eager) out.set(`/incidents/${i.id}`, html(incidentPage(s, i, prefix, dates)));
  return out;
}

const EAGER_INCIDENT_PAGES = 25;

/** One incident's page from the snapshot; undefined when the snapshot does not hold it. */
export function renderIncident(s: Snapshot, id: string, prefix: string): Resource | undefined {
  const i = s.incidents.find((x) => x.id === id) ?? s.maintenances.find((x) => x.id === id);
  return i && html(incidentPage(s, i, prefix, dateFormatter(s.page.time_zone)));
}

/** JSON API and feeds: the same bytes whatever the host name. */
export function renderData(s: Snapshot): Map<string, Resource> {
  const out = new Map<string, Resource>();
  // Statuspage's API is read by dashboards on other origins.
  const cors = { 'access-control-allow-origin': '*' };
  for (const [path, doc] of Object.entries(statuspageDocuments(s)))
    out.set(
      `/api/v2/${path}`,
      resource(JSON.stringify(doc), 'application/json; charset=utf-8', CACHE.json, 200, cors),
    );
  out.set(
    '/history.atom',
    resource(atomFeed(s), 'application/atom+xml; charset=utf-8', CACHE.feed, 200, cors),
  );
  out.set('/history.rss', resource(rssFeed(s), 'application/rss+xml; charset=utf-8', CACHE.feed, 200, cors));
  return out;
}

/** Every public resource of a page under `prefix`. */
export function renderAll(s: Snapshot, prefix: string, data = renderData(s)): Map<string, Resource> {
  const out = renderHtml(s, prefix);
  for (const [k, v] of data) out.set(k, v);
  return out;
}

export const NOT_FOUND = resource(
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Not found</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:10vh auto;padding:0 1rem}</style></head>
<body><main><h1>Not found</h1><p>There is no status page or incident at this address. Check the link, or ask the provider for its status page address.</p></main></body></html>
`,
  'text/html; charset=utf-8',
  'public, max-age=10',
  404,
);
