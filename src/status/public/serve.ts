import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOT_FOUND, type Resource } from './render.ts';
import type { PublicSite } from './site.ts';

const PREFIX = '/status/';
const SLUG = /^[a-z0-9-]{1,50}$/;
const NOT_ALLOWED = { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' };
/** Subscription forms and links carry per-request tokens: the app answers them (subscriptions/). */
const DYNAMIC = /^\/(subscribe|unsubscribe)(\/|$)/;

/** Where a request points: a page (by slug or host name) and the path inside it; null: not ours. */
export function route(site: PublicSite, url: string, hostHeader: string | undefined) {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  const host = hostHeader ? hostHeader.toLowerCase().replace(/:\d+$/, '') : '';
  if (host && site.isCustomHost(host)) return { key: host, path: normalise(path), bySlug: false };
  if (!path.startsWith(PREFIX)) return null;
  path = path.slice(PREFIX.length);
  const slash = path.indexOf('/');
  const slug = slash < 0 ? path : path.slice(0, slash);
  return {
    key: SLUG.test(slug) ? slug : '',
    path: normalise(slash < 0 ? '/' : path.slice(slash)),
    bySlug: true,
  };
}

const normalise = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path || '/');

/** If-None-Match (weak comparison, as RFC 9110 asks of GET): any listed tag or `*`. */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/** gzip unless the client did not ask for it (or refused it with q=0). */
const wantsGzip = (header: string | string[] | undefined) =>
  typeof header === 'string' && /\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))/.test(header);

function write(req: IncomingMessage, res: ServerResponse, r: Resource) {
  const v = r.gzip && wantsGzip(req.headers['accept-encoding']) ? r.gzip : r;
  if (r.status === 200 && notModified(req.headers['if-none-match'], v.etag)) {
    res.writeHead(304, {
      etag: v.etag,
      'cache-control': v.headers['cache-control']!,
      vary: 'Accept-Encoding',
    });
    res.end();
    return;
  }
  res.writeHead(r.status, v.headers);
  res.end(req.method === 'HEAD' ? undefined : v.body);
}

/**
 * Answers a public status request from memory, or returns false when the request is not one.
 * Kept free of framework work: one map lookup and one write for a warm page. On a page's own
 * host name only the page's paths are answered; anything else goes on to the app, so a host
 * name claimed by a page can never hide the console or the API.
 */
export function serveStatus(
  site: PublicSite,
  req: IncomingMessage,
  res: ServerResponse,
): boolean | Promise<boolean> {
  const target = route(site, req.url ?? '/', req.headers.host);
  if (!target || DYNAMIC.test(target.path)) return false;
  const read = req.method === 'GET' || req.method === 'HEAD';
  if (!read && !target.bySlug) return false;
  if (!read) {
    res.writeHead(405, NOT_ALLOWED);
    res.end('Status pages are read-only: use GET.\n');
    return true;
  }
  const answer = (r: Resource | undefined) => {
    if (!r && !target.bySlug) return false;
    write(req, res, r ?? NOT_FOUND);
    return true;
  };
  const found = target.key ? site.lookup(target.key, target.path, target.bySlug) : undefined;
  return found instanceof Promise ? found.then(answer) : answer(found);
}
