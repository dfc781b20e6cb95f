import { sha256 } from '../platform/auth/secrets.ts';
import type { Queryable } from '../platform/db/db.ts';
import type { Job, JobSpec } from '../platform/jobs/jobs.ts';
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
function checkRequest(req: DeliveryRequest) {
  if (!CHANNELS.includes(req.channel)) throw new TypeError(`unknown channel ${String(req.channel)}`);
  const problem = targetProblem(req.channel, req.target);
  if (problem) throw new TypeError(`a ${req.channel} target ${problem}`);
  if (!req.idempotencyKey) throw new TypeError('a delivery needs an idempotencyKey');
}

const toRow = (req: DeliveryRequest): store.NewDelivery => ({
  key: req.idempotencyKey,
  channel: req.channel,
  target: req.target,
  payload: req.payload,
  orgId: req.orgId ?? null,
  ownerUserId: req.ownerUserId ?? null,
  refType: req.ref?.type ?? null,
  refId: req.ref?.id ?? null,
});

const firstAttempt = (deliveryId: string, runAt?: Date): JobSpec => ({
  kind: SEND_JOB,
  payload: { deliveryId, attempt: 1 } satisfies SendJobPayload,
  idempotencyKey: sendJobKey(deliveryId, 1),
  maxAttempts: 5,
  ...(runAt ? { runAt } : {}),
});

export async function deliver(p: Platform, req: DeliveryRequest, q?: Queryable) {
  checkRequest(req);
  const run = async (tx: Queryable) => {
    const row = await store.insertDelivery(tx, toRow(req));
    if (row.created) await p.jobs.schedule(firstAttempt(row.id, req.runAt), tx);
    return row;
  };
  return q ? run(q) : p.db.tx(run);
}

/**
 * Queues several deliveries in the caller's transaction `q` with a few statements for all.
 * Those due now are leased to this process's job worker when it runs (the paging hot path):
 * once `q` commits, hand `claimed` to `p.jobs.runClaimed()` and they go out at once, without
 * waiting for a poll or a claim. The send jobs are in the table all the same, so if the
 * process dies first another worker sends them when the lease expires: exactly one delivery
 * row per key, at-least-once attempts, as with deliver().
 */
export async function deliverMany(p: Platform, reqs: readonly DeliveryRequest[], q: Queryable) {
  for (const req of reqs) checkRequest(req);
  const ids = await store.insertDeliveries(q, reqs.map(toRow));
  const now = Date.now();
  const immediate: JobSpec[] = [];
  const later: JobSpec[] = [];
  const seen = new Set<string>();
  for (const req of reqs) {
    const id = ids.get(req.idempotencyKey);
    if (!id || seen.has(id)) continue; // already queued before (same key)
    seen.add(id);
    if (!req.runAt || req.runAt.getTime() <= now) immediate.push(firstAttempt(id));
    else later.push(firstAttempt(id, req.runAt));
  }
  const claimed: Job[] = await p.jobs.scheduleClaimed(immediate, q);
  if (later.length) await p.jobs.scheduleMany(later, q);
  if (claimed.length) {
    const byId = new Map(reqs.map((r) => [ids.get(r.idempotencyKey), r]));
    for (const job of claimed) {
      const id = (job.payload as SendJobPayload).deliveryId;
      const req = byId.get(id);
      if (req) handedOver.set(job, asInserted(id, req));
    }
  }
  return { created: ids.size, claimed };
}

/**
 * The rows of deliveries handed straight to the sender, by their send job: exactly what
 * reading them back would give (pending, no attempt; only the send job we hold changes them),
 * so the first attempt needs no read. Weak: a rolled-back batch leaves nothing behind.
 */
const handedOver = new WeakMap<Job, store.DeliveryRow>();
export const handedOverRow = (job: Job) => handedOver.get(job);

function asInserted(id: string, req: DeliveryRequest): store.DeliveryRow {
  const now = new Date();
  return {
    id,
    idempotency_key: req.idempotencyKey,
    channel: req.channel,
    target: req.target,
    payload: req.payload,
    status: 'pending',
    attempts: 0,
    last_error: null,
    org_id: req.orgId ?? null,
    owner_user_id: req.ownerUserId ?? null,
    ref_type: req.ref?.type ?? null,
    ref_id: req.ref?.id ?? null,
    endpoint_id: null,
    created_at: now,
    updated_at: now,
    delivered_at: null,
  };
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
