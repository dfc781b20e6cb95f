import type { IncidentRow, UpdateRow } from '../incident-store.ts';
import { overallStatus } from '../model.ts';
import type { ComponentRow } from '../store.ts';
import { isActiveMaintenance, isUnresolved, isUpcoming, type Snapshot } from './snapshot.ts';

/**
 * The Statuspage public API (`/api/v2/*.json`) from a snapshot, field for field, so tools that
 * read Statuspage read Swimmy. Timestamps are ISO 8601 (UTC); lists are newest first.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const pageJson = (s: Snapshot) => ({
  id: s.page.id,
  name: s.page.name,
  url: s.url,
  time_zone: s.page.time_zone,
  updated_at: s.page.updated_at.toISOString(),
});

export function componentJson(s: Snapshot, c: ComponentRow) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
    position: c.position,
    description: c.description === '' ? null : c.description,
    showcase: c.showcase,
    start_date: c.created_at.toISOString().slice(0, 10),
    group_id: c.group_id,
    page_id: s.page.id,
    group: c.is_group,
    only_show_if_degraded: false,
    // Statuspage lists a group's members only on groups.
    ...(c.is_group ? { components: s.components.filter((m) => m.group_id === c.id).map((m) => m.id) } : {}),
  };
}

const updateJson = (u: UpdateRow) => ({
  id: u.id,
  status: u.status,
  body: u.body,
  incident_id: u.incident_id,
  created_at: u.created_at.toISOString(),
  updated_at: u.created_at.toISOString(),
  display_at: u.created_at.toISOString(),
  affected_components: u.affected.length
    ? u.affected.map((a) => ({
        code: a.code,
        name: a.name,
        old_status: a.old_status,
        new_status: a.new_status,
      }))
    : null,
  deliver_notifications: true,
  custom_tweet: null,
  tweet_id: null,
});

export function incidentJson(s: Snapshot, i: IncidentRow) {
  const byId = new Map(s.components.map((c) => [c.id, c]));
  const base = {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: i.created_at.toISOString(),
    updated_at: i.updated_at.toISOString(),
    monitoring_at: iso(i.monitoring_at),
    resolved_at: iso(i.resolved_at),
    impact: i.impact,
    shortlink: `${s.url}/incidents/${i.id}`,
    started_at: i.started_at.toISOString(),
    page_id: s.page.id,
    incident_updates: (s.updates.get(i.id) ?? []).map(updateJson),
    components: i.component_ids
      .map((id) => byId.get(id))
      .filter((c): c is ComponentRow => c !== undefined)
      .map((c) => componentJson(s, c)),
  };
  if (i.kind !== 'maintenance') return base;
  return { ...base, scheduled_for: iso(i.scheduled_for), scheduled_until: iso(i.scheduled_until) };
}

export function statusJson(s: Snapshot) {
  const open = s.incidents.filter(isUnresolved);
  return overallStatus(
    s.components.map((c) => ({ status: c.status, isGroup: c.is_group })),
    open.map((i) => i.impact),
    s.maintenances.some(isActiveMaintenance),
  );
}

/** Statuspage returns the 50 most recent. */
const RECENT = 50;
/** Upcoming ones soonest first. */
const soonest = (a: IncidentRow, b: IncidentRow) =>
  (a.scheduled_for?.getTime() ?? 0) - (b.scheduled_for?.getTime() ?? 0);

/** Every document under /api/v2/, by its path there. */
export function statuspageDocuments(s: Snapshot): Record<string, unknown> {
  const page = pageJson(s);
  const status = statusJson(s);
  const components = s.components.map((c) => componentJson(s, c));
  const unresolved = s.incidents.filter(isUnresolved).map((i) => incidentJson(s, i));
  const upcoming = s.maintenances
    .filter(isUpcoming)
    .sort(soonest)
    .map((i) => incidentJson(s, i));
  const active = s.maintenances.filter(isActiveMaintenance).map((i) => incidentJson(s, i));
  return {
    'summary.json': {
      page,
      components,
      incidents: unresolved,
      scheduled_maintenances: [...active, ...upcoming],
      status,
    },
    'status.json': { page, status },
    'components.json': { page, components },
    'incidents.json': { page, incidents: s.incidents.slice(0, RECENT).map((i) => incidentJson(s, i)) },
    'incidents/unresolved.json': { page, incidents: unresolved },
    'scheduled-maintenances.json': {
      page,
      scheduled_maintenances: s.maintenances.slice(0, RECENT).map((i) => incidentJson(s, i)),
    },
    'scheduled-maintenances/upcoming.json': { page, scheduled_maintenances: upcoming },
    'scheduled-maintenances/active.json': { page, scheduled_maintenances: active },
  };
}
