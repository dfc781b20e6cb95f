import type { Config } from '../platform/config/schema.ts';
import type { IncidentRow, UpdateRow } from './incident-store.ts';
import type { Component, Incident, IncidentUpdate, Page } from './schemas.ts';
import type { ComponentRow, PageRow } from './store.ts';
import { pagePublicUrl } from './urls.ts';

// Admin API shapes, field by field, so a new column never reaches a client by accident.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentPage = (config: Config, r: PageRow): Page => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  customHost: r.custom_host,
  published: r.published,
  timeZone: r.time_zone,
  publicUrl: pagePublicUrl(config, r),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentComponent = (r: ComponentRow): Component => ({
  id: r.id,
  name: r.name,
  description: r.description,
  status: r.status,
  isGroup: r.is_group,
  groupId: r.group_id,
  position: r.position,
  showcase: r.showcase,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentUpdate = (u: UpdateRow): IncidentUpdate => ({
  id: u.id,
  number: u.number,
  status: u.status,
  body: u.body,
  affectedComponents: u.affected.map((a) => ({
    code: a.code,
    name: a.name,
    old_status: a.old_status,
    new_status: a.new_status,
  })),
  createdAt: u.created_at.toISOString(),
});

/** `updates` newest first. */
export const presentIncident = (pageUrl: string, r: IncidentRow, updates: UpdateRow[]): Incident => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  status: r.status,
  impact: r.impact,
  componentIds: r.component_ids,
  scheduledFor: iso(r.scheduled_for),
  scheduledUntil: iso(r.scheduled_until),
  autoTransition: r.auto_transition,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  resolvedAt: iso(r.resolved_at),
  publicUrl: `${pageUrl}/incidents/${r.id}`,
  updates: updates.map(presentUpdate),
});
