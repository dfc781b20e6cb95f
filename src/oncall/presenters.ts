import type { Delivery } from '../notify/index.ts';
import type { Layer } from './schedule/rotation.ts';
import type { IntegrationRow, PolicyRow, RuleRow } from './store/config.ts';
import type { AlertRow, IncidentRow, TimelineRow } from './store/incidents.ts';
import type { PersonRow } from './store/people.ts';
import type { OverrideRow, ScheduleRow } from './store/schedules.ts';

// Presenters map rows to API shapes field by field, so a new column never leaks by accident.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentPerson = (r: PersonRow) => ({ id: r.id, name: r.name, email: r.email });

const presentLayer = (l: Layer) => ({
  name: l.name,
  rotation: l.rotation,
  ...(l.shiftHours !== undefined ? { shiftHours: l.shiftHours } : {}),
  handoffTime: l.handoffTime,
  startDate: l.startDate,
  members: [...l.members],
});

export const presentSchedule = (r: ScheduleRow) => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  description: r.description,
  timeZone: r.time_zone,
  layers: r.layers.map(presentLayer),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentOverride = (r: OverrideRow) => ({
  id: r.id,
  scheduleId: r.schedule_id,
  userId: r.user_id,
  start: r.starts_at.toISOString(),
  end: r.ends_at.toISOString(),
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

export const presentSpan = (s: {
  start: number;
  end: number;
  userId: string;
  source?: 'override' | 'layer';
  layerName?: string | undefined;
  overrideId?: string | undefined;
}) => ({
  start: new Date(s.start).toISOString(),
  end: new Date(s.end).toISOString(),
  userId: s.userId,
  ...(s.source ? { source: s.source } : {}),
  ...(s.layerName !== undefined ? { layer: s.layerName } : {}),
  ...(s.overrideId !== undefined ? { overrideId: s.overrideId } : {}),
});

export const presentPolicy = (r: PolicyRow) => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  description: r.description,
  urgency: r.urgency,
  repeat: r.repeat,
  ackTimeoutSeconds: r.ack_timeout_ms === null ? null : r.ack_timeout_ms / 1000,
  levels: r.levels,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentRule = (r: RuleRow) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  conditions: r.conditions,
  policyId: r.policy_id,
  urgency: r.urgency,
  createdAt: r.created_at.toISOString(),
});

export const presentIntegration = (r: IntegrationRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  prefix: r.prefix,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  rotatedAt: iso(r.rotated_at),
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});

export const presentIncident = (r: IncidentRow) => ({
  id: r.id,
  orgId: r.org_id,
  number: Number(r.number),
  dedupKey: r.dedup_key,
  source: r.source,
  summary: r.summary,
  severity: r.severity,
  urgency: r.urgency,
  status: r.status,
  policyId: r.policy_id,
  assigneeIds: [...r.assignee_ids],
  alertCount: r.alert_count,
  escalation: {
    level: r.last_level,
    round: r.last_round,
    nextStepAt: iso(r.next_step_at),
    exhausted: r.exhausted,
  },
  ackedBy: r.acked_by,
  ackedAt: iso(r.acked_at),
  ackUntil: iso(r.ack_until),
  resolvedBy: r.resolved_by,
  resolvedAt: iso(r.resolved_at),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const presentTimeline = (r: TimelineRow) => ({
  at: r.at.toISOString(),
  kind: r.kind,
  actorUserId: r.actor_user_id,
  userId: r.user_id,
  channel: r.channel,
  details: r.details,
});

/** Deliveries appear in the timeline as entries of their own (queued, then their outcome). */
export const deliveryTimeline = (d: Delivery) => ({
  at: d.status === 'pending' ? d.createdAt : (d.deliveredAt ?? d.updatedAt),
  kind: `notification_${d.status}`,
  actorUserId: null,
  userId: d.ownerUserId,
  channel: d.channel,
  details: {
    deliveryId: d.id,
    target: d.target,
    attempts: d.attempts,
    ...(d.lastError ? { error: d.lastError } : {}),
  },
});

export const presentAlert = (r: AlertRow) => ({
  key: r.alert_key,
  status: r.status,
  summary: r.summary,
  severity: r.severity,
  labels: r.labels,
  events: r.events,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
