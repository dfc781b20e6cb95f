import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import { nowFor } from './clock.ts';
import { announce } from './events.ts';
import type { PolicyRow } from './store/config.ts';
import { addTimeline, lockIncident, patchIncident } from './store/incidents.ts';

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

/** The delay after a level (the first level's for the assignees' step after a reassign). */
export const levelDelayMs = (policy: PolicyRow | null, level: number) =>
  Math.round((policy?.levels[Math.max(0, level)]?.delaySeconds ?? 0) * 1000);

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
