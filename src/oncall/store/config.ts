import type { Queryable } from '../../platform/db/db.ts';
import type { Conditions, Level } from '../schemas.ts';

export interface PolicyRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  urgency: 'high' | 'low';
  repeat: number;
  ack_timeout_ms: number | null;
  levels: Level[];
  created_at: Date;
  updated_at: Date;
}
export interface RuleRow {
  id: string;
  org_id: string;
  position: number;
  name: string;
  conditions: Conditions;
  policy_id: string;
  urgency: 'high' | 'low' | null;
  created_at: Date;
}
export interface IntegrationRow {
  id: string;
  org_id: string;
  name: string;
  kind: 'pagerduty' | 'alertmanager';
  prefix: string;
  key_hash: string;
  created_by: string | null;
  created_at: Date;
  rotated_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const PCOLS =
  'id, org_id, name, description, urgency, repeat, ack_timeout_ms, levels, created_at, updated_at';
const RCOLS = 'id, org_id, position, name, conditions, policy_id, urgency, created_at';
const ICOLS =
  'id, org_id, name, kind, prefix, key_hash, created_by, created_at, rotated_at, last_used_at, revoked_at';

export interface PolicyValues {
  name: string;
  description: string;
  urgency: 'high' | 'low';
  repeat: number;
  ackTimeoutMs: number | null;
  levels: Level[];
}
const pv = (v: PolicyValues) => [
  v.name,
  v.description,
  v.urgency,
  v.repeat,
  v.ackTimeoutMs,
  JSON.stringify(v.levels),
];

export const insertPolicy = async (q: Queryable, orgId: string, v: PolicyValues) =>
  (await q.one<PolicyRow>(
    `insert into oncall_policies (org_id, name, description, urgency, repeat, ack_timeout_ms, levels)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb) returning ${PCOLS}`,
    [orgId, ...pv(v)],
  ))!;
export const updatePolicy = (q: Queryable, orgId: string, id: string, v: PolicyValues) =>
  q.one<PolicyRow>(
    `update oncall_policies set name = $3, description = $4, urgency = $5, repeat = $6, ack_timeout_ms = $7,
       levels = $8::jsonb, updated_at = now() where org_id = $1 and id = $2 returning ${PCOLS}`,
    [orgId, id, ...pv(v)],
  );
export const findPolicy = (q: Queryable, orgId: string, id: string) =>
  q.one<PolicyRow>(`select ${PCOLS} from oncall_policies where org_id = $1 and id = $2`, [orgId, id]);
export const listPolicies = (q: Queryable, orgId: string) =>
  q.query<PolicyRow>(`select ${PCOLS} from oncall_policies where org_id = $1 order by name, id`, [orgId]);
export const deletePolicy = (q: Queryable, orgId: string, id: string) =>
  q.execute('delete from oncall_policies where org_id = $1 and id = $2', [orgId, id]);

export const insertRule = async (
  q: Queryable,
  orgId: string,
  v: { name: string; position: number; conditions: Conditions; policyId: string; urgency: string | null },
) =>
  (await q.one<RuleRow>(
    `insert into oncall_routing_rules (org_id, name, position, conditions, policy_id, urgency)
     values ($1, $2, $3, $4::jsonb, $5, $6) returning ${RCOLS}`,
    [orgId, v.name, v.position, JSON.stringify(v.conditions), v.policyId, v.urgency],
  ))!;
export const updateRule = (
  q: Queryable,
  orgId: string,
  id: string,
  v: { name: string; position: number; conditions: Conditions; policyId: string; urgency: string | null },
) =>
  q.one<RuleRow>(
    `update oncall_routing_rules set name = $3, position = $4, conditions = $5::jsonb, policy_id = $6, urgency = $7
     where org_id = $1 and id = $2 returning ${RCOLS}`,
    [orgId, id, v.name, v.position, JSON.stringify(v.conditions), v.policyId, v.urgency],
  );
export const listRules = (q: Queryable, orgId: string) =>
  q.query<RuleRow>(
    `select ${RCOLS} from oncall_routing_rules where org_id = $1 order by position, created_at, id`,
    [orgId],
  );
export const deleteRule = (q: Queryable, orgId: string, id: string) =>
  q.execute('delete from oncall_routing_rules where org_id = $1 and id = $2', [orgId, id]);
export const nextRulePosition = async (q: Queryable, orgId: string) =>
  (await q.one<{ n: number }>(
    'select coalesce(max(position) + 10, 0)::int as n from oncall_routing_rules where org_id = $1',
    [orgId],
  ))!.n;

export const insertIntegration = async (
  q: Queryable,
  v: { orgId: string; name: string; kind: string; prefix: string; keyHash: string; createdBy: string | null },
) =>
  (await q.one<IntegrationRow>(
    `insert into oncall_integrations (org_id, name, kind, prefix, key_hash, created_by) values ($1, $2, $3, $4, $5, $6) returning ${ICOLS}`,
    [v.orgId, v.name, v.kind, v.prefix, v.keyHash, v.createdBy],
  ))!;
export const rotateIntegration = (q: Queryable, orgId: string, id: string, prefix: string, keyHash: string) =>
  q.one<IntegrationRow>(
    `update oncall_integrations set prefix = $3, key_hash = $4, rotated_at = now()
     where org_id = $1 and id = $2 and revoked_at is null returning ${ICOLS}`,
    [orgId, id, prefix, keyHash],
  );
export const revokeIntegration = (q: Queryable, orgId: string, id: string) =>
  q.one<IntegrationRow>(
    `update oncall_integrations set revoked_at = coalesce(revoked_at, now()) where org_id = $1 and id = $2 returning ${ICOLS}`,
    [orgId, id],
  );
export const listIntegrations = (q: Queryable, orgId: string) =>
  q.query<IntegrationRow>(
    `select ${ICOLS} from oncall_integrations where org_id = $1 order by created_at, id`,
    [orgId],
  );
export const integrationByPrefix = (q: Queryable, prefix: string) =>
  q.one<IntegrationRow>(`select ${ICOLS} from oncall_integrations where prefix = $1`, [prefix]);
export const touchIntegration = (q: Queryable, id: string) =>
  q.execute(
    `update oncall_integrations set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
    [id],
  );

export const findPolicies = async (q: Queryable, ids: readonly string[]) =>
  new Map(
    (
      await q.query<PolicyRow>(`select ${PCOLS} from oncall_policies where id = any($1::uuid[])`, [
        [...new Set(ids)],
      ])
    ).map((r) => [r.id, r]),
  );
