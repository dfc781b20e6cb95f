import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { presentPolicy } from './presenters.ts';
import { assertResponders } from './schedules.ts';
import type { PolicyInput } from './schemas.ts';
import * as store from './store/config.ts';
import { memberRoles } from './store/people.ts';

async function validate(p: Platform, orgId: string, input: PolicyInput): Promise<store.PolicyValues> {
  const repeat = input.repeat ?? 0;
  const roundDelay = input.levels.reduce((sum, l) => sum + l.delaySeconds, 0);
  if (repeat > 0 && roundDelay <= 0)
    throw new AppError(
      'validation_failed',
      'A repeating policy needs a delay on at least one level, or it would page in a tight loop.',
    );
  const users: string[] = [];
  const executives: string[] = [];
  const schedules: string[] = [];
  input.levels.forEach((level, i) => {
    const seen = new Set<string>();
    for (const t of level.targets) {
      const key = JSON.stringify(t);
      if (seen.has(key)) throw new AppError('validation_failed', `levels[${i}] names the same target twice.`);
      seen.add(key);
      if (t.type === 'user') users.push(t.userId);
      else if (t.type === 'schedule') schedules.push(t.scheduleId);
      else executives.push(...(t.userIds ?? []));
    }
  });
  await assertResponders(p.db, orgId, users, 'policy users');
  const execRoles = await memberRoles(p.db, orgId, executives);
  const strangers = [...new Set(executives)].filter((id) => !execRoles.has(id));
  if (strangers.length)
    throw new AppError(
      'validation_failed',
      `executives: ${strangers.join(', ')} not members of this organisation.`,
    );
  if (schedules.length) {
    const rows = await p.db.query<{ id: string }>(
      'select id from oncall_schedules where org_id = $1 and id = any($2::uuid[])',
      [orgId, schedules],
    );
    const known = new Set(rows.map((r) => r.id));
    const unknown = [...new Set(schedules)].filter((id) => !known.has(id));
    if (unknown.length)
      throw new AppError(
        'validation_failed',
        `No such schedules in this organisation: ${unknown.join(', ')}.`,
      );
  }
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
