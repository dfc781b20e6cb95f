import { deliveriesFor } from '../notify/index.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal } from '../policy/index.ts';
import type { IncidentQuery } from './incident-schemas.ts';
import { deliveryTimeline, presentAlert, presentIncident, presentTimeline } from './presenters.ts';
import * as store from './store/incidents.ts';

export async function listIncidents(p: Platform, principal: Principal, orgId: string, query: IncidentQuery) {
  const limit = query.limit ?? 50;
  const before = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | undefined;
  const mine = query.mine ? actorIds(principal).userId : null;
  if (query.mine && !mine)
    throw new AppError('validation_failed', '"mine" needs a person, not an API token without one.');
  const rows = await store.listIncidents(p.db, orgId, {
    statuses: query.status ? query.status.split(',') : null,
    mineUserId: mine,
    before,
    limit: limit + 1,
  });
  const res = page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
  return { items: res.items.map(presentIncident), nextCursor: res.nextCursor };
}

/** The incident with its alerts and full timeline: state changes, pages, and every delivery's outcome. */
export async function incidentDetail(p: Platform, orgId: string, id: string) {
  const inc = await store.findIncident(p.db, orgId, id);
  if (!inc) throw new AppError('not_found', 'No such incident.');
  const [alerts, timeline, deliveries] = await Promise.all([
    store.alerts(p.db, id),
    store.timeline(p.db, id),
    deliveriesFor(p, { type: 'incident', id }),
  ]);
  const entries = [...timeline.map(presentTimeline), ...deliveries.map(deliveryTimeline)].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
  return {
    incident: presentIncident(inc),
    details: inc.details,
    labels: inc.labels,
    alerts: alerts.map(presentAlert),
    timeline: entries,
    deliveries,
  };
}
