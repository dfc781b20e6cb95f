import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup } from './ssrf.ts';
import type { AttemptResult } from './types.ts';

export interface PostOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  isAllowed: (address: string) => boolean;
  /** Longest Retry-After honoured. */
  maxRetryAfterMs: number;
  signal?: AbortSignal;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/**
 * POSTs a JSON body and classifies the outcome: 2xx delivered; 408/425/429/5xx and network
 * errors retryable (with Retry-After when given); other statuses and refused addresses final.
 * Redirects are not followed (they would bypass the address check).
 */
export function postJson(o: PostOptions): Promise<AttemptResult> {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    return Promise.resolve({ ok: false, retryable: false, error: 'invalid URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve({ ok: false, retryable: false, error: `unsupported scheme ${url.protocol}` });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Literal addresses skip DNS (and so the guarded lookup): check them here.
  if (isIP(host) && !o.isAllowed(host)) {
    return Promise.resolve({
      ok: false,
      retryable: false,
      error: `address ${host} may not be reached by webhooks`,
    });
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) },
        lookup: guardedLookup(o.isAllowed) as never,
        timeout: o.timeoutMs,
        ...(o.signal ? { signal: o.signal } : {}),
      },
      (res) => {
        res.resume(); // the body is not needed; drain it so the socket is freed
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve({ ok: true, info: `HTTP ${status}` });
        const retryable = status >= 500 || RETRYABLE_STATUS.has(status);
        const header = res.headers['retry-after'];
        const after = parseRetryAfter(Array.isArray(header) ? header[0] : header);
        resolve({
          ok: false,
          retryable,
          error: `HTTP ${status}`,
          ...(after !== undefined ? { retryAfterMs: Math.min(after, o.maxRetryAfterMs) } : {}),
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ ok: false, retryable: err.code !== 'EBLOCKED', error: err.message }),
    );
    req.end(o.body);
  });
}
