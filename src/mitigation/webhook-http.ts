import { createHmac } from 'node:crypto';
import { type LookupAddress, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isInternal, parseIp } from './ip.ts';

/**
 * One signed webhook POST. Org admins choose webhook URLs, so the server must not become their
 * way into the operator's network: names are resolved here and only public addresses are
 * connected to (the check and the connection use the same answer, so DNS rebinding cannot
 * slip an internal address in between), redirects are not followed, and time and response
 * size are bounded.
 */
export interface PostResult {
  status: number;
  body: string;
}

export class WebhookRefusedError extends Error {}

/** `sha256=<hex>` HMAC of the exact body bytes, as sent in `x-swimmy-signature`. */
export const signature = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function guardedLookup(allowInternal: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    lookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const usable = addresses.filter((a) => {
        const ip = parseIp(a.address);
        return ip !== null && (allowInternal || !isInternal(ip));
      });
      if (!usable.length) {
        return callback(
          new WebhookRefusedError(`${hostname} resolves only to internal addresses; refused`),
          [],
        );
      }
      if (options.all) callback(null, usable);
      else callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

export function postJson(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  o: { timeoutMs: number; allowInternal: boolean; maxBytes: number; signal?: AbortSignal },
): Promise<PostResult> {
  const url = new URL(rawUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new WebhookRefusedError('only http and https webhooks'));
  }
  const literal = parseIp(url.hostname.replace(/^\[|\]$/g, ''));
  if (literal && isInternal(literal) && !o.allowInternal) {
    return Promise.reject(new WebhookRefusedError(`${url.hostname} is an internal address; refused`));
  }
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      lookup: guardedLookup(o.allowInternal) as never,
      agent: false,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    req.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < o.maxBytes) chunks.push(c.subarray(0, o.maxBytes - size));
        size += c.length;
      });
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.end(body);
  });
}
