import { enc, q, request } from './api.ts';
import type { Page } from './types.ts';
import type {
  Attack,
  AttackWithSamples,
  Collector,
  Mitigation,
  MitigationSettings,
  MitigationSettingsInput,
  MitigationState,
  MitigationWithEvents,
} from './types-ops.ts';

const org = (orgId: string) => `/orgs/${enc(orgId)}`;

/** Detection and mitigation endpoints (src/detection/routes.ts, src/mitigation/routes.ts). */
export const opsApi = {
  attacks: (orgId: string, state: 'active' | 'ended', cursor?: string | null, limit = 50) =>
    request<Page<Attack>>('GET', `${org(orgId)}/attacks${q({ state, limit, cursor })}`),
  attack: (orgId: string, attackId: string) =>
    request<AttackWithSamples>('GET', `${org(orgId)}/attacks/${enc(attackId)}`),
  collectors: (orgId: string) => request<{ items: Collector[] }>('GET', `${org(orgId)}/collectors`),

  /** `states` filters by any of several states; `attackId` to the attack's mitigation. */
  mitigations: (
    orgId: string,
    o: { states?: MitigationState[]; attackId?: string; cursor?: string | null; limit?: number } = {},
  ) =>
    request<Page<Mitigation>>(
      'GET',
      `${org(orgId)}/mitigations${q({
        state: o.states?.length ? o.states.join(',') : undefined,
        attackId: o.attackId,
        limit: o.limit ?? 50,
        cursor: o.cursor,
      })}`,
    ),
  mitigation: (orgId: string, id: string) =>
    request<MitigationWithEvents>('GET', `${org(orgId)}/mitigations/${enc(id)}`),
  decideMitigation: (orgId: string, id: string, decision: 'approve' | 'reject' | 'withdraw', note?: string) =>
    request<Mitigation>('POST', `${org(orgId)}/mitigations/${enc(id)}/${decision}`, note ? { note } : {}),
  mitigationSettings: (orgId: string) =>
    request<MitigationSettings>('GET', `${org(orgId)}/mitigation/settings`),
  putMitigationSettings: (orgId: string, body: MitigationSettingsInput) =>
    request<MitigationSettings>('PUT', `${org(orgId)}/mitigation/settings`, body),
};
