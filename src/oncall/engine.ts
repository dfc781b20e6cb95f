import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import { nowFor } from './clock.ts';
import { announce } from './events.ts';
import type { OncallMetrics } from './metrics.ts';
import { queueUserNotifications } from './notifications.ts';
import { findPolicy, type PolicyRow } from './store/config.ts';
import { addTimeline, type IncidentRow, lockIncident, patchIncident } from './store/incidents.ts';
import { memberRoles, orgOwners } from './store/people.ts';
import { resolveTargets } from './targets.ts';

export const STEP_JOB = 'oncall.escalate';
export const ACK_TIMEOUT_JOB = 'oncall.ack-timeout';

export interface StepPayload {
  incidentId: string;
  generation: number;
  /** Index of the policy level; -1 pages the incident's assignees (after a reassign). */
  level: number;
  round: number;
}

export const stepKey = (s: StepPayload) => `esc:${s.incidentId}:${s.generation}:${s.level}:${s.round}`;
export const ackTimeoutKey = (incidentId: string, generation: number) => `ackto:${incidentId}:${generation}`;

/** Sets the incident's next step and schedules its job in the same transaction. */
export async function scheduleStep(p: Platform, q: Queryable, s: StepPayload, runAt: number) {
  await patchIncident(q, s.incidentId, {
    next_level: s.level,
    next_round: s.round,
    next_step_at: new Date(runAt),
    exhausted: false,
  });
  await p.jobs.schedule(
    { kind: STEP_JOB, payload: s, runAt: new Date(runAt), idempotencyKey: stepKey(s), maxAttempts: 20 },
    q,
  );
}

export async function scheduleAckTimeout(
  p: Platform,
  q: Queryable,
  incidentId: string,
  generation: number,
  at: Date,
) {
  await p.jobs.schedule(
    {
      kind: ACK_TIMEOUT_JOB,
      payload: { incidentId, generation },
      runAt: at,
      idempotencyKey: ackTimeoutKey(incidentId, generation),
      maxAttempts: 20,
    },
    q,
  );
}

/** The step after (level, round): the next level, the first level of the next round, or none. */
export function nextAfter(policy: PolicyRow | null, urgency: string, level: number, round: number) {
  if (!policy || urgency === 'low') return null;
  if (level + 1 < policy.levels.length) return { level: level + 1, round };
  if (round < policy.repeat) return { level: 0, round: round + 1 };
  return null;
}

const levelDelayMs = (policy: PolicyRow | null, level: number) =>
  Math.round((policy?.levels[Math.max(0, level)]?.delaySeconds ?? 0) * 1000);

async function whoToPage(
  q: Queryable,
  inc: IncidentRow,
  policy: PolicyRow | null,
  s: StepPayload,
  now: number,
) {
  if (s.level === -1) {
    const base = Math.max(inc.last_level, 0);
    const next =
      inc.last_level < 0
        ? policy
          ? { level: 0, round: inc.last_round }
          : null
        : nextAfter(policy, inc.urgency, inc.last_level, inc.last_round);
    return { userIds: inc.assignee_ids, delayMs: levelDelayMs(policy, base), next };
  }
  if (!policy) return { userIds: await orgOwners(q, inc.org_id), delayMs: 0, next: null }; // unrouted: the owners
  const level = policy.levels[s.level];
  if (!level) return { userIds: [], delayMs: 0, next: null };
  return {
    userIds: await resolveTargets(q, inc.org_id, level.targets, now),
    delayMs: Math.round(level.delaySeconds * 1000),
    next: nextAfter(policy, inc.urgency, s.level, s.round),
  };
}

/**
 * One escalation step, in one transaction with the incident row locked. A step whose
 * generation, level or round is no longer the incident's next step is stale and does nothing:
 * an acknowledgement, resolve or reassign bumped the generation, or this step already ran.
 */
export async function runStep(p: Platform, s: StepPayload, metrics: OncallMetrics) {
  const result = await p.db.tx(async (q) => {
    const inc = await lockIncident(q, s.incidentId);
    if (
      inc?.status !== 'triggered' ||
      inc.exhausted ||
      inc.generation !== s.generation ||
      inc.next_level !== s.level ||
      inc.next_round !== s.round
    ) {
      metrics.steps.inc({ outcome: 'stale' });
      return null;
    }
    const now = nowFor(p);
    const policy = inc.policy_id ? ((await findPolicy(q, inc.org_id, inc.policy_id)) ?? null) : null;
    const plan = await whoToPage(q, inc, policy, s, now);
    const roles = await memberRoles(q, inc.org_id, plan.userIds);
    const userIds = plan.userIds.filter((id) => roles.has(id));
    const key = stepKey(s);
    if (!userIds.length)
      await addTimeline(q, inc.id, 'nobody_to_notify', { details: { level: s.level, round: s.round } });
    for (const userId of userIds) {
      await addTimeline(q, inc.id, 'notified', { userId, details: { level: s.level, round: s.round } });
      await queueUserNotifications(p, q, inc, userId, key);
    }
    await patchIncident(q, inc.id, {
      last_level: s.level >= 0 ? s.level : inc.last_level,
      last_round: s.round,
      ...(userIds.length ? { assignee_ids: userIds } : {}),
    });
    if (plan.next) {
      // Nobody was paged: move on at once rather than wait out this level's delay.
      const delay = userIds.length ? plan.delayMs : 0;
      await scheduleStep(p, q, { incidentId: inc.id, generation: inc.generation, ...plan.next }, now + delay);
    } else {
      await patchIncident(q, inc.id, { exhausted: true, next_step_at: null });
      await addTimeline(q, inc.id, 'escalation_exhausted', { details: { level: s.level, round: s.round } });
    }
    metrics.steps.inc({ outcome: 'paged' });
    return { incident: inc, userIds, after: await lockIncident(q, inc.id) };
  });
  // After commit: lists, the detail page and the nav count pick up the new assignees / state.
  if (result) await announce(p, result.after, result.userIds.length ? 'paged' : 'updated');
  return result;
}

/** An acknowledgement that timed out: back to triggered, paging the level that was paged last. */
export async function runAckTimeout(p: Platform, payload: { incidentId: string; generation: number }) {
  const after = await p.db.tx(async (q) => {
    const inc = await lockIncident(q, payload.incidentId);
    if (inc?.status !== 'acknowledged' || inc.generation !== payload.generation) return null;
    const generation = inc.generation + 1;
    await patchIncident(q, inc.id, {
      status: 'triggered',
      generation,
      acked_by: null,
      acked_at: null,
      ack_until: null,
    });
    await addTimeline(q, inc.id, 'ack_timeout', { details: { ackedBy: inc.acked_by } });
    await scheduleStep(
      p,
      q,
      { incidentId: inc.id, generation, level: Math.max(inc.last_level, 0), round: inc.last_round },
      nowFor(p),
    );
    return lockIncident(q, inc.id);
  });
  await announce(p, after, 'updated');
  return after;
}

export { levelDelayMs };
