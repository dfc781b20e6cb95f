import type { Queryable } from '../../platform/db/db.ts';
import * as incidents from '../incident-store.ts';
import * as store from '../store.ts';
import { computeUptime, type Uptime } from '../uptime.ts';

/** Everything a public page shows, read in a handful of queries whenever the page changes. */
export interface Snapshot {
  page: store.PageRow;
  /** The page's public base URL (no trailing slash). */
  url: string;
  now: Date;
  components: store.ComponentRow[];
  /** Newest first. */
  incidents: incidents.IncidentRow[];
  maintenances: incidents.IncidentRow[];
  /** incident id → its updates, newest first. */
  updates: Map<string, incidents.UpdateRow[]>;
  uptime: Map<string, Uptime>;
}

export const UPTIME_DAYS = 90;
const HISTORY_LIMIT = 200;

export async function loadSnapshot(
  q: Queryable,
  page: store.PageRow,
  url: string,
  now = new Date(),
): Promise<Snapshot> {
  const since = new Date(
    Math.floor(now.getTime() / 86_400_000) * 86_400_000 - (UPTIME_DAYS - 1) * 86_400_000,
  );
  const [components, all, events] = await Promise.all([
    store.componentsOf(q, page.id),
    incidents.incidentsOf(q, page.id, null, HISTORY_LIMIT * 2),
    store.componentEventsSince(q, page.id, since),
  ]);
  const updates = new Map<string, incidents.UpdateRow[]>();
  for (const u of await incidents.updatesOf(
    q,
    all.map((i) => i.id),
  )) {
    const list = updates.get(u.incident_id) ?? [];
    list.push(u);
    updates.set(u.incident_id, list);
  }
  const byComponent = new Map<string, store.ComponentEventRow[]>();
  for (const e of events) {
    const list = byComponent.get(e.component_id) ?? [];
    list.push(e);
    byComponent.set(e.component_id, list);
  }
  const uptime = new Map<string, Uptime>();
  for (const c of components)
    if (!c.is_group) uptime.set(c.id, computeUptime(byComponent.get(c.id) ?? [], now, UPTIME_DAYS));
  return {
    page,
    url,
    now,
    components,
    incidents: all.filter((i) => i.kind === 'incident').slice(0, HISTORY_LIMIT),
    maintenances: all.filter((i) => i.kind === 'maintenance').slice(0, HISTORY_LIMIT),
    updates,
    uptime,
  };
}

export const isUnresolved = (i: incidents.IncidentRow) =>
  i.kind === 'incident' ? i.status !== 'resolved' && i.status !== 'postmortem' : i.status !== 'completed';
export const isUpcoming = (i: incidents.IncidentRow) => i.kind === 'maintenance' && i.status === 'scheduled';
export const isActiveMaintenance = (i: incidents.IncidentRow) =>
  i.kind === 'maintenance' && (i.status === 'in_progress' || i.status === 'verifying');
