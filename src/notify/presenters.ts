import type { DeliveryRow } from './store.ts';
import type { Delivery, Target } from './types.ts';

/** Where a delivery went, without secrets (a webhook's signing secret never leaves the server). */
export function describeTarget(t: Target): string {
  if ('to' in t) return t.to;
  if ('url' in t) {
    try {
      const u = new URL(t.url);
      return `${u.protocol}//${u.host}${u.pathname.length > 1 ? '/…' : '/'}`;
    } catch {
      return 'invalid URL';
    }
  }
  return `user ${t.userId}`;
}

export const presentDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  channel: r.channel,
  target: describeTarget(r.target),
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  refType: r.ref_type,
  refId: r.ref_id,
  ownerUserId: r.owner_user_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
});
