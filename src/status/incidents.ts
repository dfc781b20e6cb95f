import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal } from '../policy/index.ts';
import * as store from './incident-store.ts';
import { scheduleTransitions } from './maintenance.ts';
import { IMPACTS, type Impact, newPublicId } from './model.ts';
import { requirePage } from './pages.ts';
import { presentIncident } from './presenters.ts';
import type { IncidentInput, MaintenanceInput, UpdateInput } from './schemas.ts';
import type { PageRow } from './store.ts';
import { announce, applyUpdate, checkIncidentStatus, type UpdateSpec } from './updates.ts';
import { pagePublicUrl } from './urls.ts';

const bad = (m: string) => new AppError('validation_failed', m);

const IMPACT_OF_STATUS: Record<string, Impact> = {
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};
const IMPACT_RANK = { none: 0, minor: 1, major: 2, critical: 3, maintenance: 0 } as const;

/** The impact given, or the worst one the affected components' statuses imply. */
function impactOf(input: IncidentInput): Impact {
  if (input.impact !== undefined) {
    if (!(IMPACTS as readonly string[]).includes(input.impact))
      throw bad(`impact must be one of ${IMPACTS.join(', ')} (got ${JSON.stringify(input.impact)}).`);
    return input.impact as Impact;
  }
  let worst: Impact = 'none';
  for (const s of Object.values(input.components ?? {})) {
    const i = IMPACT_OF_STATUS[s];
    if (i && IMPACT_RANK[i] > IMPACT_RANK[worst]) worst = i;
  }
  return worst === 'none' ? 'minor' : worst;
}

export async function loadIncident(p: Platform, page: PageRow, id: string) {
  const row = await store.incidentById(p.db, page.id, id);
  if (!row) throw new AppError('not_found', 'No such incident on this status page.');
  return presentIncident(pagePublicUrl(p.config, page), row, await store.updatesOf(p.db, [row.id]));
}

export async function getIncident(p: Platform, orgId: string, id: string) {
  return loadIncident(p, await requirePage(p, orgId), id);
}

export async function listIncidents(p: Platform, orgId: string, kind: 'incident' | 'maintenance' | null) {
  const page = await requirePage(p, orgId);
  const rows = await store.incidentsOf(p.db, page.id, kind, 200);
  const updates = await store.updatesOf(
    p.db,
    rows.map((r) => r.id),
  );
  const url = pagePublicUrl(p.config, page);
  return {
    items: rows.map((r) =>
      presentIncident(
        url,
        r,
        updates.filter((u) => u.incident_id === r.id),
      ),
    ),
  };
}

/** Opens an incident with its first update ("Update #1"). */
export async function createIncident(p: Platform, principal: Principal, orgId: string, input: IncidentInput) {
  const page = await requirePage(p, orgId);
  const status = input.status ?? 'investigating';
  checkIncidentStatus('incident', status);
  const impact = impactOf(input);
  const id = newPublicId();
  const spec: UpdateSpec = { status, body: input.body, components: input.components ?? {} };
  const done = await p.db.tx(async (q) => {
    await store.insertIncident(q, {
      id,
      page_id: page.id,
      kind: 'incident',
      name: input.name,
      status,
      impact,
      scheduled_for: null,
      scheduled_until: null,
      auto_transition: false,
      component_ids: [],
    });
    const d = await applyUpdate(p, q, page, id, spec, actorIds(principal).userId);
    await p.audit.record(
      { orgId, principal, action: 'status.incident.created', targetType: 'status_incident', targetId: id },
      q,
    );
    return d;
  });
  await announce(p, page, done, status);
  return loadIncident(p, page, id);
}

export async function createMaintenance(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: MaintenanceInput,
) {
  const page = await requirePage(p, orgId);
  const from = new Date(input.scheduledFor);
  const until = new Date(input.scheduledUntil);
  if (!(until > from))
    throw bad('scheduledUntil must be after scheduledFor (the maintenance cannot end before it starts).');
  if (until.getTime() <= Date.now())
    throw bad('scheduledUntil is in the past; schedule a maintenance that has not ended yet.');
  const id = newPublicId();
  const auto = input.autoTransition ?? true;
  const done = await p.db.tx(async (q) => {
    await store.insertIncident(q, {
      id,
      page_id: page.id,
      kind: 'maintenance',
      name: input.name,
      status: 'scheduled',
      impact: 'maintenance',
      scheduled_for: from,
      scheduled_until: until,
      auto_transition: auto,
      component_ids: [],
    });
    const d = await applyUpdate(
      p,
      q,
      page,
      id,
      { status: 'scheduled', body: input.body },
      actorIds(principal).userId,
    );
    // Listed without a status change: they go under maintenance when it starts.
    const ids = input.componentIds ?? [];
    const known = new Set(
      (
        await q.query<{ id: string }>(
          'select id from status_components where page_id = $1 and not is_group and id = any($2::text[])',
          [page.id, ids],
        )
      ).map((r) => r.id),
    );
    const unknown = ids.filter((c) => !known.has(c));
    if (unknown.length) throw bad(`componentIds: ${unknown.join(', ')} are not components of this page.`);
    await q.execute('update status_incidents set component_ids = $2 where id = $1', [id, ids]);
    if (auto) await scheduleTransitions(p, q, id, from, until);
    await p.audit.record(
      { orgId, principal, action: 'status.maintenance.created', targetType: 'status_incident', targetId: id },
      q,
    );
    return d;
  });
  await announce(p, page, done, 'scheduled');
  return loadIncident(p, page, id);
}

/** A numbered update to an incident or maintenance (409 on a closed one unless reopened). */
export async function postUpdate(
  p: Platform,
  principal: Principal,
  orgId: string,
  incidentId: string,
  input: UpdateInput,
) {
  const page = await requirePage(p, orgId);
  const done = await p.db.tx((q) => applyUpdate(p, q, page, incidentId, input, actorIds(principal).userId));
  await announce(p, page, done, input.status);
  return loadIncident(p, page, incidentId);
}
