import type { OrgRole } from '../../policy/roles.ts';
import type { Queryable } from '../db/db.ts';

export interface SessionRow {
  user_id: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
  email: string;
  name: string;
  disabled_at: Date | null;
  orgs: Array<[string, OrgRole]>;
}

export interface TokenRow {
  id: string;
  org_id: string;
  role: OrgRole;
  created_by: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** One round trip per request: the session, its user and all memberships. */
export const findSession = (db: Queryable, idHash: string) =>
  db.one<SessionRow>(
    `select s.user_id, s.csrf_token, s.expires_at, s.last_seen_at, u.email, u.name, u.disabled_at,
            coalesce(json_agg(json_build_array(m.org_id, m.role)) filter (where m.org_id is not null), '[]') as orgs
       from sessions s
       join users u on u.id = s.user_id
       left join memberships m on m.user_id = s.user_id
      where s.id_hash = $1
      group by s.id_hash, u.id`,
    [idHash],
  );

export const touchSession = (db: Queryable, idHash: string) =>
  db.execute('update sessions set last_seen_at = now() where id_hash = $1', [idHash]);

export const findToken = (db: Queryable, tokenHash: string) =>
  db.one<TokenRow>(
    `select id, org_id, role, created_by, expires_at, revoked_at, last_used_at
       from api_tokens where token_hash = $1`,
    [tokenHash],
  );

export const touchToken = (db: Queryable, id: string) =>
  db.execute('update api_tokens set last_used_at = now() where id = $1', [id]);

export async function createSession(
  db: Queryable,
  s: { idHash: string; userId: string; csrfToken: string; ttlHours: number; ip?: string; userAgent?: string },
) {
  await db.execute(
    `insert into sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
     values ($1, $2, $3, now() + make_interval(hours => $4), $5, $6)`,
    [s.idHash, s.userId, s.csrfToken, s.ttlHours, s.ip ?? null, s.userAgent?.slice(0, 300) ?? null],
  );
}

export const deleteSession = (db: Queryable, idHash: string) =>
  db.execute('delete from sessions where id_hash = $1', [idHash]);

export const deleteUserSessions = (db: Queryable, userId: string) =>
  db.execute('delete from sessions where user_id = $1', [userId]);
