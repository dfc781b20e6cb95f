import { isIP } from 'node:net';
import { addressChecker, enableWebhook, webhookState } from '../notify/index.ts';
import { newSecret } from '../platform/auth/secrets.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { NotificationRuleInput } from './incident-schemas.ts';
import { fieldError } from './problems.ts';

interface RuleRow {
  id: string;
  channel: string;
  delay_ms: number;
  urgency: string;
  target: string | null;
  secret: string | null;
  created_at: Date;
}
const COLS = 'id, channel, delay_ms, urgency, target, secret, created_at';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_RULES = 20;

async function present(p: Platform, userId: string, r: RuleRow) {
  const state =
    r.target && r.channel !== 'email' ? await webhookState(p, r.target, userId) : { disabled: false };
  return {
    id: r.id,
    channel: r.channel,
    delaySeconds: r.delay_ms / 1000,
    urgency: r.urgency,
    target: r.target,
    hasSecret: !!r.secret,
    disabled: state.disabled,
    createdAt: r.created_at.toISOString(),
  };
}

/** Checks a rule's target; webhooks may not point at private addresses unless allowed. */
function checkTarget(input: NotificationRuleInput, allowAddresses: readonly string[]) {
  if (input.channel === 'in_app') {
    if (input.target !== undefined) throw fieldError('target', 'in-app notifications take no target');
    return null;
  }
  if (input.channel === 'email') {
    if (input.target !== undefined && !EMAIL.test(input.target))
      throw fieldError('target', 'the email target is not an email address');
    return input.target?.toLowerCase() ?? null;
  }
  if (!input.target) throw fieldError('target', `a ${input.channel} rule needs a target URL`);
  let url: URL;
  try {
    url = new URL(input.target);
  } catch {
    throw fieldError('target', 'the target is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw fieldError('target', 'webhook URLs must be http or https');
  if (url.username || url.password) throw fieldError('target', 'webhook URLs may not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isAllowed = addressChecker({ allow: allowAddresses });
  if ((isIP(host) && !isAllowed(host)) || (host === 'localhost' && !isAllowed('127.0.0.1')))
    throw fieldError(
      'target',
      `webhooks may not reach ${host}: it is a private, loopback or reserved address`,
    );
  return url.toString();
}

export async function listRules(p: Platform, userId: string) {
  const rows = await p.db.query<RuleRow>(
    `select ${COLS} from oncall_notification_rules where user_id = $1 order by created_at, id`,
    [userId],
  );
  return Promise.all(rows.map((r) => present(p, userId, r)));
}

export async function createRule(
  p: Platform,
  userId: string,
  input: NotificationRuleInput,
  allow: readonly string[],
) {
  const target = checkTarget(input, allow);
  const secret = input.channel === 'webhook' ? newSecret(24) : null;
  const row = await p.db.tx(async (q) => {
    const n = await q.one<{ n: number }>(
      'select count(*)::int as n from oncall_notification_rules where user_id = $1',
      [userId],
    );
    if ((n?.n ?? 0) >= MAX_RULES)
      throw new AppError('validation_failed', `At most ${MAX_RULES} notification rules per person.`);
    return (await q.one<RuleRow>(
      `insert into oncall_notification_rules (user_id, channel, delay_ms, urgency, target, secret) values ($1, $2, $3, $4, $5, $6) returning ${COLS}`,
      [
        userId,
        input.channel,
        Math.round((input.delaySeconds ?? 0) * 1000),
        input.urgency ?? 'any',
        target,
        secret,
      ],
    ))!;
  });
  if (target && input.channel !== 'email') await enableWebhook(p, target, userId);
  return { rule: await present(p, userId, row), ...(secret ? { secret } : {}) };
}

/** Replaces a rule; saving a webhook rule again re-enables an endpoint that was disabled. */
export async function updateRule(
  p: Platform,
  userId: string,
  id: string,
  input: NotificationRuleInput,
  allow: readonly string[],
) {
  const target = checkTarget(input, allow);
  const row = await p.db.one<RuleRow>(
    `update oncall_notification_rules set channel = $3, delay_ms = $4, urgency = $5, target = $6,
       secret = case when $3 = 'webhook' then coalesce(secret, $7) else null end
     where user_id = $1 and id = $2 returning ${COLS}`,
    [
      userId,
      id,
      input.channel,
      Math.round((input.delaySeconds ?? 0) * 1000),
      input.urgency ?? 'any',
      target,
      newSecret(24),
    ],
  );
  if (!row) throw new AppError('not_found', 'No such notification rule.');
  if (target && input.channel !== 'email') await enableWebhook(p, target, userId);
  return present(p, userId, row);
}

export async function deleteRule(p: Platform, userId: string, id: string) {
  if (
    !(await p.db.execute('delete from oncall_notification_rules where user_id = $1 and id = $2', [
      userId,
      id,
    ]))
  )
    throw new AppError('not_found', 'No such notification rule.');
}
