import type { Queryable } from '../platform/db/db.ts';
import type { OrgRole, SpaceRole, Tlp } from '../policy/index.ts';

export interface SpaceRow {
  id: string;
  name: string;
  description: string;
  default_tlp: Tlp;
  layers: string[];
  founding_org_id: string;
  founding_org_handle: string;
  founding_org_name: string;
  created_at: Date;
}
export interface SpaceOrgRow {
  org_id: string;
  handle: string;
  name: string;
  status: 'active' | 'left' | 'removed';
  joined_at: Date;
  ended_at: Date | null;
}
export interface PersonRow {
  user_id: string;
  name: string;
  email: string;
  org_id: string;
  org_handle: string;
  org_name: string;
  org_role: OrgRole;
  space_role: SpaceRole | null;
}

const SPACE_COLS = `s.id, s.name, s.description, s.default_tlp, s.layers, s.founding_org_id,
  fo.handle as founding_org_handle, fo.name as founding_org_name, s.created_at`;
const SPACE_FROM = 'spaces s join orgs fo on fo.id = s.founding_org_id';

export async function insertSpace(
  q: Queryable,
  s: { name: string; description: string; defaultTlp: Tlp; layers: string[]; orgId: string; userId: string },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into spaces (name, description, default_tlp, layers, founding_org_id, created_by)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [s.name, s.description, s.defaultTlp, s.layers, s.orgId, s.userId],
  );
  return row!.id;
}

export const findSpace = (q: Queryable, id: string) =>
  q.one<SpaceRow>(`select ${SPACE_COLS} from ${SPACE_FROM} where s.id = $1`, [id]);

/** Spaces any of `orgIds` is an active member of. */
export const spacesOfOrgs = (q: Queryable, orgIds: string[]) =>
  q.query<SpaceRow>(
    `select ${SPACE_COLS} from ${SPACE_FROM}
      where exists (select 1 from space_orgs so where so.space_id = s.id and so.status = 'active' and so.org_id = any($1::uuid[]))
      order by s.created_at desc, s.id`,
    [orgIds],
  );

export async function updateSpace(
  q: Queryable,
  id: string,
  patch: { name?: string; description?: string; defaultTlp?: Tlp; layers?: string[] },
) {
  await q.execute(
    `update spaces set name = coalesce($2, name), description = coalesce($3, description),
       default_tlp = coalesce($4, default_tlp), layers = coalesce($5, layers) where id = $1`,
    [id, patch.name ?? null, patch.description ?? null, patch.defaultTlp ?? null, patch.layers ?? null],
  );
}

export const activeOrgIds = async (q: Queryable, spaceId: string) =>
  (
    await q.query<{ org_id: string }>(
      `select org_id from space_orgs where space_id = $1 and status = 'active' order by org_id`,
      [spaceId],
    )
  ).map((r) => r.org_id);

export const spaceOrgStatus = (q: Queryable, spaceId: string, orgId: string) =>
  q.one<{ status: SpaceOrgRow['status'] }>(
    'select status from space_orgs where space_id = $1 and org_id = $2',
    [spaceId, orgId],
  );

export const listSpaceOrgs = (q: Queryable, spaceId: string) =>
  q.query<SpaceOrgRow>(
    `select so.org_id, o.handle, o.name, so.status, so.joined_at, so.ended_at
       from space_orgs so join orgs o on o.id = so.org_id where so.space_id = $1 order by o.handle`,
    [spaceId],
  );

/** Joins (or re-joins after leaving) an org. */
export const activateOrg = (q: Queryable, spaceId: string, orgId: string) =>
  q.execute(
    `insert into space_orgs (space_id, org_id, status) values ($1, $2, 'active')
     on conflict (space_id, org_id) do update set status = 'active', joined_at = now(), ended_at = null`,
    [spaceId, orgId],
  );

export const endOrg = (q: Queryable, spaceId: string, orgId: string, status: 'left' | 'removed') =>
  q.execute(
    `update space_orgs set status = $3, ended_at = now() where space_id = $1 and org_id = $2 and status = 'active'`,
    [spaceId, orgId, status],
  );

export const explicitRole = async (q: Queryable, spaceId: string, userId: string) =>
  (
    await q.one<{ role: SpaceRole }>(
      'select role from space_user_roles where space_id = $1 and user_id = $2',
      [spaceId, userId],
    )
  )?.role ?? null;

export const setRole = (q: Queryable, spaceId: string, userId: string, role: SpaceRole) =>
  q.execute(
    `insert into space_user_roles (space_id, user_id, role) values ($1, $2, $3)
     on conflict (space_id, user_id) do update set role = excluded.role`,
    [spaceId, userId, role],
  );

/** People of the space's active member orgs, one row per person × org. */
export const listPeople = (q: Queryable, spaceId: string) =>
  q.query<PersonRow>(
    `select u.id as user_id, u.name, u.email, o.id as org_id, o.handle as org_handle, o.name as org_name,
            m.role as org_role, r.role as space_role
       from space_orgs so
       join orgs o on o.id = so.org_id
       join memberships m on m.org_id = so.org_id
       join users u on u.id = m.user_id
       left join space_user_roles r on r.space_id = so.space_id and r.user_id = u.id
      where so.space_id = $1 and so.status = 'active' and u.disabled_at is null
      order by o.handle, u.email`,
    [spaceId],
  );

/** Of `userIds`, those who belong to an active member org of the space. */
export const usersInSpace = async (q: Queryable, spaceId: string, userIds: readonly string[]) =>
  new Set(
    (
      await q.query<{ user_id: string }>(
        `select distinct m.user_id from memberships m
           join space_orgs so on so.org_id = m.org_id and so.space_id = $1 and so.status = 'active'
          where m.user_id = any($2::uuid[])`,
        [spaceId, [...userIds]],
      )
    ).map((r) => r.user_id),
  );

export const findOrgByHandle = (q: Queryable, handle: string) =>
  q.one<{ id: string; handle: string; name: string }>('select id, handle, name from orgs where handle = $1', [
    handle,
  ]);

/** A person `local@orgHandle` (email local part) in an active member org of the space. */
export const findMentionedUser = (q: Queryable, spaceId: string, local: string, orgHandle: string) =>
  q.one<{ id: string }>(
    `select u.id from users u
       join memberships m on m.user_id = u.id
       join orgs o on o.id = m.org_id
       join space_orgs so on so.org_id = o.id and so.space_id = $1 and so.status = 'active'
      where o.handle = $2 and split_part(u.email, '@', 1) = lower($3) and u.disabled_at is null
      order by u.created_at limit 1`,
    [spaceId, orgHandle, local],
  );

/** An active member org of the space by handle. */
export const findMemberOrgByHandle = (q: Queryable, spaceId: string, handle: string) =>
  q.one<{ id: string }>(
    `select o.id from orgs o join space_orgs so on so.org_id = o.id and so.space_id = $1 and so.status = 'active'
      where o.handle = $2`,
    [spaceId, handle],
  );
