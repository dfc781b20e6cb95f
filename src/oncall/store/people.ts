import type { Queryable } from '../../platform/db/db.ts';
import type { OrgRole } from '../../policy/roles.ts';

export interface PersonRow {
  id: string;
  name: string;
  email: string;
}

/** Roles of the given users in the org (users who are not members are absent). */
export async function memberRoles(q: Queryable, orgId: string, userIds: readonly string[]) {
  if (!userIds.length) return new Map<string, OrgRole>();
  const rows = await q.query<{ user_id: string; role: OrgRole }>(
    `select m.user_id, m.role from memberships m join users u on u.id = m.user_id
     where m.org_id = $1 and m.user_id = any($2::uuid[]) and u.disabled_at is null`,
    [orgId, [...new Set(userIds)]],
  );
  return new Map(rows.map((r) => [r.user_id, r.role]));
}

export const orgOwners = async (q: Queryable, orgId: string) =>
  (
    await q.query<{ user_id: string }>(
      `select m.user_id from memberships m join users u on u.id = m.user_id
       where m.org_id = $1 and m.role = 'owner' and u.disabled_at is null order by m.created_at`,
      [orgId],
    )
  ).map((r) => r.user_id);

export const people = (q: Queryable, ids: readonly string[]) =>
  ids.length
    ? q.query<PersonRow>('select id, name, email from users where id = any($1::uuid[]) order by name, id', [
        [...new Set(ids)],
      ])
    : Promise.resolve([] as PersonRow[]);

export const orgsOfUser = async (q: Queryable, userId: string) =>
  (await q.query<{ org_id: string }>('select org_id from memberships where user_id = $1', [userId])).map(
    (r) => r.org_id,
  );
