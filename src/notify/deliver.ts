import { sha256 } from '../platform/auth/secrets.ts';
import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import { presentDelivery } from './presenters.ts';
import * as store from './store.ts';
import { CHANNELS, type DeliveryRequest, type Target } from './types.ts';

export const SEND_JOB = 'notify.send';

export interface SendJobPayload {
  deliveryId: string;
  attempt: number;
}

export const sendJobKey = (deliveryId: string, attempt: number) => `notify:${deliveryId}:${attempt}`;
export const urlHash = (url: string) => sha256(url);

function targetProblem(channel: DeliveryRequest['channel'], target: Target): string | null {
  if (channel === 'in_app') return 'userId' in target && 'orgId' in target ? null : 'needs { userId, orgId }';
  if (channel === 'email') return 'to' in target && typeof target.to === 'string' ? null : 'needs { to }';
  if (!('url' in target) || typeof target.url !== 'string') return 'needs { url }';
  return /^https?:\/\//.test(target.url) ? null : 'url must be http(s)';
}

/**
 * Queues one delivery: a row in the delivery log plus a durable job that sends it, retried
 * with backoff. Pass the caller's transaction `q` so the delivery exists iff its cause commits.
 * The same idempotencyKey twice is one delivery.
 */
export async function deliver(p: Platform, req: DeliveryRequest, q?: Queryable) {
  if (!CHANNELS.includes(req.channel)) throw new TypeError(`unknown channel ${String(req.channel)}`);
  const problem = targetProblem(req.channel, req.target);
  if (problem) throw new TypeError(`a ${req.channel} target ${problem}`);
  if (!req.idempotencyKey) throw new TypeError('a delivery needs an idempotencyKey');
  const run = async (tx: Queryable) => {
    const row = await store.insertDelivery(tx, {
      key: req.idempotencyKey,
      channel: req.channel,
      target: req.target,
      payload: req.payload,
      orgId: req.orgId ?? null,
      ownerUserId: req.ownerUserId ?? null,
      refType: req.ref?.type ?? null,
      refId: req.ref?.id ?? null,
    });
    if (row.created) {
      const payload: SendJobPayload = { deliveryId: row.id, attempt: 1 };
      await p.jobs.schedule(
        {
          kind: SEND_JOB,
          payload,
          idempotencyKey: sendJobKey(row.id, 1),
          maxAttempts: 5,
          ...(req.runAt ? { runAt: req.runAt } : {}),
        },
        tx,
      );
    }
    return row;
  };
  return q ? run(q) : p.db.tx(run);
}

/** The delivery log of one subject (e.g. an incident), oldest first. */
export async function deliveriesFor(p: Platform, ref: { type: string; id: string }, q: Queryable = p.db) {
  return (await store.listByRef(q, ref.type, ref.id)).map(presentDelivery);
}

/** Re-enables a webhook endpoint that was disabled after repeated failures. */
export async function enableWebhook(
  p: Platform,
  url: string,
  ownerUserId: string | null,
  q: Queryable = p.db,
) {
  await store.enableEndpoint(q, urlHash(url), ownerUserId);
}

/** Whether a webhook URL of an owner is currently disabled. */
export async function webhookState(p: Platform, url: string, ownerUserId: string | null) {
  const row = await store.endpointState(p.db, urlHash(url), ownerUserId);
  return { disabled: !!row?.disabled_at, consecutiveFailures: row?.consecutive_failures ?? 0 };
}
