import type { Queryable } from '../platform/db/db.ts';
import type { OrgRole } from '../policy/roles.ts';

export interface OrgRow {
  id: string;
  handle: string;
  name: string;
  kind: 'provider' | 'customer';
  created_at: Date;
}
export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  disabled_at: Date | null;
}
export interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: OrgRole;
  created_at: Date;
}
export interface TokenRow {
  id: string;
  name: string;
  role: OrgRole;
  prefix: string;
  created_at: Date;
  created_by: string | null;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}
export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  actor_token_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const ORG_COLS = 'id, handle, name, kind, created_at';

export const countOrgs = async (q: Queryable) =>
  (await q.one<{ n: number }>('select count(*)::int as n from orgs'))?.n ?? 0;

export const insertOrg = (q: Queryable, o: { name: string; handle: string; kind?: string }) =>
  q.one<OrgRow>(`insert into orgs (name, handle, kind) values ($1, $2, $3) returning ${ORG_COLS}`, [
    o.name,
    o.handle,
    o.kind ?? 'provider',
  ]) as Promise<OrgRow>;

export const findOrg = (q: Queryable, id: string) =>
  q.one<OrgRow>(`select ${ORG_COLS} from orgs where id = $1`, [id]);
export const findOrgByHandle = (q: Queryable, handle: string) =>
  q.one<OrgRow>(`select ${ORG_COLS} from orgs where handle = $1`, [handle]);

export const renameOrg = (q: Queryable, id: string, name: string) =>
  q.one<OrgRow>(`update orgs set name = $2 where id = $1 returning ${ORG_COLS}`, [id, name]);

export const orgsOfUser = (q: Queryable, userId: string) =>
  q.query<OrgRow & { role: OrgRole }>(
    `select o.id, o.handle, o.name, o.kind, o.created_at, m.role
       from memberships m join orgs o on o.id = m.org_id where m.user_id = $1 order by o.name, o.id`,
    [userId],
  );

export const insertUser = (q: Queryable, u: { email: string; name: string; passwordHash: string }) =>
  q.one<UserRow>(
    'insert into users (email, name, password_hash) values ($1, $2, $3) returning id, email, name, password_hash, disabled_at',
    [u.email, u.name, u.passwordHash],
  ) as Promise<UserRow>;

export const findUserByEmail = (q: Queryable, email: string) =>
  q.one<UserRow>('select id, email, name, password_hash, disabled_at from users where email = $1', [email]);
export const findUser = (q: Queryable, id: string) =>
  q.one<UserRow>('select id, email, name, password_hash, disabled_at from users where id = $1', [id]);

export const setPasswordHash = (q: Queryable, userId: string, hash: string) =>
  q.execute('update users set password_hash = $2 where id = $1', [userId, hash]);

const MEMBER_SELECT = `select m.user_id, u.email, u.name, m.role, m.created_at
  from memberships m join users u on u.id = m.user_id`;

export const listMembers = (q: Queryable, orgId: string, after: string | undefined, limit: number) =>
  q.query<MemberRow>(
    `${MEMBER_SELECT} where m.org_id = $1 and ($2::text is null or u.email > $2) order by u.email limit $3`,
    [orgId, after ?? null, limit],
  );

export const findMember = (q: Queryable, orgId: string, userId: string) =>
  q.one<MemberRow>(`${MEMBER_SELECT} where m.org_id = $1 and m.user_id = $2`, [orgId, userId]);

export const insertMembership = (q: Queryable, orgId: string, userId: string, role: OrgRole) =>
  q.execute('insert into memberships (org_id, user_id, role) values ($1, $2, $3)', [orgId, userId, role]);
export const updateMembership = (q: Queryable, orgId: string, userId: string, role: OrgRole) =>
  q.execute('update memberships set role = $3 where org_id = $1 and user_id = $2', [orgId, userId, role]);
export const deleteMembership = (q: Queryable, orgId: string, userId: string) =>
  q.execute('delete from memberships where org_id = $1 and user_id = $2', [orgId, userId]);

/** Locks the org's owner rows so two concurrent demotions cannot both pass the last-owner check. */
export const lockOwners = async (q: Queryable, orgId: string) =>
  (
    await q.query<{ user_id: string }>(
      `select user_id from memberships where org_id = $1 and role = 'owner' for update`,
      [orgId],
    )
  ).map((r) => r.user_id);

const TOKEN_COLS = 'id, name, role, prefix, created_at, created_by, last_used_at, expires_at, revoked_at';

export const insertToken = (
  q: Queryable,
  t: {
    orgId: string;
    name: string;
    role: OrgRole;
    hash: string;
    prefix: string;
    createdBy: string | null;
    expiresInDays?: number;
  },
) =>
  q.one<TokenRow>(
    `insert into api_tokens (org_id, name, role, token_hash, prefix, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, case when $7::int is null then null else now() + make_interval(days => $7::int) end)
     returning ${TOKEN_COLS}`,
    [t.orgId, t.name, t.role, t.hash, t.prefix, t.createdBy, t.expiresInDays ?? null],
  ) as Promise<TokenRow>;

export const listTokens = (q: Queryable, orgId: string, after: [string, string] | undefined, limit: number) =>
  q.query<TokenRow>(
    `select ${TOKEN_COLS} from api_tokens where org_id = $1
       and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
     order by created_at desc, id desc limit $4`,
    [orgId, after?.[0] ?? null, after?.[1] ?? null, limit],
  );

export const revokeToken = (q: Queryable, orgId: string, tokenId: string) =>
  q.one<TokenRow>(
    `update api_tokens set revoked_at = coalesce(revoked_at, now()) where org_id = $1 and id = $2 returning ${TOKEN_COLS}`,
    [orgId, tokenId],
  );

export const listAudit = (q: Queryable, orgId: string, beforeId: number | undefined, limit: number) =>
  q.query<AuditRow>(
    `select a.id, a.at, a.action, a.actor_user_id, u.email as actor_email, u.name as actor_name, a.actor_token_id,
            a.target_type, a.target_id, a.ip, a.details
       from audit_log a left join users u on u.id = a.actor_user_id
      where a.org_id = $1 and ($2::bigint is null or a.id < $2) order by a.id desc limit $3`,
    [orgId, beforeId ?? null, limit],
  );
