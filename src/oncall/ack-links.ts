import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { serverSecret } from '../notify/index.ts';
import type { Queryable } from '../platform/db/db.ts';

/**
 * One-click acknowledge links: the incident, the paged user, an expiry and a random id, with
 * an HMAC. The key is a server secret kept in the database (generated on first use).
 * A link works once: its id is recorded when used.
 */
export interface AckClaims {
  incidentId: string;
  userId: string;
  /** Expiry, epoch seconds. */
  exp: number;
  jti: string;
}

const SECRET = 'oncall-ack-links';
const MAC_BYTES = 16;
const mac = (key: Buffer, body: Buffer) =>
  createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidText = (b: Buffer) =>
  b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** Packed (links must stay short): incident 16 bytes, user 16, expiry 4, random id 9, then a 128-bit HMAC. */
export async function createAckToken(
  db: Queryable,
  c: { incidentId: string; userId: string; orgId?: string },
  ttlMs: number,
) {
  return (await ackSigner(db))(c, ttlMs);
}

export type AckSigner = (c: { incidentId: string; userId: string }, ttlMs: number) => string;

/** Signs links without a database round trip each (a batch of pages signs many). */
export async function ackSigner(db: Queryable): Promise<AckSigner> {
  const key = await serverSecret(db, SECRET);
  return (c, ttlMs) => {
    const exp = Buffer.alloc(4);
    exp.writeUInt32BE(Math.max(0, Math.floor((Date.now() + ttlMs) / 1000)));
    const body = Buffer.concat([uuidBytes(c.incidentId), uuidBytes(c.userId), exp, randomBytes(9)]);
    return Buffer.concat([body, mac(key, body)]).toString('base64url');
  };
}

/** The claims of a well-signed token, 'expired', or null when forged or malformed. */
export async function verifyAckToken(db: Queryable, token: string): Promise<AckClaims | 'expired' | null> {
  if (!/^[A-Za-z0-9_-]{82}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 45 + MAC_BYTES) return null;
  const body = raw.subarray(0, 45);
  const expected = mac(await serverSecret(db, SECRET), body);
  if (!timingSafeEqual(expected, raw.subarray(45))) return null;
  const claims: AckClaims = {
    incidentId: uuidText(body.subarray(0, 16)),
    userId: uuidText(body.subarray(16, 32)),
    exp: body.readUInt32BE(32),
    jti: body.subarray(36, 45).toString('base64url'),
  };
  return claims.exp * 1000 <= Date.now() ? 'expired' : claims;
}

/** Marks a link used; false when it already was (inside the acknowledging transaction). */
export async function consumeAckToken(q: Queryable, c: AckClaims): Promise<boolean> {
  const row = await q.one<{ jti: string }>(
    `insert into oncall_ack_links_used (jti, incident_id, user_id, expires_at) values ($1, $2, $3, to_timestamp($4))
     on conflict (jti) do nothing returning jti`,
    [c.jti, c.incidentId, c.userId, c.exp],
  );
  return !!row;
}

export async function isAckTokenUsed(q: Queryable, jti: string) {
  return !!(await q.one('select 1 from oncall_ack_links_used where jti = $1', [jti]));
}
