import type { Queryable } from '../../platform/db/db.ts';

export type Status = 'triggered' | 'acknowledged' | 'resolved';
export interface IncidentRow {
  id: string;
  org_id: string;
  number: number;
  dedup_key: string;
  source: string;
  summary: string;
  severity: string;
  urgency: 'high' | 'low';
  status: Status;
  details: Record<string, unknown>;
  labels: Record<string, string>;
  integration_id: string | null;
  policy_id: string | null;
  routing_rule_id: string | null;
  generation: number;
  next_level: number;
  next_round: number;
  next_step_at: Date | null;
  last_level: number;
  last_round: number;
  exhausted: boolean;
  assignee_ids: string[];
  alert_count: number;
  acked_by: string | null;
  acked_at: Date | null;
  ack_until: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
export interface TimelineRow {
  id: number;
  at: Date;
  kind: string;
  actor_user_id: string | null;
  user_id: string | null;
  channel: string | null;
  details: Record<string, unknown>;
}
export interface AlertRow {
  alert_key: string;
  status: string;
  summary: string;
  severity: string;
  labels: Record<string, unknown>;
  events: number;
  created_at: Date;
  updated_at: Date;
}

const COLS = `id, org_id, number::int as number, dedup_key, source, summary, severity, urgency, status, details, labels,
  integration_id, policy_id, routing_rule_id, generation, next_level, next_round, next_step_at, last_level, last_round,
  exhausted, assignee_ids::text[] as assignee_ids, alert_count, acked_by, acked_at, ack_until, resolved_by, resolved_at,
  created_at, updated_at`;

export const lockIncident = (q: Queryable, id: string) =>
  q.one<IncidentRow>(`select ${COLS} from oncall_incidents where id = $1 for update`, [id]);
export const findIncident = (q: Queryable, orgId: string, id: string) =>
  q.one<IncidentRow>(`select ${COLS} from oncall_incidents where org_id = $1 and id = $2`, [orgId, id]);
export const findIncidentById = (q: Queryable, id: string) =>
  q.one<IncidentRow>(`select ${COLS} from oncall_incidents where id = $1`, [id]);
export const lockOpenByDedup = (q: Queryable, orgId: string, dedupKey: string) =>
  q.one<IncidentRow>(
    `select ${COLS} from oncall_incidents where org_id = $1 and dedup_key = $2 and status <> 'resolved' for update`,
    [orgId, dedupKey],
  );

export interface NewIncident {
  orgId: string;
  dedupKey: string;
  source: string;
  summary: string;
  severity: string;
  urgency: string;
  details: Record<string, unknown>;
  labels: Record<string, string>;
  integrationId: string | null;
  policyId: string | null;
  routingRuleId: string | null;
}
export const insertIncident = async (q: Queryable, n: NewIncident) =>
  (await q.one<IncidentRow>(
    `insert into oncall_incidents (org_id, dedup_key, source, summary, severity, urgency, status, details, labels,
       integration_id, policy_id, routing_rule_id)
     values ($1, $2, $3, $4, $5, $6, 'triggered', $7::jsonb, $8::jsonb, $9, $10, $11) returning ${COLS}`,
    [
      n.orgId,
      n.dedupKey,
      n.source,
      n.summary,
      n.severity,
      n.urgency,
      JSON.stringify(n.details),
      JSON.stringify(n.labels),
      n.integrationId,
      n.policyId,
      n.routingRuleId,
    ],
  ))!;

const PATCHABLE = new Set([
  'status',
  'generation',
  'next_level',
  'next_round',
  'next_step_at',
  'last_level',
  'last_round',
  'exhausted',
  'assignee_ids',
  'alert_count',
  'acked_by',
  'acked_at',
  'ack_until',
  'resolved_by',
  'resolved_at',
  'policy_id',
  'summary',
  'severity',
  'urgency',
]);
/** Sets the given columns (and updated_at) on an incident. */
export async function patchIncident(q: Queryable, id: string, fields: Partial<Record<string, unknown>>) {
  const keys = Object.keys(fields);
  for (const k of keys) if (!PATCHABLE.has(k)) throw new Error(`incident column ${k} is not patchable`);
  const sets = keys.map((k, i) => `${k} = $${i + 2}${k === 'assignee_ids' ? '::uuid[]' : ''}`);
  await q.execute(`update oncall_incidents set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1`, [
    id,
    ...keys.map((k) => fields[k]),
  ]);
}

export async function upsertAlert(
  q: Queryable,
  incidentId: string,
  a: {
    key: string;
    status: 'firing' | 'resolved';
    summary: string;
    severity: string;
    labels: Record<string, unknown>;
    details: Record<string, unknown>;
  },
) {
  const row = await q.one<{ inserted: boolean }>(
    `insert into oncall_alerts (incident_id, alert_key, status, summary, severity, labels, details)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
     on conflict (incident_id, alert_key) do update set status = excluded.status, summary = excluded.summary,
       severity = excluded.severity, labels = excluded.labels, details = excluded.details,
       events = oncall_alerts.events + 1, updated_at = now()
     returning (xmax = 0) as inserted`,
    [incidentId, a.key, a.status, a.summary, a.severity, JSON.stringify(a.labels), JSON.stringify(a.details)],
  );
  return row?.inserted ?? false;
}

export const resolveAlerts = (q: Queryable, incidentId: string) =>
  q.execute(
    `update oncall_alerts set status = 'resolved', updated_at = now() where incident_id = $1 and status = 'firing'`,
    [incidentId],
  );
export const firingAlerts = async (q: Queryable, incidentId: string) =>
  (await q.one<{ n: number }>(
    `select count(*)::int as n from oncall_alerts where incident_id = $1 and status = 'firing'`,
    [incidentId],
  ))!.n;

export const addTimeline = (
  q: Queryable,
  incidentId: string,
  kind: string,
  e: {
    actorUserId?: string | null;
    userId?: string | null;
    channel?: string | null;
    details?: Record<string, unknown>;
  } = {},
) =>
  q.execute(
    'insert into oncall_timeline (incident_id, kind, actor_user_id, user_id, channel, details) values ($1, $2, $3, $4, $5, $6::jsonb)',
    [
      incidentId,
      kind,
      e.actorUserId ?? null,
      e.userId ?? null,
      e.channel ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );

export const timeline = (q: Queryable, incidentId: string) =>
  q.query<TimelineRow>(
    'select id, at, kind, actor_user_id, user_id, channel, details from oncall_timeline where incident_id = $1 order by at, id',
    [incidentId],
  );
export const alerts = (q: Queryable, incidentId: string) =>
  q.query<AlertRow>(
    'select alert_key, status, summary, severity, labels, events, created_at, updated_at from oncall_alerts where incident_id = $1 order by created_at, id limit 500',
    [incidentId],
  );

export function listIncidents(
  q: Queryable,
  orgId: string,
  f: {
    statuses: string[] | null;
    mineUserId: string | null;
    before: [string, string] | undefined;
    limit: number;
  },
) {
  return q.query<IncidentRow>(
    `select ${COLS} from oncall_incidents where org_id = $1
       and ($2::text[] is null or status = any($2::text[]))
       and ($3::uuid is null or $3::uuid = any(assignee_ids) or acked_by = $3::uuid)
       and ($4::timestamptz is null or (created_at, id) < ($4::timestamptz, $5::uuid))
     order by created_at desc, id desc limit $6`,
    [orgId, f.statuses, f.mineUserId, f.before?.[0] ?? null, f.before?.[1] ?? null, f.limit],
  );
}

/**
 * Locks several incidents, in id order so that concurrent batches never deadlock. `rowLocks`
 * false: PGlite, whose one connection runs one transaction at a time anyway (a statement outside
 * it waits for its end), where FOR UPDATE would only write a lock per row.
 */
export const lockIncidents = (q: Queryable, ids: readonly string[], rowLocks = true) =>
  q.query<IncidentRow>(
    `select ${COLS} from oncall_incidents where id = any($1::uuid[]) order by id${rowLocks ? ' for update' : ''}`,
    [[...new Set(ids)]],
  );

/** What an escalation step changes on its incident (null: keep the current value). */
export interface StepUpdate {
  id: string;
  last_level: number;
  last_round: number;
  assignees: string[] | null;
  next_level: number | null;
  next_round: number | null;
  next_step_at: string | null;
  exhausted: boolean;
}

/**
 * Applies the outcomes of a batch of steps with one statement; returns the incidents after,
 * built from the locked rows (returning every column of every row costs more than the update).
 */
export async function applyStepUpdates(
  q: Queryable,
  locked: ReadonlyMap<string, IncidentRow>,
  updates: readonly StepUpdate[],
): Promise<IncidentRow[]> {
  const rows = await q.query<{ id: string; updated_at: Date }>(
    `update oncall_incidents i set last_level = u.last_level, last_round = u.last_round,
       assignee_ids = coalesce(u.assignees, i.assignee_ids),
       next_level = coalesce(u.next_level, i.next_level), next_round = coalesce(u.next_round, i.next_round),
       next_step_at = u.next_step_at, exhausted = u.exhausted, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as u(id uuid, last_level int, last_round int, assignees uuid[],
       next_level int, next_round int, next_step_at timestamptz, exhausted boolean)
     where i.id = any($2::uuid[]) and i.id = u.id
     returning i.id, i.updated_at`,
    [JSON.stringify(updates), updates.map((u) => u.id)],
  );
  const byId = new Map(updates.map((u) => [u.id, u]));
  return rows.map(({ id, updated_at }) => {
    const inc = locked.get(id)!;
    const u = byId.get(id)!;
    return {
      ...inc,
      last_level: u.last_level,
      last_round: u.last_round,
      assignee_ids: u.assignees ?? inc.assignee_ids,
      next_level: u.next_level ?? inc.next_level,
      next_round: u.next_round ?? inc.next_round,
      next_step_at: u.next_step_at ? new Date(u.next_step_at) : null,
      exhausted: u.exhausted,
      updated_at,
    };
  });
}

export interface NewTimelineEntry {
  incident_id: string;
  kind: string;
  user_id: string | null;
  details: Record<string, unknown>;
}

/** Adds timeline entries in the order given (ids grow in that order). */
export const addTimelines = (q: Queryable, entries: readonly NewTimelineEntry[]) =>
  entries.length
    ? q.execute(
        `insert into oncall_timeline (incident_id, kind, user_id, details)
         select e.incident_id, e.kind, e.user_id, coalesce(e.details, '{}')
         from rows from (jsonb_to_recordset($1::jsonb) as (incident_id uuid, kind text, user_id uuid, details jsonb))
           with ordinality as e(incident_id, kind, user_id, details, n)
         order by e.n`,
        [JSON.stringify(entries)],
      )
    : Promise.resolve(0);
