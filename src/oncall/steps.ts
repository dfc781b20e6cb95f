import { deliverMany } from '../notify/index.ts';
import type { Platform } from '../platform/platform.ts';
import { ackSigner } from './ack-links.ts';
import { nowFor } from './clock.ts';
import type { StepPayload } from './engine.ts';
import { announce } from './events.ts';
import type { OncallMetrics } from './metrics.ts';
import type { LinkOptions } from './notifications.ts';
import { planSteps } from './step-plan.ts';
import { stepWrites } from './step-writes.ts';
import { addTimelines, applyStepUpdates, lockIncidents } from './store/incidents.ts';

export interface StepContext {
  metrics: OncallMetrics;
  links: LinkOptions;
}

/**
 * A batch of escalation steps in one transaction, the incidents locked (in id order). Each
 * step that is still its incident's next step pages the level's people: the timeline, the
 * incident, the next step and the notifications are written together, and the notifications
 * due now are delivered with it — their send jobs leased to this worker and handed to the
 * sender once the transaction commits, so a page reaches its channel without another claim.
 */
async function runBatch(p: Platform, steps: readonly StepPayload[], ctx: StepContext) {
  const sign = await ackSigner(p.db); // outside the transaction: PGlite has one connection
  const result = await p.db.tx(async (q) => {
    const locked = new Map(
      (
        await lockIncidents(
          q,
          steps.map((s) => s.incidentId),
          p.db.engine === 'postgres',
        )
      ).map((i) => [i.id, i]),
    );
    const now = nowFor(p);
    const plan = await planSteps(q, locked, steps, now);
    ctx.metrics.steps.inc({ outcome: 'stale' }, steps.length - plan.planned.length);
    if (!plan.planned.length) return null;
    const { timeline, updates, jobs, deliveries } = stepWrites(plan, now, ctx.links, sign);
    await addTimelines(q, timeline);
    const after = await applyStepUpdates(q, locked, updates);
    await p.jobs.scheduleMany(jobs, q);
    const { claimed } = await deliverMany(p, deliveries, q);
    const pagedIds = new Set(plan.planned.filter((x) => x.userIds.length).map((x) => x.inc.id));
    return { claimed, after, pagedIds };
  });
  if (!result) return;
  // Committed: the pages go to their channels first, then the live incident events.
  p.jobs.runClaimed(result.claimed);
  ctx.metrics.steps.inc({ outcome: 'paged' }, result.after.length);
  for (const inc of result.after) await announce(p, inc, result.pagedIds.has(inc.id) ? 'paged' : 'updated');
}

/**
 * Runs escalation steps (one job each) together; returns the failures by job id. When the
 * batch fails as a whole, each step is tried alone, so one bad incident holds up no other.
 */
export function runSteps(
  p: Platform,
  runs: ReadonlyArray<{ jobId: number; step: StepPayload }>,
  ctx: StepContext,
): Promise<Map<number, unknown>> {
  if (p.db.engine === 'postgres') return runNow(p, runs, ctx);
  // PGlite runs one transaction at a time anyway: batches queued behind each other would also
  // queue every other statement (a delivery's record, the next claim) behind all of them.
  const turn = (embeddedTurns.get(p) ?? Promise.resolve()).then(() => runNow(p, runs, ctx));
  embeddedTurns.set(
    p,
    turn.then(
      () => {},
      () => {},
    ),
  );
  return turn;
}

const embeddedTurns = new WeakMap<Platform, Promise<void>>();

async function runNow(
  p: Platform,
  runs: ReadonlyArray<{ jobId: number; step: StepPayload }>,
  ctx: StepContext,
): Promise<Map<number, unknown>> {
  try {
    await runBatch(
      p,
      runs.map((r) => r.step),
      ctx,
    );
    return new Map();
  } catch (err) {
    if (runs.length === 1) return new Map([[runs[0]!.jobId, err]]);
    // One after another: the batch may have failed for want of connections.
    const failed = new Map<number, unknown>();
    for (const r of runs) {
      try {
        await runBatch(p, [r.step], ctx);
      } catch (e) {
        failed.set(r.jobId, e);
      }
    }
    return failed;
  }
}
