import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { presentPolicy } from './presenters.ts';
import { Problems } from './problems.ts';
import { nonResponders, notResponders } from './schedules.ts';
import type { PolicyInput } from './schemas.ts';
import * as store from './store/config.ts';
import { memberRoles } from './store/people.ts';

async function validate(p: Platform, orgId: string, input: PolicyInput): Promise<store.PolicyValues> {
  const problems = new Problems();
  const repeat = input.repeat ?? 0;
  const roundDelay = input.levels.reduce((sum, l) => sum + l.delaySeconds, 0);
  if (repeat > 0 && roundDelay <= 0)
    problems.add(
      'repeat',
      'a repeating policy needs a delay on at least one level, or it would page in a tight loop',
    );
  // Where each target sits: levels[i].targets[j], its field named by what it points at.
  const targets = input.levels.flatMap((level, i) =>
    level.targets.map((t, j) => ({ t, at: `levels[${i}].targets[${j}]` })),
  );
  input.levels.forEach((level, i) => {
    const seen = new Set<string>();
    level.targets.forEach((t, j) => {
      const key = JSON.stringify(t);
      if (seen.has(key)) problems.add(`levels[${i}].targets[${j}]`, 'names the same target twice');
      seen.add(key);
    });
  });
  const users = targets.flatMap(({ t }) => (t.type === 'user' ? [t.userId] : []));
  const executives = targets.flatMap(({ t }) => (t.type === 'executives' ? (t.userIds ?? []) : []));
  const schedules = targets.flatMap(({ t }) => (t.type === 'schedule' ? [t.scheduleId] : []));
  const teams = targets.flatMap(({ t }) => (t.type === 'team' ? [t.teamId] : []));
  const badUsers = await nonResponders(p.db, orgId, users);
  const execRoles = await memberRoles(p.db, orgId, executives);
  const known = new Set<string>();
  if (schedules.length) {
    const rows = await p.db.query<{ id: string }>(
      'select id from oncall_schedules where org_id = $1 and id = any($2::uuid[])',
      [orgId, [...new Set(schedules)]],
    );
    for (const r of rows) known.add(r.id);
  }
  if (teams.length) {
    const rows = await p.db.query<{ id: string }>(
      'select id from oncall_teams where org_id = $1 and id = any($2::uuid[])',
      [orgId, [...new Set(teams)]],
    );
    for (const r of rows) known.add(r.id);
  }
  for (const { t, at } of targets) {
    if (t.type === 'user' && badUsers.has(t.userId)) problems.add(`${at}.userId`, notResponders([t.userId]));
    else if (t.type === 'schedule' && !known.has(t.scheduleId))
      problems.add(`${at}.scheduleId`, `no such schedule in this organisation: ${t.scheduleId}`);
    else if (t.type === 'team' && !known.has(t.teamId))
      problems.add(`${at}.teamId`, `no such team in this organisation: ${t.teamId}`);
    else if (t.type === 'executives') {
      const strangers = [...new Set(t.userIds ?? [])].filter((id) => !execRoles.has(id));
      if (strangers.length)
        problems.add(`${at}.userIds`, `${strangers.join(', ')} not members of this organisation`);
    }
  }
  problems.check();
  return {
    name: input.name,
    description: input.description ?? '',
    urgency: input.urgency ?? 'high',
    repeat,
    ackTimeoutMs: input.ackTimeoutSeconds ? Math.round(input.ackTimeoutSeconds * 1000) : null,
    levels: input.levels,
  };
}

export async function getPolicy(p: Platform, orgId: string, id: string) {
  const row = await store.findPolicy(p.db, orgId, id);
  if (!row) throw new AppError('not_found', 'No such escalation policy.');
  return row;
}

export async function createPolicy(p: Platform, principal: Principal, orgId: string, input: PolicyInput) {
  const values = await validate(p, orgId, input);
  return p.db.tx(async (q) => {
    const row = await store.insertPolicy(q, orgId, values);
    await p.audit.record(
      { orgId, principal, action: 'oncall.policy_created', targetType: 'policy', targetId: row.id },
      q,
    );
    return presentPolicy(row);
  });
}

export async function updatePolicy(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  input: PolicyInput,
) {
  const values = await validate(p, orgId, input);
  return p.db.tx(async (q) => {
    const row = await store.updatePolicy(q, orgId, id, values);
    if (!row) throw new AppError('not_found', 'No such escalation policy.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.policy_updated', targetType: 'policy', targetId: id },
      q,
    );
    return presentPolicy(row);
  });
}

export async function deletePolicy(p: Platform, principal: Principal, orgId: string, id: string) {
  await p.db.tx(async (q) => {
    const used = await q.query<{ name: string }>(
      'select name from oncall_routing_rules where org_id = $1 and policy_id = $2',
      [orgId, id],
    );
    if (used.length)
      throw new AppError(
        'conflict',
        `The policy is used by routing rules: ${used.map((r) => r.name).join(', ')}.`,
      );
    if (!(await store.deletePolicy(q, orgId, id)))
      throw new AppError('not_found', 'No such escalation policy.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.policy_deleted', targetType: 'policy', targetId: id },
      q,
    );
  });
}

export const listPolicies = async (p: Platform, orgId: string) =>
  (await store.listPolicies(p.db, orgId)).map(presentPolicy);
