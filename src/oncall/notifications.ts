import { type Channel, deliver, type Message, type Target } from '../notify/index.ts';
import type { Queryable } from '../platform/db/db.ts';
import type { Job } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { createAckToken } from './ack-links.ts';
import { nowFor } from './clock.ts';
import type { IncidentRow } from './store/incidents.ts';

export const NOTIFY_JOB = 'oncall.notify';

interface RuleRow {
  id: string;
  channel: Channel;
  delay_ms: number;
  target: string | null;
  secret: string | null;
}
export interface NotifyPayload {
  incidentId: string;
  generation: number;
  userId: string;
  ruleId: string;
  channel: Channel;
  target: string | null;
  secret: string | null;
}
export interface LinkOptions {
  publicUrl: string;
  ackTtlMs: number;
}

/** With no rules of their own, people get an in-app notification and an email at once. */
const DEFAULT_RULES: RuleRow[] = [
  { id: 'default-in-app', channel: 'in_app', delay_ms: 0, target: null, secret: null },
  { id: 'default-email', channel: 'email', delay_ms: 0, target: null, secret: null },
];

/** Schedules one durable job per notification rule of the paged person (delayed per rule). */
export async function queueUserNotifications(
  p: Platform,
  q: Queryable,
  inc: IncidentRow,
  userId: string,
  stepKey: string,
) {
  const all = await q.query<RuleRow & { urgency: string }>(
    'select id, channel, delay_ms, target, secret, urgency from oncall_notification_rules where user_id = $1 order by created_at, id',
    [userId],
  );
  const matching = all.filter((r) => r.urgency === 'any' || r.urgency === inc.urgency);
  const rules = all.length === 0 ? DEFAULT_RULES : matching.length ? matching : DEFAULT_RULES.slice(0, 1);
  const now = nowFor(p);
  for (const r of rules) {
    const payload: NotifyPayload = {
      incidentId: inc.id,
      generation: inc.generation,
      userId,
      ruleId: r.id,
      channel: r.channel,
      target: r.target,
      secret: r.secret,
    };
    await p.jobs.schedule(
      {
        kind: NOTIFY_JOB,
        payload,
        runAt: new Date(now + r.delay_ms),
        idempotencyKey: `ntf:${stepKey}:${userId}:${r.id}`,
        maxAttempts: 20,
      },
      q,
    );
  }
}

export async function incidentMessage(
  q: Queryable,
  inc: IncidentRow & { org_handle?: string },
  userId: string,
  links: LinkOptions,
): Promise<Message> {
  const base = links.publicUrl.replace(/\/+$/, '');
  const token = await createAckToken(q, { incidentId: inc.id, userId, orgId: inc.org_id }, links.ackTtlMs);
  const level = inc.last_level >= 0 ? ` Escalation level ${inc.last_level + 1}.` : '';
  return {
    title: `[${inc.severity.toUpperCase()}] #${inc.number} ${inc.summary}`.slice(0, 250),
    text: `Incident #${inc.number} is ${inc.status} (source: ${inc.source}, severity: ${inc.severity}, urgency: ${inc.urgency}).${level} Acknowledge it to stop the escalation.`,
    severity: inc.severity,
    links: [
      { label: 'Acknowledge', url: `${base}/ack/${token}` },
      // The console addresses organisations by handle.
      { label: 'Open incident', url: `${base}/o/${inc.org_handle ?? inc.org_id}/incidents/${inc.id}` },
    ],
    event: {
      type: 'incident.page',
      data: {
        incidentId: inc.id,
        orgId: inc.org_id,
        number: inc.number,
        summary: inc.summary,
        severity: inc.severity,
        urgency: inc.urgency,
        status: inc.status,
        source: inc.source,
        dedupKey: inc.dedup_key,
        userId,
      },
    },
  };
}

function targetOf(n: NotifyPayload, inc: IncidentRow, email: string): Target | null {
  switch (n.channel) {
    case 'in_app':
      return { userId: n.userId, orgId: inc.org_id };
    case 'email':
      return { to: n.target ?? email };
    default:
      return n.target ? { url: n.target, ...(n.secret ? { secret: n.secret } : {}) } : null;
  }
}

/**
 * One notification rule coming due: still triggered (same generation) → a delivery through the
 * notify module, in one transaction; acknowledged or resolved meanwhile → nothing.
 */
export async function runNotify(p: Platform, job: Job, links: LinkOptions) {
  const n = job.payload as NotifyPayload;
  await p.db.tx(async (q) => {
    const inc = await q.one<IncidentRow & { org_handle: string }>(
      `select id, org_id, number::int as number, summary, severity, urgency, status, source, dedup_key, generation, last_level,
         (select handle from orgs where orgs.id = org_id) as org_handle
       from oncall_incidents where id = $1`,
      [n.incidentId],
    );
    if (inc?.status !== 'triggered' || inc.generation !== n.generation) return;
    const user = await q.one<{ email: string }>(
      'select email from users where id = $1 and disabled_at is null',
      [n.userId],
    );
    if (!user) return;
    const target = targetOf(n, inc, user.email);
    if (!target) return;
    await deliver(
      p,
      {
        channel: n.channel,
        target,
        payload: await incidentMessage(q, inc, n.userId, links),
        idempotencyKey: `oncall:${job.idempotencyKey ?? job.id}`,
        orgId: inc.org_id,
        ownerUserId: n.userId,
        ref: { type: 'incident', id: inc.id },
      },
      q,
    );
  });
}
