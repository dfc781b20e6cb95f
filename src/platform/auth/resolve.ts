import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../../policy/principal.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/errors.ts';
import type { CredentialCache } from './cache.ts';
import { API_TOKEN_PREFIX, sha256 } from './secrets.ts';
import { findSession, findToken, touchSession, touchToken } from './store.ts';

export const SESSION_COOKIE = 'swimmy_session';

// last_seen / last_used are refreshed at most this often, so reads stay reads.
const TOUCH_EVERY_MS = 60_000;

export interface ResolveOptions {
  sessionIdleHours: number;
  cache: CredentialCache;
}

/**
 * Who sent this request: an API token (Authorization: Bearer), a session cookie, or nobody.
 * Bad credentials are errors even on public routes: a client that sends a revoked token
 * should learn so rather than silently be treated as anonymous.
 */
export async function resolvePrincipal(
  db: Db,
  req: FastifyRequest,
  opts: ResolveOptions,
): Promise<Principal> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]?.startsWith(API_TOKEN_PREFIX))
      throw new AppError('token_invalid', 'Use "Authorization: Bearer swm_…".');
    const hash = sha256(m[1]);
    let row = opts.cache.token(hash);
    if (!row) {
      row = await findToken(db, hash);
      if (!row) throw new AppError('token_invalid');
      opts.cache.putToken(hash, row);
    }
    if (row.revoked_at) throw new AppError('token_revoked');
    if (row.expires_at && row.expires_at.getTime() <= Date.now()) throw new AppError('token_expired');
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      row.last_used_at = new Date();
      touchToken(db, row.id).catch((err) => req.log.warn({ err }, 'could not record token use'));
    }
    return {
      kind: 'token',
      tokenId: row.id,
      userId: row.created_by,
      orgs: new Map([[row.org_id, row.role]]),
    };
  }

  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return ANONYMOUS;
  const idHash = sha256(cookie);
  let row = opts.cache.session(idHash);
  if (!row) {
    row = await findSession(db, idHash);
    if (row) opts.cache.putSession(idHash, row);
  }
  const now = Date.now();
  if (
    !row ||
    row.disabled_at ||
    row.expires_at.getTime() <= now ||
    now - row.last_seen_at.getTime() > opts.sessionIdleHours * 3_600_000
  ) {
    throw new AppError('session_expired');
  }
  if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    row.last_seen_at = new Date(now);
    touchSession(db, idHash).catch((err) => req.log.warn({ err }, 'could not refresh session'));
  }
  return {
    kind: 'user',
    userId: row.user_id,
    email: row.email,
    name: row.name,
    sessionId: idHash,
    csrfToken: row.csrf_token,
    orgs: new Map(row.orgs),
  };
}
