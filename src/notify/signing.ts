import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-swimmy-signature';
export const TIMESTAMP_HEADER = 'x-swimmy-timestamp';
export const EVENT_ID_HEADER = 'x-swimmy-event-id';

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what receivers recompute with their shared secret. */
export const signBody = (secret: string, rawBody: string | Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;

/** Constant-time check of a signature header against the raw body (for receivers and tests). */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined) {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
