import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { presentRule } from './presenters.ts';
import { Problems } from './problems.ts';
import type { Conditions, RuleInput } from './schemas.ts';
import * as store from './store/config.ts';

export interface AlertFacts {
  source: string;
  severity: string;
  labels: Record<string, string>;
  integrationId: string | null;
}

const sourceMatches = (pattern: string, source: string) =>
  pattern.endsWith('*') ? source.startsWith(pattern.slice(0, -1)) : pattern === source;

/** Every condition present must hold; a rule without conditions matches everything. */
export function matches(c: Conditions, a: AlertFacts): boolean {
  if (c.sources?.length && !c.sources.some((s) => sourceMatches(s, a.source))) return false;
  if (c.severities?.length && !c.severities.includes(a.severity as never)) return false;
  if (c.integrationIds?.length && (!a.integrationId || !c.integrationIds.includes(a.integrationId)))
    return false;
  for (const [k, v] of Object.entries(c.labels ?? {})) if (a.labels[k] !== v) return false;
  return true;
}

/** The first rule (by position) that matches the alert, or undefined. */
export async function route(q: Queryable, orgId: string, a: AlertFacts) {
  const rules = await store.listRules(q, orgId);
  return rules.find((r) => matches(r.conditions, a));
}

async function validate(p: Platform, orgId: string, input: RuleInput) {
  const problems = new Problems();
  const policy = await store.findPolicy(p.db, orgId, input.policyId);
  if (!policy) problems.add('policyId', `no escalation policy ${input.policyId} in this organisation`);
  const ids = input.conditions.integrationIds ?? [];
  if (ids.length) {
    const known = new Set((await store.listIntegrations(p.db, orgId)).map((i) => i.id));
    ids.forEach((id, i) => {
      if (!known.has(id)) problems.add(`conditions.integrationIds[${i}]`, `no such integration: ${id}`);
    });
  }
  problems.check();
  return {
    name: input.name,
    position: input.position ?? (await store.nextRulePosition(p.db, orgId)),
    conditions: input.conditions,
    policyId: input.policyId,
    urgency: input.urgency ?? null,
  };
}

export async function createRule(p: Platform, principal: Principal, orgId: string, input: RuleInput) {
  const values = await validate(p, orgId, input);
  const row = await store.insertRule(p.db, orgId, values);
  await p.audit.record({
    orgId,
    principal,
    action: 'oncall.routing_rule_created',
    targetType: 'routing_rule',
    targetId: row.id,
  });
  return presentRule(row);
}

export async function updateRule(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  input: RuleInput,
) {
  const values = await validate(p, orgId, input);
  const row = await store.updateRule(p.db, orgId, id, values);
  if (!row) throw new AppError('not_found', 'No such routing rule.');
  await p.audit.record({
    orgId,
    principal,
    action: 'oncall.routing_rule_updated',
    targetType: 'routing_rule',
    targetId: id,
  });
  return presentRule(row);
}

export async function deleteRule(p: Platform, principal: Principal, orgId: string, id: string) {
  if (!(await store.deleteRule(p.db, orgId, id))) throw new AppError('not_found', 'No such routing rule.');
  await p.audit.record({
    orgId,
    principal,
    action: 'oncall.routing_rule_deleted',
    targetType: 'routing_rule',
    targetId: id,
  });
}

export const listRules = async (p: Platform, orgId: string) =>
  (await store.listRules(p.db, orgId)).map(presentRule);
