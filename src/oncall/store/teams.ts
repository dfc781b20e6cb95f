import type { Queryable } from '../../platform/db/db.ts';

export interface TeamRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  schedule_id: string | null;
  /** In the order they were given. */
  member_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export interface TeamValues {
  name: string;
  description: string;
  scheduleId: string | null;
  memberIds: string[];
}

const SELECT = `select t.id, t.org_id, t.name, t.description, t.schedule_id, t.created_at, t.updated_at,
    coalesce((select array_agg(m.user_id::text order by m.position) from oncall_team_members m
      where m.team_id = t.id), '{}') as member_ids
  from oncall_teams t`;

async function setMembers(q: Queryable, teamId: string, memberIds: readonly string[]) {
  await q.execute('delete from oncall_team_members where team_id = $1', [teamId]);
  await q.execute(
    `insert into oncall_team_members (team_id, user_id, position)
     select $1, m.id, m.n from unnest($2::uuid[]) with ordinality as m(id, n)`,
    [teamId, memberIds],
  );
}

export async function insertTeam(q: Queryable, orgId: string, v: TeamValues) {
  const row = await q.one<{ id: string }>(
    `insert into oncall_teams (org_id, name, description, schedule_id) values ($1, $2, $3, $4) returning id`,
    [orgId, v.name, v.description, v.scheduleId],
  );
  await setMembers(q, row!.id, v.memberIds);
  return (await findTeam(q, orgId, row!.id))!;
}

export async function updateTeam(q: Queryable, orgId: string, id: string, v: TeamValues) {
  const n = await q.execute(
    `update oncall_teams set name = $3, description = $4, schedule_id = $5, updated_at = now()
     where org_id = $1 and id = $2`,
    [orgId, id, v.name, v.description, v.scheduleId],
  );
  if (!n) return undefined;
  await setMembers(q, id, v.memberIds);
  return findTeam(q, orgId, id);
}

export const findTeam = (q: Queryable, orgId: string, id: string) =>
  q.one<TeamRow>(`${SELECT} where t.org_id = $1 and t.id = $2`, [orgId, id]);

export const listTeams = (q: Queryable, orgId: string) =>
  q.query<TeamRow>(`${SELECT} where t.org_id = $1 order by lower(t.name), t.id`, [orgId]);

export const deleteTeam = (q: Queryable, orgId: string, id: string) =>
  q.execute('delete from oncall_teams where org_id = $1 and id = $2', [orgId, id]);

export const teamNameTaken = async (q: Queryable, orgId: string, name: string, exceptId: string | null) =>
  !!(await q.one(
    'select 1 from oncall_teams where org_id = $1 and lower(name) = lower($2) and id is distinct from $3',
    [orgId, name, exceptId],
  ));

/** What paging needs of a team: its schedule and its members (the step drops non-members). */
export const findTeamForPaging = (q: Queryable, orgId: string, id: string) =>
  q.one<{ schedule_id: string | null; member_ids: string[] }>(
    `select t.schedule_id, coalesce((select array_agg(m.user_id::text order by m.position)
       from oncall_team_members m where m.team_id = t.id), '{}') as member_ids
     from oncall_teams t where t.org_id = $1 and t.id = $2`,
    [orgId, id],
  );

/** Names of the policies whose levels target the team. */
export const policiesUsingTeam = async (q: Queryable, orgId: string, teamId: string) =>
  (
    await q.query<{ name: string }>(
      `select name from oncall_policies p where org_id = $1 and exists (
         select 1 from jsonb_array_elements(p.levels) l, jsonb_array_elements(l->'targets') t
         where t->>'teamId' = $2)`,
      [orgId, teamId],
    )
  ).map((r) => r.name);
