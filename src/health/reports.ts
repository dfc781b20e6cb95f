// Problem reports: a customer says "my volume is slow"; the report is correlated with what the
// health module knows of that resource (attacks on its addresses now or in the last minutes,
// open incidents touching it) and, when the data agrees or the provider always wants it, on-call
// is paged through the on-call module's service with the evidence attached.

import { raiseAlert } from '../oncall/index.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import {
  actorIds,
  type HealthAudience,
  type Principal,
  requireReportProblem,
  requireRespondToReport,
} from '../policy/index.ts';
import { publishReport, publishResourceHealth } from './events.ts';
import { MAX_DESCRIPTION } from './kinds.ts';
import { type Evidence, presentReport } from './presenters.ts';
import type { ReportInput, RespondInput, Settings } from './schemas.ts';
import * as store from './store-reports.ts';
import { findResource } from './store-resources.ts';
import { resourceHealth } from './views.ts';

/** Free text: anything printable, plus line breaks and tabs. */
const printable = (s: string) => /^[^\p{Cc}]*$/u.test(s.replace(/[\n\r\t]/g, ''));

function validDescription(raw: string): string {
  const d = raw.trim();
  if (d.length === 0)
    throw new AppError('validation_failed', 'Describe the problem (the description is empty).');
  if (d.length > MAX_DESCRIPTION)
    throw new AppError('validation_failed', `At most ${MAX_DESCRIPTION} characters.`);
  if (!printable(d)) throw new AppError('validation_failed', 'The description contains control characters.');
  return d;
}

async function correlate(p: Platform, customerOrgId: string, resourceId: string, lookbackMinutes: number) {
  const [view] = await resourceHealth(p.db, customerOrgId, 'provider', { resourceIds: [resourceId] });
  const since = Date.now() - lookbackMinutes * 60_000;
  const attacks = (view?.attacks ?? []).filter(
    (a) => a.state === 'active' || (a.endedAt !== null && Date.parse(a.endedAt) >= since),
  );
  const incidents = view?.incidents ?? [];
  const evidence: Evidence = { attacks, incidents, agrees: attacks.length > 0 || incidents.length > 0 };
  return evidence;
}

export async function createReport(
  p: Platform,
  principal: Principal,
  customerOrgId: string,
  input: ReportInput,
) {
  requireReportProblem(principal, customerOrgId);
  const resource = await findResource(p.db, input.resourceId);
  if (!resource || resource.customer_org_id !== customerOrgId)
    throw new AppError('not_found', 'No such resource.');
  const description = validDescription(input.description);
  const settings = await store.findSettings(p.db, resource.provider_org_id);
  const evidence = await correlate(p, customerOrgId, resource.id, settings.lookback_minutes);
  const pagedReason = evidence.agrees
    ? `telemetry agrees: ${[
        evidence.attacks.length ? `${evidence.attacks.length} attack(s) on the resource` : '',
        evidence.incidents.length ? `${evidence.incidents.length} open incident(s) touching it` : '',
      ]
        .filter(Boolean)
        .join(', ')}`
    : settings.always_page
      ? 'provider policy: always page'
      : null;
  const report = await store.insertReport(p.db, {
    providerOrgId: resource.provider_org_id,
    customerOrgId,
    resourceId: resource.id,
    kind: input.kind,
    description,
    state: pagedReason ? 'investigating' : 'received',
    evidence,
    pagedReason,
    createdBy: actorIds(principal).userId,
  });
  if (pagedReason) {
    const alert = await raiseAlert(p, {
      orgId: resource.provider_org_id,
      source: 'customer-report',
      dedupKey: `health-report:${report.id}`,
      summary: `${report.customer_name} reports "${input.kind}" on ${resource.kind} ${resource.identifier}${
        evidence.attacks[0] ? `: ${evidence.attacks[0].sentence}` : ''
      }`.slice(0, 500),
      severity: evidence.agrees ? 'critical' : 'warning',
      details: {
        reportId: report.id,
        customer: report.customer_name,
        resource: { kind: resource.kind, identifier: resource.identifier, name: resource.name },
        description,
        reason: pagedReason,
        evidence,
      },
      labels: {
        kind: 'customer-report',
        resource: resource.id,
        ...(resource.region ? { region: resource.region } : {}),
        ...(resource.component_id ? { component: resource.component_id } : {}),
      },
    });
    await store.setIncident(p.db, report.id, alert.incidentId);
  }
  await publishReport(p, report.id);
  return getReport(p, report.id, 'customer');
}

export async function getReport(p: Platform, reportId: string, audience: HealthAudience, orgId?: string) {
  const row = await store.findReport(p.db, reportId);
  const owner = audience === 'provider' ? row?.provider_org_id : row?.customer_org_id;
  if (!row || (orgId !== undefined && owner !== orgId)) throw new AppError('not_found', 'No such report.');
  return presentReport(row, await store.responsesOf(p.db, row.id), audience);
}

export async function listReports(
  p: Platform,
  orgId: string,
  audience: HealthAudience,
  query: { limit?: number; cursor?: string },
) {
  const limit = query.limit ?? 50;
  const key = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | undefined;
  if (key && (Number.isNaN(Date.parse(key[0])) || !/^[0-9a-f-]{36}$/i.test(key[1])))
    throw new AppError('invalid_cursor');
  const where = audience === 'provider' ? { providerOrgId: orgId } : { customerOrgId: orgId };
  const rows = await store.listReports(p.db, where, key, limit + 1);
  const result = page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
  const items = [];
  for (const r of result.items) items.push(presentReport(r, await store.responsesOf(p.db, r.id), audience));
  return { items, nextCursor: result.nextCursor };
}

/** A provider's person answers and/or moves the report; the first human answer is timed. */
export async function respond(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  reportId: string,
  input: RespondInput,
) {
  requireRespondToReport(principal, providerOrgId);
  const row = await store.findReport(p.db, reportId);
  if (!row || row.provider_org_id !== providerOrgId) throw new AppError('not_found', 'No such report.');
  if (input.message === undefined && input.state === undefined)
    throw new AppError('validation_failed', 'Send a message, a new state, or both.');
  const message = input.message?.trim() ?? '';
  if (input.message !== undefined && (message === '' || !printable(message)))
    throw new AppError('validation_failed', 'The message is empty or contains control characters.');
  const userId = actorIds(principal).userId;
  await p.db.tx(async (q) => {
    if (message) {
      await store.insertResponse(q, {
        reportId,
        authorUserId: userId,
        authorName: userId ? await store.userName(q, userId) : 'Support',
        message,
        state: input.state ?? null,
      });
    }
    if (input.state) await store.setState(q, reportId, input.state);
    // A token without a person is automation, not a human response.
    if (principal.kind === 'user') await store.markFirstResponse(q, reportId, new Date(), userId);
  });
  await publishReport(p, reportId);
  await publishResourceHealth(p, row.customer_org_id, [row.resource_id]);
  return getReport(p, reportId, 'provider');
}

export async function getSettings(p: Platform, providerOrgId: string): Promise<Settings> {
  const s = await store.findSettings(p.db, providerOrgId);
  return { alwaysPage: s.always_page, lookbackMinutes: s.lookback_minutes };
}

export async function putSettings(p: Platform, providerOrgId: string, s: Settings): Promise<Settings> {
  const row = (await store.upsertSettings(p.db, providerOrgId, s))!;
  return { alwaysPage: row.always_page, lookbackMinutes: row.lookback_minutes };
}
