import { randomBytes } from 'node:crypto';
import { deliveriesFor } from '../../notify/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import { actorIds, type Principal } from '../../policy/index.ts';
import { requirePage } from '../pages.ts';
import { requireWebhookUrl } from './addresses.ts';
import type { Subscriber, SubscriberInput } from './schemas.ts';
import { checkChoice, SUBSCRIBER_REF, subscribeEmail } from './service.ts';
import * as store from './store.ts';

/** Admin side of subscriptions: list with counts, add (webhook, or email with opt-in), remove, delivery log. */

const LIST_LIMIT = 1000;

export const presentSubscriber = (r: store.SubscriberRow): Subscriber => ({
  id: r.id,
  kind: r.kind,
  address: (r.kind === 'email' ? r.email : r.url) ?? '',
  componentIds: r.component_ids,
  state: r.state,
  createdAt: r.created_at.toISOString(),
  confirmedAt: r.confirmed_at ? r.confirmed_at.toISOString() : null,
});

export async function listSubscribers(p: Platform, orgId: string) {
  const page = await requirePage(p, orgId);
  const [rows, counts] = await Promise.all([
    store.listOfPage(p.db, page.id, LIST_LIMIT),
    store.countsOfPage(p.db, page.id),
  ]);
  const n = (kind: string, state: string) => counts.find((c) => c.kind === kind && c.state === state)?.n ?? 0;
  return {
    counts: {
      email: { pending: n('email', 'pending'), confirmed: n('email', 'confirmed') },
      webhook: { pending: n('webhook', 'pending'), confirmed: n('webhook', 'confirmed') },
      total: counts.reduce((sum, c) => sum + c.n, 0),
    },
    items: rows.map(presentSubscriber),
  };
}

export async function addSubscriber(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: SubscriberInput,
) {
  const page = await requirePage(p, orgId);
  const userId = actorIds(principal).userId;
  if (input.kind === 'email') {
    await subscribeEmail(p, page, { email: input.email, componentIds: input.componentIds ?? null }, userId);
    return {
      subscriber: null,
      secret: null,
      message:
        'A confirmation email is on its way (unless the address is subscribed already); the subscription starts when it is confirmed.',
    };
  }
  const url = await requireWebhookUrl(input.url, p.config.webhookAllowAddresses);
  const choice = await checkChoice(p.db, page.id, input.componentIds ?? null);
  const secret = randomBytes(24).toString('base64url');
  const row = await p.db.tx(async (q) => {
    const r = await store.insertWebhook(q, {
      pageId: page.id,
      url,
      secret,
      componentIds: choice.ids,
      createdBy: userId,
    });
    if (!r) throw new AppError('conflict', 'This URL is subscribed already; remove it first to change it.');
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'status.subscriber.added',
        targetType: 'status_subscriber',
        targetId: r.id,
        details: { kind: 'webhook' },
      },
      q,
    );
    return r;
  });
  return {
    subscriber: presentSubscriber(row),
    secret,
    message:
      'Deliveries are signed: x-swimmy-signature is sha256=HMAC-SHA256(secret, raw body). The secret is shown only now.',
  };
}

async function requireSubscriber(p: Platform, orgId: string, id: string) {
  const page = await requirePage(p, orgId);
  const row = await store.subscriberOfPage(p.db, page.id, id);
  if (!row) throw new AppError('not_found', 'No such subscriber on this status page.');
  return row;
}

export async function removeSubscriber(p: Platform, principal: Principal, orgId: string, id: string) {
  const row = await requireSubscriber(p, orgId, id);
  await p.db.tx(async (q) => {
    await store.remove(q, row.id);
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'status.subscriber.removed',
        targetType: 'status_subscriber',
        targetId: row.id,
        details: { kind: row.kind },
      },
      q,
    );
  });
}

/** What was sent to one subscriber (confirmation, updates), newest first. */
export async function subscriberDeliveries(p: Platform, orgId: string, id: string) {
  const row = await requireSubscriber(p, orgId, id);
  const all = await deliveriesFor(p, { type: SUBSCRIBER_REF, id: row.id });
  return {
    items: all.reverse().map((d) => ({
      id: d.id,
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
    })),
  };
}
