import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { Problems } from './problems.ts';
import { nonResponders, notResponders } from './schedules.ts';
import type { TeamInput } from './schemas.ts';
import { people } from './store/people.ts';
import * as store from './store/teams.ts';

/** Checks a team: a unique name in the org, responders as members, a schedule of the org. */
async function validate(
  p: Platform,
  orgId: string,
  input: TeamInput,
  id: string | null,
): Promise<store.TeamValues> {
  const problems = new Problems();
  const name = input.name.trim();
  if (!name) problems.add('name', 'the name may not be blank');
  else if (await store.teamNameTaken(p.db, orgId, name, id))
    problems.add('name', `a team named "${name}" exists already in this organisation`);
  const seen = new Set<string>();
  input.members.forEach((m, i) => {
    if (seen.has(m)) problems.add(`members[${i}]`, 'names the same person twice');
    seen.add(m);
  });
  const bad = [...(await nonResponders(p.db, orgId, [...seen]))];
  if (bad.length) problems.add('members', notResponders(bad));
  const scheduleId = input.scheduleId ?? null;
  if (
    scheduleId &&
    !(await p.db.one('select 1 from oncall_schedules where org_id = $1 and id = $2', [orgId, scheduleId]))
  )
    problems.add('scheduleId', `no such schedule in this organisation: ${scheduleId}`);
  problems.check();
  return { name, description: input.description ?? '', scheduleId, memberIds: [...seen] };
}

async function present(p: Platform, r: store.TeamRow) {
  const byId = new Map((await people(p.db, r.member_ids)).map((u) => [u.id, u]));
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    description: r.description,
    // Members in their order; a deleted user is gone from the table already (cascade).
    members: r.member_ids.flatMap((id) => {
      const u = byId.get(id);
      return u ? [{ id: u.id, name: u.name, email: u.email }] : [];
    }),
    scheduleId: r.schedule_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listTeams(p: Platform, orgId: string) {
  return Promise.all((await store.listTeams(p.db, orgId)).map((r) => present(p, r)));
}

export async function getTeam(p: Platform, orgId: string, id: string) {
  const row = await store.findTeam(p.db, orgId, id);
  if (!row) throw new AppError('not_found', 'No such team.');
  return present(p, row);
}

export async function createTeam(p: Platform, principal: Principal, orgId: string, input: TeamInput) {
  const values = await validate(p, orgId, input, null);
  const row = await p.db.tx(async (q) => {
    const team = await store.insertTeam(q, orgId, values);
    await p.audit.record(
      { orgId, principal, action: 'oncall.team_created', targetType: 'team', targetId: team.id },
      q,
    );
    return team;
  });
  return present(p, row);
}

export async function updateTeam(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  input: TeamInput,
) {
  const values = await validate(p, orgId, input, id);
  const row = await p.db.tx(async (q) => {
    const team = await store.updateTeam(q, orgId, id, values);
    if (!team) throw new AppError('not_found', 'No such team.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.team_updated', targetType: 'team', targetId: id },
      q,
    );
    return team;
  });
  return present(p, row);
}

/** Refused while an escalation policy targets the team (its levels would page nobody). */
export async function deleteTeam(p: Platform, principal: Principal, orgId: string, id: string) {
  await p.db.tx(async (q) => {
    const users = await store.policiesUsingTeam(q, orgId, id);
    if (users.length)
      throw new AppError('conflict', `The team is used by escalation policies: ${users.join(', ')}.`);
    if (!(await store.deleteTeam(q, orgId, id))) throw new AppError('not_found', 'No such team.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.team_deleted', targetType: 'team', targetId: id },
      q,
    );
  });
}
