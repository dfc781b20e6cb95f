// SQL for problem reports, the provider's answers to them, and the provider's report settings.

import type { Queryable } from '../platform/db/db.ts';
import type { ReportKind, ReportState } from './kinds.ts';

export interface ReportRow {
  id: string;
  provider_org_id: string;
  customer_org_id: string;
  resource_id: string;
  resource_kind: string;
  resource_identifier: string;
  resource_name: string;
  customer_name: string;
  kind: ReportKind;
  description: string;
  state: ReportState;
  evidence: Record<string, unknown>;
  paged_reason: string | null;
  incident_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  first_response_at: Date | null;
  first_response_by: string | null;
  resolved_at: Date | null;
}

export interface ResponseRow {
  id: string;
  report_id: string;
  author_name: string;
  message: string;
  state: string | null;
  created_at: Date;
}

const SELECT = `
  select r.*, res.kind as resource_kind, res.identifier as resource_identifier, res.name as resource_name,
         o.name as customer_name
    from health_reports r
    join health_resources res on res.id = r.resource_id
    join orgs o on o.id = r.customer_org_id`;

export async function insertReport(
  q: Queryable,
  r: {
    providerOrgId: string;
    customerOrgId: string;
    resourceId: string;
    kind: ReportKind;
    description: string;
    state: ReportState;
    evidence: unknown;
    pagedReason: string | null;
    createdBy: string | null;
  },
) {
  const row = await q.one<{ id: string }>(
    `insert into health_reports (provider_org_id, customer_org_id, resource_id, kind, description, state, evidence,
       paged_reason, created_by)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) returning id`,
    [
      r.providerOrgId,
      r.customerOrgId,
      r.resourceId,
      r.kind,
      r.description,
      r.state,
      JSON.stringify(r.evidence),
      r.pagedReason,
      r.createdBy,
    ],
  );
  return (await findReport(q, row!.id))!;
}

export const findReport = (q: Queryable, id: string) => q.one<ReportRow>(`${SELECT} where r.id = $1`, [id]);

export const setIncident = (q: Queryable, id: string, incidentId: string) =>
  q.execute('update health_reports set incident_id = $2 where id = $1', [id, incidentId]);

export const listReports = (
  q: Queryable,
  where: { providerOrgId?: string; customerOrgId?: string; resourceId?: string },
  before: [string, string] | undefined,
  limit: number,
) =>
  q.query<ReportRow>(
    `${SELECT} where ($1::uuid is null or r.provider_org_id = $1) and ($2::uuid is null or r.customer_org_id = $2)
       and ($3::uuid is null or r.resource_id = $3)
       and ($4::timestamptz is null or (r.created_at, r.id) < ($4::timestamptz, $5::uuid))
     order by r.created_at desc, r.id desc limit $6`,
    [
      where.providerOrgId ?? null,
      where.customerOrgId ?? null,
      where.resourceId ?? null,
      before?.[0] ?? null,
      before?.[1] ?? null,
      limit,
    ],
  );

/** The reports an incident was raised for (to learn of a human acknowledging it). */
export const reportsOfIncident = (q: Queryable, incidentId: string) =>
  q.query<ReportRow>(`${SELECT} where r.incident_id = $1`, [incidentId]);

/** Records the first human response once; later calls leave it. */
export const markFirstResponse = (q: Queryable, id: string, at: Date, userId: string | null) =>
  q.execute(
    `update health_reports set first_response_at = $2, first_response_by = $3,
       state = case when state = 'received' then 'investigating' else state end, updated_at = now()
     where id = $1 and first_response_at is null`,
    [id, at, userId],
  );

export const setState = (q: Queryable, id: string, state: ReportState) =>
  q.execute(
    `update health_reports set state = $2, updated_at = now(),
       resolved_at = case when $2 = 'resolved' then coalesce(resolved_at, now()) else null end
     where id = $1`,
    [id, state],
  );

export const insertResponse = (
  q: Queryable,
  r: {
    reportId: string;
    authorUserId: string | null;
    authorName: string;
    message: string;
    state: string | null;
  },
) =>
  q.one<ResponseRow>(
    `insert into health_report_responses (report_id, author_user_id, author_name, message, state)
     values ($1, $2, $3, $4, $5) returning id, report_id, author_name, message, state, created_at`,
    [r.reportId, r.authorUserId, r.authorName, r.message, r.state],
  );

export const responsesOf = (q: Queryable, reportId: string) =>
  q.query<ResponseRow>(
    `select id, report_id, author_name, message, state, created_at from health_report_responses
      where report_id = $1 order by created_at, id`,
    [reportId],
  );

export const openReportsOf = (q: Queryable, resourceIds: string[]) =>
  q.query<{ resource_id: string; state: ReportState }>(
    `select resource_id, state from health_reports where resource_id = any($1::uuid[]) and state <> 'resolved'`,
    [resourceIds],
  );

export interface SettingsRow {
  always_page: boolean;
  lookback_minutes: number;
}

export const findSettings = async (q: Queryable, providerOrgId: string): Promise<SettingsRow> =>
  (await q.one<SettingsRow>(
    'select always_page, lookback_minutes from health_settings where provider_org_id = $1',
    [providerOrgId],
  )) ?? { always_page: false, lookback_minutes: 30 };

export const upsertSettings = (
  q: Queryable,
  providerOrgId: string,
  s: { alwaysPage: boolean; lookbackMinutes: number },
) =>
  q.one<SettingsRow>(
    `insert into health_settings (provider_org_id, always_page, lookback_minutes) values ($1, $2, $3)
     on conflict (provider_org_id) do update set always_page = $2, lookback_minutes = $3, updated_at = now()
     returning always_page, lookback_minutes`,
    [providerOrgId, s.alwaysPage, s.lookbackMinutes],
  );

export const userName = async (q: Queryable, userId: string) =>
  (await q.one<{ name: string }>('select name from users where id = $1', [userId]))?.name ?? 'Support';
