import type { Platform } from '../platform/platform.ts';
import { nowFor } from './clock.ts';
import { scheduleAckTimeout, scheduleStep } from './engine.ts';
import type { OncallMetrics } from './metrics.ts';
import { addTimeline, lockIncident, patchIncident } from './store/incidents.ts';

export const AUDIT_JOB = 'oncall.audit';
const MAX_REPAIRS = 500;

/**
 * Schedules the auditor's next run in slot `floor(now / interval) + 1`. The slot is the
 * idempotency key, so any number of processes starting together schedule it once.
 */
export async function scheduleAudit(p: Platform, intervalMs: number, now = Date.now()) {
  const slot = Math.floor(now / intervalMs) + 1;
  await p.jobs.schedule({
    kind: AUDIT_JOB,
    payload: { slot },
    runAt: new Date(slot * intervalMs),
    idempotencyKey: `oncall-audit:${intervalMs}:${slot}`,
    maxAttempts: 3,
  });
}

/**
 * Finds escalations that lost their next step (a triggered incident with no live step job, an
 * acknowledgement with a timeout but no live timeout job: a job cancelled by hand, dead after
 * its attempts, or removed) and repairs each under a new generation, so nothing stale can fire.
 */
export async function audit(p: Platform, metrics: OncallMetrics) {
  const stuck = await p.db.query<{ id: string; kind: 'step' | 'ack_timeout' }>(
    `select i.id, 'step' as kind from oncall_incidents i
     where i.status = 'triggered' and not i.exhausted and not exists (
       select 1 from jobs j where j.state in ('pending', 'running')
         and j.idempotency_key = 'esc:' || i.id || ':' || i.generation || ':' || i.next_level || ':' || i.next_round)
     union all
     select i.id, 'ack_timeout' from oncall_incidents i
     where i.status = 'acknowledged' and i.ack_until is not null and not exists (
       select 1 from jobs j where j.state in ('pending', 'running') and j.idempotency_key = 'ackto:' || i.id || ':' || i.generation)
     limit ${MAX_REPAIRS}`,
  );
  let repaired = 0;
  for (const s of stuck) {
    const done = await p.db.tx(async (q) => {
      const inc = await lockIncident(q, s.id);
      if (!inc) return false;
      const generation = inc.generation + 1;
      if (s.kind === 'step' && inc.status === 'triggered' && !inc.exhausted) {
        await patchIncident(q, inc.id, { generation });
        const at = Math.max(nowFor(p), inc.next_step_at?.getTime() ?? 0);
        await scheduleStep(
          p,
          q,
          { incidentId: inc.id, generation, level: inc.next_level, round: inc.next_round },
          at,
        );
      } else if (s.kind === 'ack_timeout' && inc.status === 'acknowledged' && inc.ack_until) {
        await patchIncident(q, inc.id, { generation });
        await scheduleAckTimeout(p, q, inc.id, generation, inc.ack_until);
      } else return false;
      await addTimeline(q, inc.id, 'escalation_repaired', { details: { missing: s.kind } });
      return true;
    });
    if (done) {
      repaired++;
      metrics.repairs.inc({ kind: s.kind });
    }
  }
  if (repaired) p.log.warn({ repaired }, 'on-call auditor repaired escalations without a next step');
  return repaired;
}
