import { enc, request } from '../../api.ts';
import type { StatusIncident } from '../../api-status.ts';

/** Shapes of the subscriber admin API (src/status/subscriptions/schemas.ts) and the publishing gate. */
export interface Subscriber {
  id: string;
  kind: 'email' | 'webhook';
  address: string;
  componentIds: string[] | null;
  state: 'pending' | 'confirmed';
  createdAt: string;
  confirmedAt: string | null;
}
export interface SubscriberList {
  counts: {
    email: { pending: number; confirmed: number };
    webhook: { pending: number; confirmed: number };
    total: number;
  };
  items: Subscriber[];
}
export interface SubscriberDelivery {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
export type NewSubscriber =
  | { kind: 'email'; email: string; componentIds?: string[] | null }
  | { kind: 'webhook'; url: string; componentIds?: string[] | null };

const base = (orgId: string) => `/orgs/${enc(orgId)}/status`;

export const subscribersApi = {
  list: (orgId: string) => request<SubscriberList>('GET', `${base(orgId)}/subscribers`),
  add: (orgId: string, body: NewSubscriber) =>
    request<{ subscriber: Subscriber | null; secret: string | null; message: string }>(
      'POST',
      `${base(orgId)}/subscribers`,
      body,
    ),
  remove: (orgId: string, id: string) => request<void>('DELETE', `${base(orgId)}/subscribers/${enc(id)}`),
  deliveries: (orgId: string, id: string) =>
    request<{ items: SubscriberDelivery[] }>('GET', `${base(orgId)}/subscribers/${enc(id)}/deliveries`),
  /** A coordination post or matrix statement as the next public update (409 unless TLP:CLEAR). */
  publish: (
    orgId: string,
    incidentId: string,
    source: { kind: 'post' | 'statement'; id: string },
    status: string,
  ) =>
    request<StatusIncident>(
      'POST',
      `${base(orgId)}/incidents/${enc(incidentId)}/updates/${source.kind === 'post' ? 'from-post' : 'from-statement'}`,
      source.kind === 'post' ? { postId: source.id, status } : { matrixRowId: source.id, status },
    ),
};
