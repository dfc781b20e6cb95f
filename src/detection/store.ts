// SQL for attacks, their traffic samples, and collectors with their exporters' statistics.
// JSON columns are written as text cast to jsonb, so arrays never turn into PostgreSQL arrays.

import type { Queryable } from '../platform/db/db.ts';
import type { AttackSnapshot } from './engine/attack.ts';

export interface AttackRow {
  id: string;
  org_id: string | null;
  collector: string;
  scope: 'host' | 'prefix';
  target: string;
  prefix: string | null;
  hostgroup: string | null;
  direction: 'incoming' | 'outgoing';
  classification: string;
  vectors: string[];
  state: 'active' | 'ended';
  started_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  detected_at: Date;
  first_seen_at: Date;
  current: AttackSnapshot['current'];
  peak: AttackSnapshot['peak'];
  breakdown: AttackSnapshot['breakdown'];
  top_sources: AttackSnapshot['topSources'];
  top_source_ports: AttackSnapshot['topSourcePorts'];
  top_destination_ports: AttackSnapshot['topDestinationPorts'];
  top_source_asns: AttackSnapshot['topSourceAsns'];
  sample_flows: AttackSnapshot['sampleFlows'];
  spoofing: AttackSnapshot['spoofing'];
  thresholds: AttackSnapshot['thresholds'];
}

export interface SampleRow {
  at: Date;
  vector: string;
  pps: number;
  bps: number;
}

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = (v: unknown) => JSON.stringify(v);

/** The columns an attack event changes, in a fixed order ($2…$19). */
function changing(a: AttackSnapshot): unknown[] {
  return [
    a.classification,
    json(a.vectors),
    a.state,
    ts(a.updatedAtMs),
    ts(a.endedAtMs),
    json(a.current),
    json(a.peak),
    json(a.breakdown),
    json(a.topSources),
    json(a.topSourcePorts),
    json(a.topDestinationPorts),
    json(a.topSourceAsns),
    json(a.sampleFlows),
    a.spoofing,
    json(a.thresholds),
  ];
}

export const insertAttack = (q: Queryable, a: AttackSnapshot, orgId: string | null, collector: string) =>
  q.one<AttackRow>(
    `insert into attacks (id, classification, vectors, state, updated_at, ended_at, current, peak, breakdown,
       top_sources, top_source_ports, top_destination_ports, top_source_asns, sample_flows, spoofing, thresholds,
       org_id, collector, scope, target, prefix, hostgroup, direction, started_at, detected_at, first_seen_at)
     values ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb,
       $13::jsonb, $14::jsonb, $15, $16::jsonb, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
     on conflict (id) do nothing
     returning *`,
    [
      a.id,
      ...changing(a),
      orgId,
      collector,
      a.scope,
      a.target,
      a.prefix,
      a.hostgroup,
      a.direction,
      ts(a.startedAtMs),
      ts(a.detectedAtMs),
      ts(a.firstSeenAtMs),
    ],
  );

/** Applies an update or end; an ended attack is never reopened by a late update. */
export const updateAttack = (q: Queryable, a: AttackSnapshot) =>
  q.one<AttackRow>(
    `update attacks set classification = $2, vectors = $3::jsonb, state = $4, updated_at = $5, ended_at = $6,
       current = $7::jsonb, peak = $8::jsonb, breakdown = $9::jsonb, top_sources = $10::jsonb,
       top_source_ports = $11::jsonb, top_destination_ports = $12::jsonb, top_source_asns = $13::jsonb,
       sample_flows = $14::jsonb, spoofing = $15, thresholds = $16::jsonb
     where id = $1 and state = 'active'
     returning *`,
    [a.id, ...changing(a)],
  );

export async function insertSamples(
  q: Queryable,
  attackId: string,
  atMs: number,
  breakdown: AttackSnapshot['breakdown'],
) {
  // A quiet second is a zero on the graph, not a gap.
  const entries =
    Object.entries(breakdown).length > 0
      ? Object.entries(breakdown)
      : [['total', { pps: 0, bps: 0 }] as const];
  const at = new Date(Math.floor(atMs / 1000) * 1000).toISOString();
  const values = entries.map((_, i) => `($1, $2, $${i * 3 + 3}, $${i * 3 + 4}, $${i * 3 + 5})`).join(', ');
  await q.execute(
    `insert into attack_samples (attack_id, at, vector, pps, bps) values ${values}
     on conflict (attack_id, at, vector) do update set pps = excluded.pps, bps = excluded.bps`,
    [attackId, at, ...entries.flatMap(([vector, r]) => [vector, r.pps, r.bps])],
  );
}

export const listAttacks = (
  q: Queryable,
  orgId: string,
  state: 'active' | 'ended' | undefined,
  limit: number,
  after: { startedAt: string; id: string } | undefined,
) =>
  q.query<AttackRow>(
    `select * from attacks
      where org_id = $1 and ($2::text is null or state = $2)
        and ($3::timestamptz is null or (started_at, id) < ($3::timestamptz, $4::uuid))
      order by started_at desc, id desc limit $5`,
    [orgId, state ?? null, after?.startedAt ?? null, after?.id ?? null, limit],
  );

export const findAttack = (q: Queryable, orgId: string, id: string) =>
  q.one<AttackRow>('select * from attacks where org_id = $1 and id = $2', [orgId, id]);

export const listSamples = (q: Queryable, attackId: string, limit: number) =>
  q.query<SampleRow>(
    `select at, vector, pps, bps from (
       select at, vector, pps, bps from attack_samples where attack_id = $1 order by at desc limit $2
     ) s order by at, vector`,
    [attackId, limit],
  );

/** Attacks a collector left open when it stopped (or crashed) are ended when it starts again. */
export const endOpenAttacks = (q: Queryable, collector: string) =>
  q.execute(
    `update attacks set state = 'ended', ended_at = coalesce(ended_at, updated_at), updated_at = now()
      where collector = $1 and state = 'active'`,
    [collector],
  );

export const findOrgIdByHandle = async (q: Queryable, handle: string) =>
  (await q.one<{ id: string }>('select id from orgs where handle = $1', [handle]))?.id ?? null;

/** The only provider org, for single-tenant installs that did not name one. */
export async function soleProviderOrgId(q: Queryable): Promise<string | null> {
  const rows = await q.query<{ id: string }>(`select id from orgs where kind = 'provider' limit 2`);
  return rows.length === 1 ? rows[0]!.id : null;
}
