import type { Platform } from '../platform/platform.ts';
import { AUDIT_JOB, audit, scheduleAudit } from './auditor.ts';
import { type Clock, setOncallClock } from './clock.ts';
import { ACK_TIMEOUT_JOB, runAckTimeout, STEP_JOB, type StepPayload } from './engine.ts';
import { subscribeDetection } from './intake-bus.ts';
import { oncallMetrics } from './metrics.ts';
import { NOTIFY_JOB, runNotify } from './notifications.ts';
import { runSteps } from './steps.ts';

export interface OncallOptions {
  /** Base URL for links in notifications (default: config.publicUrl, else http://host:port). */
  publicUrl?: string;
  /** How long an acknowledge link works (default 24 h). */
  ackLinkTtlMs?: number;
  /** How often the auditor looks for escalations without a next step (default 30 s). */
  auditIntervalMs?: number;
  /** Take in attack.started / attack.ended from the bus (default true). */
  subscribeDetection?: boolean;
  /** The escalation clock (tests with a fake clock); default Date.now. */
  now?: Clock;
  /** Most escalation steps run in one transaction (default 100). */
  stepBatch?: number;
}

/**
 * The on-call engine for the `work` role: registers the escalation, ack-timeout, notification
 * and auditor jobs, schedules the auditor, and turns detection events into alerts. Pair it with
 * `startNotify(platform)`, which delivers what this queues.
 */
export function startOncall(p: Platform, o: OncallOptions = {}) {
  const { config } = p;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const publicUrl = o.publicUrl ?? config.publicUrl ?? `http://${host}:${config.port}`;
  const links = { publicUrl, ackTtlMs: o.ackLinkTtlMs ?? 24 * 3_600_000 };
  const interval = o.auditIntervalMs ?? 30_000;
  const metrics = oncallMetrics(p);
  const log = p.log.child({ component: 'oncall' });
  if (o.now) setOncallClock(p, o.now);

  // Steps due together run as one transaction per batch (thousands of incidents escalate at once
  // in a large attack); their immediate notifications go out as that transaction commits.
  p.jobs.registerBatch(
    STEP_JOB,
    (jobs) =>
      runSteps(
        p,
        jobs.map((job) => ({ jobId: job.id, step: job.payload as StepPayload })),
        { metrics, links },
      ),
    { maxBatch: o.stepBatch ?? 100 },
  );
  p.jobs.register(ACK_TIMEOUT_JOB, async (job) => {
    await runAckTimeout(p, job.payload as { incidentId: string; generation: number });
  });
  p.jobs.register(NOTIFY_JOB, (job) => runNotify(p, job, links));
  p.jobs.register(AUDIT_JOB, async () => {
    try {
      await audit(p, metrics);
    } finally {
      await scheduleAudit(p, interval);
    }
  });
  scheduleAudit(p, interval).catch((err) => log.error({ err }, 'could not schedule the on-call auditor'));
  const unsubscribe = o.subscribeDetection === false ? () => {} : subscribeDetection(p);
  return {
    close() {
      unsubscribe();
    },
  };
}
