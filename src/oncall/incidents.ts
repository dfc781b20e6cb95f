import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { nowFor } from './clock.ts';
import { ackTimeoutKey, nextAfter, scheduleAckTimeout, scheduleStep, stepKey } from './engine.ts';
import { announce } from './events.ts';
import { oncallMetrics } from './metrics.ts';
import { route } from './routing.ts';
import type { Severity } from './schemas.ts';
import { findPolicy } from './store/config.ts';
import * as store from './store/incidents.ts';

export interface RaiseAlert {
  orgId: string;
  /** e.g. 'detection', 'coordination', 'customer-report', or the PagerDuty payload source. */
  source: string;
  /** Alerts with the same key join the open incident; default: a new key (always a new incident). */
  dedupKey?: string;
  summary: string;
  severity: Severity;
  details?: Record<string, unknown>;
  labels?: Record<string, string>;
  integrationId?: string | null;
  /** Identifies this alert within the incident (Alertmanager fingerprint, bus event id). */
  alertKey?: string;
}

/** Who acts: a person (userId) or the system / an integration (userId null, label says which). */
export interface Actor {
  userId: string | null;
  label: string;
}

const UNIQUE_VIOLATION = '23505';

async function openIncident(p: Platform, q: Queryable, a: RaiseAlert, dedupKey: string) {
  const labels = a.labels ?? {};
  const rule = await route(q, a.orgId, {
    source: a.source,
    severity: a.severity,
    labels,
    integrationId: a.integrationId ?? null,
  });
  const policy = rule ? await findPolicy(q, a.orgId, rule.policy_id) : undefined;
  const inc = await store.insertIncident(q, {
    orgId: a.orgId,
    dedupKey,
    source: a.source,
    summary: a.summary,
    severity: a.severity,
    urgency: rule?.urgency ?? policy?.urgency ?? 'high',
    details: a.details ?? {},
    labels,
    integrationId: a.integrationId ?? null,
    policyId: policy?.id ?? null,
    routingRuleId: rule?.id ?? null,
  });
  await store.addTimeline(q, inc.id, 'triggered', {
    details: {
      source: a.source,
      severity: a.severity,
      routingRule: rule?.name ?? null,
      policy: policy?.name ?? null,
    },
  });
  if (!policy)
    await store.addTimeline(q, inc.id, 'unrouted', {
      details: { note: 'no routing rule matched: the org owners are paged' },
    });
  await scheduleStep(p, q, { incidentId: inc.id, generation: 0, level: 0, round: 0 }, nowFor(p));
  return inc;
}

/**
 * Takes in one alert: joins the open incident with the same dedup key, or opens a new one
 * routed to a policy whose first level is paged at once. Safe to call concurrently and
 * repeatedly (a lost race on the dedup key joins the winner).
 */
export async function raiseAlert(p: Platform, a: RaiseAlert) {
  const dedupKey = a.dedupKey ?? randomUUID();
  const alert = {
    key: a.alertKey ?? randomUUID(),
    status: 'firing' as const,
    summary: a.summary,
    severity: a.severity,
    labels: a.labels ?? {},
    details: a.details ?? {},
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await p.db.tx(async (q) => {
        const open = await store.lockOpenByDedup(q, a.orgId, dedupKey);
        if (open) {
          const inserted = await store.upsertAlert(q, open.id, alert);
          if (inserted) {
            await store.patchIncident(q, open.id, { alert_count: open.alert_count + 1 });
            await store.addTimeline(q, open.id, 'alert_joined', {
              details: { source: a.source, summary: a.summary },
            });
          }
          return { incident: open, created: false };
        }
        const inc = await openIncident(p, q, a, dedupKey);
        await store.upsertAlert(q, inc.id, alert);
        return { incident: inc, created: true };
      });
      oncallMetrics(p).alerts.inc({
        source: a.source.slice(0, 40),
        outcome: result.created ? 'opened' : 'joined',
      });
      if (result.created) await announce(p, result.incident, 'triggered');
      return { incidentId: result.incident.id, created: result.created, dedupKey };
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 2) throw err;
    }
  }
}

async function transition<T>(
  p: Platform,
  orgId: string | null,
  id: string,
  fn: (q: Queryable, inc: store.IncidentRow) => Promise<T>,
) {
  return p.db.tx(async (q) => {
    const inc = await store.lockIncident(q, id);
    if (!inc || (orgId !== null && inc.org_id !== orgId))
      throw new AppError('not_found', 'No such incident.');
    return fn(q, inc);
  });
}

const cancelPendingStep = (p: Platform, q: Queryable, inc: store.IncidentRow) =>
  p.jobs.cancelByKey(
    stepKey({ incidentId: inc.id, generation: inc.generation, level: inc.next_level, round: inc.next_round }),
    q,
  );

/** Acknowledge: escalation stops; with an ack timeout it resumes when the timeout passes. Idempotent. */
export async function acknowledge(p: Platform, orgId: string | null, id: string, by: Actor, via = 'api') {
  const inc = await transition(p, orgId, id, async (q, inc) => {
    if (inc.status === 'resolved') throw new AppError('conflict', 'The incident is already resolved.');
    const policy = inc.policy_id ? await findPolicy(q, inc.org_id, inc.policy_id) : undefined;
    const generation = inc.generation + 1;
    const now = nowFor(p);
    const ackUntil = policy?.ack_timeout_ms ? new Date(now + policy.ack_timeout_ms) : null;
    await cancelPendingStep(p, q, inc);
    if (inc.status === 'acknowledged') await p.jobs.cancelByKey(ackTimeoutKey(inc.id, inc.generation), q);
    await store.patchIncident(q, inc.id, {
      status: 'acknowledged',
      generation,
      acked_by: by.userId,
      acked_at: new Date(now),
      ack_until: ackUntil,
      next_step_at: null,
    });
    await store.addTimeline(q, inc.id, 'acknowledged', {
      actorUserId: by.userId,
      details: { by: by.label, via },
    });
    if (ackUntil) await scheduleAckTimeout(p, q, inc.id, generation, ackUntil);
    return store.lockIncident(q, inc.id);
  });
  await announce(p, inc, 'acknowledged');
  return inc!;
}

/** Resolve: the incident ends, every pending step and notification becomes stale. Idempotent. */
export async function resolve(p: Platform, orgId: string | null, id: string, by: Actor, via = 'api') {
  const inc = await transition(p, orgId, id, async (q, inc) => {
    if (inc.status === 'resolved') return { row: inc, changed: false };
    await cancelPendingStep(p, q, inc);
    await store.patchIncident(q, inc.id, {
      status: 'resolved',
      generation: inc.generation + 1,
      resolved_by: by.userId,
      resolved_at: new Date(nowFor(p)),
      next_step_at: null,
      ack_until: null,
    });
    await store.resolveAlerts(q, inc.id);
    await store.addTimeline(q, inc.id, 'resolved', {
      actorUserId: by.userId,
      details: { by: by.label, via },
    });
    return { row: (await store.lockIncident(q, inc.id))!, changed: true };
  });
  if (inc.changed) await announce(p, inc.row, 'resolved');
  return inc.row;
}

/** Pages the next level now (or the first of the next round, or the last level again). */
export async function escalateNow(p: Platform, orgId: string, id: string, by: Actor) {
  const inc = await transition(p, orgId, id, async (q, inc) => {
    if (inc.status === 'resolved') throw new AppError('conflict', 'The incident is already resolved.');
    const policy = inc.policy_id ? await findPolicy(q, inc.org_id, inc.policy_id) : undefined;
    const next = (policy && nextAfter(policy, 'high', inc.last_level, inc.last_round)) ?? {
      level: Math.max(inc.last_level, 0),
      round: inc.last_round,
    };
    const generation = inc.generation + 1;
    await cancelPendingStep(p, q, inc);
    await store.patchIncident(q, inc.id, {
      status: 'triggered',
      generation,
      acked_by: null,
      acked_at: null,
      ack_until: null,
    });
    await store.addTimeline(q, inc.id, 'escalated', {
      actorUserId: by.userId,
      details: { by: by.label, toLevel: next.level, round: next.round },
    });
    await scheduleStep(p, q, { incidentId: inc.id, generation, ...next }, nowFor(p));
    return store.lockIncident(q, inc.id);
  });
  await announce(p, inc, 'escalated');
  return inc!;
}

/** Reassign to people (paged now, then escalation goes on) or to another policy (from its first level). */
export async function reassign(
  p: Platform,
  orgId: string,
  id: string,
  to: { userIds: string[] } | { policyId: string },
  by: Actor,
) {
  const inc = await transition(p, orgId, id, async (q, inc) => {
    if (inc.status === 'resolved') throw new AppError('conflict', 'The incident is already resolved.');
    const generation = inc.generation + 1;
    await cancelPendingStep(p, q, inc);
    const common = { status: 'triggered', generation, acked_by: null, acked_at: null, ack_until: null };
    if ('policyId' in to) {
      const policy = await findPolicy(q, inc.org_id, to.policyId);
      if (!policy) throw new AppError('validation_failed', 'No such escalation policy in this organisation.');
      await store.patchIncident(q, inc.id, {
        ...common,
        policy_id: policy.id,
        last_level: -1,
        last_round: 0,
      });
      await store.addTimeline(q, inc.id, 'reassigned', {
        actorUserId: by.userId,
        details: { policy: policy.name },
      });
      await scheduleStep(p, q, { incidentId: inc.id, generation, level: 0, round: 0 }, nowFor(p));
    } else {
      await store.patchIncident(q, inc.id, { ...common, assignee_ids: to.userIds });
      await store.addTimeline(q, inc.id, 'reassigned', {
        actorUserId: by.userId,
        details: { userIds: to.userIds },
      });
      await scheduleStep(
        p,
        q,
        { incidentId: inc.id, generation, level: -1, round: inc.last_round },
        nowFor(p),
      );
    }
    return store.lockIncident(q, inc.id);
  });
  await announce(p, inc, 'reassigned');
  return inc!;
}

/** Acknowledge or resolve the open incident with a dedup key (PagerDuty and Alertmanager semantics). */
export async function actOnDedupKey(
  p: Platform,
  orgId: string,
  dedupKey: string,
  action: 'acknowledge' | 'resolve',
  by: Actor,
  via: string,
) {
  const open = await p.db.one<{ id: string }>(
    `select id from oncall_incidents where org_id = $1 and dedup_key = $2 and status <> 'resolved'`,
    [orgId, dedupKey],
  );
  if (!open) return null;
  if (action === 'resolve') oncallMetrics(p).alerts.inc({ source: via.slice(0, 40), outcome: 'resolved' });
  return action === 'acknowledge'
    ? acknowledge(p, orgId, open.id, by, via)
    : resolve(p, orgId, open.id, by, via);
}
