import type { Indicator, SharingPolicy, SharingPolicyInput } from '../../src/intel/schemas.ts';
import { enc, q, request } from './api.ts';
import type { Page } from './types.ts';

export type { Indicator, SharingPolicy, SharingPolicyInput };

export interface PeerReflector {
  vector: string;
  address: string;
  port: number;
  indicatorIds: string[];
  sourceOrgIds: string[];
  expiresAt: string;
}

const base = (orgId: string) => `/orgs/${enc(orgId)}/intel`;

/** Collective defense endpoints (src/intel/routes.ts). */
export const intelApi = {
  indicators: (
    orgId: string,
    o: {
      scope?: 'own' | 'peers' | 'all';
      state?: Indicator['state'];
      cursor?: string | null;
      limit?: number;
    } = {},
  ) =>
    request<Page<Indicator>>(
      'GET',
      `${base(orgId)}/indicators${q({ scope: o.scope, state: o.state, cursor: o.cursor, limit: o.limit ?? 50 })}`,
    ),
  decide: (orgId: string, id: string, decision: 'approve' | 'reject' | 'withdraw') =>
    request<Indicator>('POST', `${base(orgId)}/indicators/${enc(id)}/${decision}`, {}),
  policy: (orgId: string) => request<SharingPolicy>('GET', `${base(orgId)}/policy`),
  putPolicy: (orgId: string, body: SharingPolicyInput) =>
    request<SharingPolicy>('PUT', `${base(orgId)}/policy`, body),
  peerReflectors: (orgId: string) =>
    request<{ items: PeerReflector[] }>('GET', `${base(orgId)}/peer-reflectors`),
  stixUrl: (orgId: string, scope: 'own' | 'peers') => `/api/v1${base(orgId)}/stix?scope=${scope}`,
};

/** Live events of src/intel/events.ts; each carries the whole indicator as the reader may see it. */
export const INDICATOR_EVENTS = [
  'intel.indicator.proposed',
  'intel.indicator.shared',
  'intel.indicator.updated',
  'intel.indicator.rejected',
  'intel.indicator.withdrawn',
] as const;
