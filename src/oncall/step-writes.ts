import type { DeliveryRequest } from '../notify/index.ts';
import type { JobSpec } from '../platform/jobs/jobs.ts';
import type { AckSigner } from './ack-links.ts';
import { STEP_JOB, type StepPayload, stepKey } from './engine.ts';
import {
  buildMessage,
  type LinkOptions,
  NOTIFY_JOB,
  type NotifyPayload,
  notificationKey,
  rulesToUse,
  targetOf,
} from './notifications.ts';
import type { StepPlan } from './step-plan.ts';
import type { NewTimelineEntry, StepUpdate } from './store/incidents.ts';

/**
 * What a planned batch of steps writes, as rows: timeline entries, incident updates, jobs (next
 * steps, notification rules with a delay) and the deliveries due now. No I/O: the caller writes
 * each kind with one statement.
 */
export function stepWrites(plan: StepPlan, now: number, links: LinkOptions, sign: AckSigner) {
  const timeline: NewTimelineEntry[] = [];
  const updates: StepUpdate[] = [];
  const jobs: JobSpec[] = [];
  const deliveries: DeliveryRequest[] = [];
  for (const { s, inc, userIds, delayMs, next: following } of plan.planned) {
    const details = { level: s.level, round: s.round };
    const key = stepKey(s);
    const paged = {
      ...inc,
      last_level: s.level >= 0 ? s.level : inc.last_level,
      org_handle: plan.handles.get(inc.org_id),
    };
    if (!userIds.length)
      timeline.push({ incident_id: inc.id, kind: 'nobody_to_notify', user_id: null, details });
    for (const userId of userIds) {
      timeline.push({ incident_id: inc.id, kind: 'notified', user_id: userId, details });
      for (const r of rulesToUse(plan.rules.get(userId), inc.urgency)) {
        const n: NotifyPayload = {
          incidentId: inc.id,
          generation: inc.generation,
          userId,
          ruleId: r.id,
          channel: r.channel,
          target: r.target,
          secret: r.secret,
        };
        const nkey = notificationKey(key, userId, r.id);
        if (r.delay_ms > 0) {
          // Later: a durable job that delivers only if the incident is still unacknowledged then.
          jobs.push({
            kind: NOTIFY_JOB,
            payload: n,
            runAt: new Date(now + r.delay_ms),
            idempotencyKey: nkey,
            maxAttempts: 20,
          });
          continue;
        }
        const target = targetOf(n, inc.org_id, plan.emails.get(userId) ?? '');
        if (!target) continue;
        deliveries.push({
          channel: r.channel,
          target,
          payload: buildMessage(paged, userId, links, sign),
          idempotencyKey: `oncall:${nkey}`,
          orgId: inc.org_id,
          ownerUserId: userId,
          ref: { type: 'incident', id: inc.id },
        });
      }
    }
    const update: StepUpdate = {
      id: inc.id,
      last_level: paged.last_level,
      last_round: s.round,
      assignees: userIds.length ? userIds : null,
      next_level: null,
      next_round: null,
      next_step_at: null,
      exhausted: !following,
    };
    if (following) {
      // Nobody was paged: move on at once rather than wait out this level's delay.
      const at = now + (userIds.length ? delayMs : 0);
      const next: StepPayload = { incidentId: inc.id, generation: inc.generation, ...following };
      Object.assign(update, {
        next_level: next.level,
        next_round: next.round,
        next_step_at: new Date(at).toISOString(),
      });
      jobs.push({
        kind: STEP_JOB,
        payload: next,
        runAt: new Date(at),
        idempotencyKey: stepKey(next),
        maxAttempts: 20,
      });
    } else {
      timeline.push({ incident_id: inc.id, kind: 'escalation_exhausted', user_id: null, details });
    }
    updates.push(update);
  }
  return { timeline, updates, jobs, deliveries };
}
