import { type Channel, deliver, type Message, type Target } from '../notify/index.ts';
import type { Queryable } from '../platform/db/db.ts';
import type { Job } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { type AckSigner, ackSigner } from './ack-links.ts';
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

export type UserRule = RuleRow & { urgency: string };

/** Each person's notification rules, oldest first. */
export async function rulesByUser(q: Queryable, userIds: readonly string[]) {
  const out = new Map<string, UserRule[]>();
  if (!userIds.length) return out;
  const rows = await q.query<UserRule & { user_id: string }>(
    `select user_id, id, channel, delay_ms, target, secret, urgency from oncall_notification_rules
     where user_id = any($1::uuid[]) order by created_at, id`,
    [[...new Set(userIds)]],
  );
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push(r);
    out.set(r.user_id, list);
  }
  return out;
}

/** The rules that apply to a page of `urgency`; the defaults when the person has none that do. */
export function rulesToUse(all: readonly UserRule[] | undefined, urgency: string): RuleRow[] {
  if (!all?.length) return DEFAULT_RULES;
  const matching = all.filter((r) => r.urgency === 'any' || r.urgency === urgency);
  return matching.length ? matching : DEFAULT_RULES.slice(0, 1);
}

/** The idempotency key of one rule's notification for one page (delayed job or delivery). */
export const notificationKey = (stepKey: string, userId: string, ruleId: string) =>
  `ntf:${stepKey}:${userId}:${ruleId}`;

export async function incidentMessage(
  q: Queryable,
  inc: IncidentRow & { org_handle?: string },
  userId: string,
  links: LinkOptions,
): Promise<Message> {
  return buildMessage(inc, userId, links, await ackSigner(q));
}

/** The page for one person, with a fresh single-use acknowledge link. */
export function buildMessage(
  inc: IncidentRow & { org_handle?: string },
  userId: string,
  links: LinkOptions,
  sign: AckSigner,
): Message {
  const base = links.publicUrl.replace(/\/+$/, '');
  const token = sign({ incidentId: inc.id, userId }, links.ackTtlMs);
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

/** Where a rule's notification goes; null for a webhook rule without a URL. */
export function targetOf(
  n: Pick<NotifyPayload, 'channel' | 'target' | 'secret' | 'userId'>,
  orgId: string,
  email: string,
): Target | null {
  switch (n.channel) {
    case 'in_app':
      return { userId: n.userId, orgId };
    case 'email':
      return { to: n.target ?? email };
    default:
      return n.target ? { url: n.target, ...(n.secret ? { secret: n.secret } : {}) } : null;
  }
}

/**
 * A delayed notification rule coming due (rules without a delay are delivered by the step
 * itself, see steps.ts): still triggered (same generation) → a delivery through the
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
    const target = targetOf(n, inc.org_id, user.email);
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
