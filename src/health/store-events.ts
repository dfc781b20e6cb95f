// The health module's own record of attacks and incidents, kept from bus events (attack.*,
// mitigation.*, incident.*). Writes are idempotent and ordered by the event's time, so several
// work processes receiving the same events agree, and only the first to apply a change reports it.

import type { Queryable } from '../platform/db/db.ts';

export interface HealthAttackRow {
  id: string;
  provider_org_id: string;
  target: string;
  classification: string;
  vectors: string[];
  state: 'active' | 'ended';
  pps: number;
  bps: number;
  peak_pps: number;
  peak_bps: number;
  mitigation: string | null;
  mitigation_kinds: string[];
  started_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

export interface AttackUpsert {
  id: string;
  providerOrgId: string;
  target: string;
  targetNetwork: string;
  classification: string;
  vectors: string[];
  state: 'active' | 'ended';
  pps: number;
  bps: number;
  peakPps: number;
  peakBps: number;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
}

const ATTACK_COLUMNS = `id, provider_org_id, target, classification, vectors, state, pps, bps, peak_pps, peak_bps,
  mitigation, mitigation_kinds, started_at, updated_at, ended_at`;

/**
 * Stores the attack's newest state; undefined when this event is not newer than what is stored
 * (a duplicate, or an update arriving after the end), so the caller publishes nothing.
 */
export const upsertAttack = (q: Queryable, a: AttackUpsert) =>
  q.one<HealthAttackRow>(
    `insert into health_attacks (id, provider_org_id, target, target_network, classification, vectors, state,
       pps, bps, peak_pps, peak_bps, started_at, updated_at, ended_at)
     values ($1, $2, $3, $4::cidr, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (id) do update set classification = excluded.classification, vectors = excluded.vectors,
       state = excluded.state, pps = excluded.pps, bps = excluded.bps, peak_pps = excluded.peak_pps,
       peak_bps = excluded.peak_bps, updated_at = excluded.updated_at, ended_at = excluded.ended_at
     where health_attacks.state = 'active'
       and (health_attacks.updated_at < excluded.updated_at or excluded.state = 'ended')
     returning ${ATTACK_COLUMNS}`,
    [
      a.id,
      a.providerOrgId,
      a.target,
      a.targetNetwork,
      a.classification,
      JSON.stringify(a.vectors),
      a.state,
      a.pps,
      a.bps,
      a.peakPps,
      a.peakBps,
      a.startedAt,
      a.updatedAt,
      a.endedAt,
    ],
  );

export const insertSample = (q: Queryable, attackId: string, at: string, pps: number, bps: number) =>
  q.execute(
    `insert into health_attack_samples (attack_id, at, pps, bps) values ($1, $2, $3, $4) on conflict do nothing`,
    [attackId, at, pps, bps],
  );

/** Sets the mitigation state of an attack; the row when it changed. */
export const setMitigation = (q: Queryable, attackId: string, state: string, kinds: string[]) =>
  q.one<HealthAttackRow>(
    `update health_attacks set mitigation = $2, mitigation_kinds = $3::jsonb
      where id = $1 and (mitigation is distinct from $2 or mitigation_kinds <> $3::jsonb)
      returning ${ATTACK_COLUMNS}`,
    [attackId, state, JSON.stringify(kinds)],
  );

export const findAttack = (q: Queryable, id: string) =>
  q.one<HealthAttackRow>(`select ${ATTACK_COLUMNS} from health_attacks where id = $1`, [id]);

/**
 * Attacks of a provider whose target overlaps `network`, active or updated since `since`,
 * newest first. The policy module then decides which of them a customer may see.
 */
export const attacksOverlapping = (q: Queryable, providerOrgId: string, networks: string[], since: Date) =>
  networks.length === 0
    ? Promise.resolve([] as HealthAttackRow[])
    : q.query<HealthAttackRow>(
        `select ${ATTACK_COLUMNS} from health_attacks
          where provider_org_id = $1 and (state = 'active' or updated_at >= $3)
            and exists (select 1 from unnest($2::cidr[]) n where n && target_network)
          order by started_at desc limit 50`,
        [providerOrgId, networks, since],
      );

export const samplesOf = (q: Queryable, attackId: string, limit: number) =>
  q.query<{ at: Date; pps: number; bps: number }>(
    `select at, pps, bps from (select at, pps, bps from health_attack_samples where attack_id = $1
       order by at desc limit $2) s order by at`,
    [attackId, limit],
  );

export interface HealthIncidentRow {
  id: string;
  provider_org_id: string;
  source: 'oncall' | 'status';
  public: boolean;
  status: string;
  severity: string | null;
  summary: string;
  target: string | null;
  region: string | null;
  components: string[];
  resource_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface IncidentUpsert {
  id: string;
  providerOrgId: string;
  source: 'oncall' | 'status';
  public: boolean;
  /** Closed incidents are stored as 'resolved', whatever their module calls it. */
  status: string;
  severity: string | null;
  summary: string;
  target: string | null;
  region: string | null;
  components: string[];
  resourceId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const upsertIncident = (q: Queryable, i: IncidentUpsert) =>
  q.one<HealthIncidentRow>(
    `insert into health_incidents (id, provider_org_id, source, public, status, severity, summary, target, region,
       components, resource_id, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13)
     on conflict (id) do update set status = excluded.status, severity = excluded.severity,
       summary = excluded.summary, components = case when excluded.source = 'status' then excluded.components
         else health_incidents.components end, updated_at = excluded.updated_at
     where health_incidents.updated_at <= excluded.updated_at
       and (health_incidents.status <> excluded.status or health_incidents.summary <> excluded.summary
         or (excluded.source = 'status' and health_incidents.components <> excluded.components))
     returning *`,
    [
      i.id,
      i.providerOrgId,
      i.source,
      i.public,
      i.status,
      i.severity,
      i.summary,
      i.target,
      i.region,
      i.components,
      i.resourceId,
      i.createdAt,
      i.updatedAt,
    ],
  );

/** Open incidents of a provider touching any of these addresses, regions, components or resources. */
export const openIncidentsTouching = (
  q: Queryable,
  providerOrgId: string,
  t: { networks: string[]; regions: string[]; components: string[]; resourceIds: string[] },
) =>
  q.query<HealthIncidentRow>(
    `select * from health_incidents
      where provider_org_id = $1 and status <> 'resolved'
        and ((target is not null and exists (select 1 from unnest($2::cidr[]) n where n >>= target::inet))
          or region = any($3::text[]) or components && $4::text[] or resource_id = any($5::uuid[]))
      order by created_at desc limit 50`,
    [providerOrgId, t.networks, t.regions, t.components, t.resourceIds],
  );
