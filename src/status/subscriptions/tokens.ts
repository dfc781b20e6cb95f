import { createHmac, timingSafeEqual } from 'node:crypto';
import { serverSecret } from '../../notify/index.ts';
import type { Queryable } from '../../platform/db/db.ts';

/**
 * Signed links for subscribers (confirm, unsubscribe) and the subscribe form's anti-forgery
 * token. HMAC-SHA256 (truncated to 128 bits) under a server secret kept in the database, so
 * every process of a deployment agrees and nothing is stored per link. A link names a
 * subscriber row: once the row is gone (unsubscribed), its old links do nothing.
 */
const SECRET = 'status-subscriptions';
const MAC_BYTES = 16;
export const PURPOSES = { confirm: 1, unsubscribe: 2 } as const;
export type Purpose = keyof typeof PURPOSES;

/** Confirmation links work for two days; unsubscribe links for a year (every email has a fresh one). */
export const TTL_MS: Record<Purpose, number> = { confirm: 48 * 3_600_000, unsubscribe: 365 * 86_400_000 };
/** A rendered subscribe form may be sent for two hours. */
export const FORM_TTL_MS = 2 * 3_600_000;

const mac = (key: Buffer, ...parts: Buffer[]) => {
  const h = createHmac('sha256', key);
  for (const part of parts) h.update(part);
  return h.digest().subarray(0, MAC_BYTES);
};
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) =>
  b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const seconds = (ms: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(Math.max(0, Math.min(0xffffffff, Math.floor(ms / 1000))));
  return b;
};

export const keyOf = (db: Queryable) => serverSecret(db, SECRET);

/** purpose 1 byte, subscriber 16, expiry 4, HMAC 16 → 50 base64url characters. */
export function signLink(key: Buffer, purpose: Purpose, subscriberId: string, now = Date.now()): string {
  const body = Buffer.concat([
    Buffer.of(PURPOSES[purpose]),
    uuidBytes(subscriberId),
    seconds(now + TTL_MS[purpose]),
  ]);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

const LINK = /^[A-Za-z0-9_-]{50}$/;

/** The subscriber id of a well-signed, unexpired link for `purpose`; 'expired'; or null (forged, malformed). */
export function readLink(key: Buffer, purpose: Purpose, token: string, now = Date.now()) {
  if (!LINK.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 21 + MAC_BYTES) return null;
  const body = raw.subarray(0, 21);
  if (!timingSafeEqual(mac(key, body), raw.subarray(21))) return null;
  if (body[0] !== PURPOSES[purpose]) return null;
  if (body.readUInt32BE(17) * 1000 <= now) return 'expired' as const;
  return uuidText(body.subarray(1, 17));
}

/** The subscribe form's token: when it was rendered, for which page, signed (4 + 16 bytes). */
export function signForm(key: Buffer, pageId: string, now = Date.now()): string {
  const at = seconds(now);
  return Buffer.concat([at, mac(key, Buffer.from(`form:${pageId}:`), at)]).toString('base64url');
}

export function formTokenValid(key: Buffer, pageId: string, token: unknown, now = Date.now()): boolean {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{27}$/.test(token)) return false;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 4 + MAC_BYTES) return false;
  const at = raw.subarray(0, 4);
  if (!timingSafeEqual(mac(key, Buffer.from(`form:${pageId}:`), at), raw.subarray(4))) return false;
  const age = now - at.readUInt32BE(0) * 1000;
  return age >= -60_000 && age <= FORM_TTL_MS;
}
