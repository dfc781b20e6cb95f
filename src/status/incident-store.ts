import type { Queryable } from '../platform/db/db.ts';

export interface IncidentRow {
  id: string;
  page_id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: string;
  impact: string;
  scheduled_for: Date | null;
  scheduled_until: Date | null;
  auto_transition: boolean;
  component_ids: string[];
  created_at: Date;
  updated_at: Date;
  started_at: Date;
  monitoring_at: Date | null;
  resolved_at: Date | null;
}
export interface AffectedComponent {
  code: string;
  name: string;
  old_status: string;
  new_status: string;
}
export interface UpdateRow {
  id: string;
  incident_id: string;
  number: number;
  status: string;
  body: string;
  affected: AffectedComponent[];
  created_at: Date;
}

const INCIDENT_COLS = `id, page_id, kind, name, status, impact, scheduled_for, scheduled_until, auto_transition,
  component_ids, created_at, updated_at, started_at, monitoring_at, resolved_at`;
const UPDATE_COLS = 'id, incident_id, number, status, body, affected, created_at';

export const incidentById = (q: Queryable, pageId: string, id: string) =>
  q.one<IncidentRow>(`select ${INCIDENT_COLS} from status_incidents where page_id = $1 and id = $2`, [
    pageId,
    id,
  ]);

/** Locks the incident for a numbered update, so two updates never get the same number. */
export const lockIncident = (q: Queryable, pageId: string, id: string) =>
  q.one<IncidentRow>(
    `select ${INCIDENT_COLS} from status_incidents where page_id = $1 and id = $2 for update`,
    [pageId, id],
  );

/** Newest first; `limit` bounds what a page renders (history) while keeping every open one. */
export const incidentsOf = (
  q: Queryable,
  pageId: string,
  kind: 'incident' | 'maintenance' | null,
  limit = 200,
) =>
  q.query<IncidentRow>(
    `select ${INCIDENT_COLS} from status_incidents
      where page_id = $1 and ($2::text is null or kind = $2)
      order by coalesce(scheduled_for, created_at) desc, id limit $3`,
    [pageId, kind, limit],
  );

export const updatesOf = (q: Queryable, incidentIds: readonly string[]) =>
  q.query<UpdateRow>(
    `select ${UPDATE_COLS} from status_incident_updates where incident_id = any($1::text[])
      order by incident_id, number desc`,
    [incidentIds],
  );

export async function insertIncident(
  q: Queryable,
  r: Pick<
    IncidentRow,
    | 'id'
    | 'page_id'
    | 'kind'
    | 'name'
    | 'status'
    | 'impact'
    | 'scheduled_for'
    | 'scheduled_until'
    | 'auto_transition'
    | 'component_ids'
  >,
): Promise<void> {
  await q.execute(
    `insert into status_incidents (id, page_id, kind, name, status, impact, scheduled_for, scheduled_until,
       auto_transition, component_ids) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      r.id,
      r.page_id,
      r.kind,
      r.name,
      r.status,
      r.impact,
      r.scheduled_for,
      r.scheduled_until,
      r.auto_transition,
      r.component_ids,
    ],
  );
}

/** Moves an incident to `status`, stamping the lifecycle times Statuspage reports. */
export async function setIncidentStatus(
  q: Queryable,
  id: string,
  status: string,
  componentIds: readonly string[],
): Promise<void> {
  await q.execute(
    `update status_incidents set status = $2, updated_at = now(),
       component_ids = $3,
       monitoring_at = case when $2 in ('monitoring', 'verifying') then coalesce(monitoring_at, now()) else monitoring_at end,
       resolved_at = case when $2 in ('resolved', 'postmortem', 'completed') then coalesce(resolved_at, now()) else null end,
       started_at = case when $2 = 'in_progress' and kind = 'maintenance' and status = 'scheduled' then now() else started_at end
     where id = $1`,
    [id, status, componentIds],
  );
}

export async function insertUpdate(
  q: Queryable,
  u: {
    id: string;
    incidentId: string;
    status: string;
    body: string;
    affected: AffectedComponent[];
    userId: string | null;
  },
): Promise<number> {
  const row = await q.one<{ number: number }>(
    `insert into status_incident_updates (id, incident_id, number, status, body, affected, created_by)
     values ($1, $2, (select coalesce(max(number), 0) + 1 from status_incident_updates where incident_id = $2),
       $3, $4, $5::jsonb, $6) returning number`,
    [u.id, u.incidentId, u.status, u.body, JSON.stringify(u.affected), u.userId],
  );
  return row!.number;
}

export const updateById = (q: Queryable, id: string) =>
  q.one<UpdateRow>(`select ${UPDATE_COLS} from status_incident_updates where id = $1`, [id]);
