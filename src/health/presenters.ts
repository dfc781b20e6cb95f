// Rows to API shapes, field by field. Attacks are presented in one shape for both audiences
// (rates, vectors, times: what a customer may know about traffic to their own address);
// incidents and reports differ by audience, as src/policy/health.ts decides.

import type { HealthAudience } from '../policy/health.ts';
import { attackSentence } from './health.ts';
import type { Health } from './kinds.ts';
import type { HealthAttackRow, HealthIncidentRow } from './store-events.ts';
import type { ReportRow, ResponseRow } from './store-reports.ts';
import type { CustomerRow, ResourceRow } from './store-resources.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const MITIGATING = new Set(['announced', 'withdrawing', 'withdraw_failed']);

export const presentCustomer = (r: CustomerRow) => ({
  orgId: r.customer_org_id,
  handle: r.customer_handle,
  name: r.customer_name,
  resourceCount: r.resource_count,
  linkedAt: r.created_at.toISOString(),
});

export const presentResource = (r: ResourceRow) => ({
  id: r.id,
  providerOrgId: r.provider_org_id,
  customerOrgId: r.customer_org_id,
  kind: r.kind,
  identifier: r.identifier,
  name: r.name,
  region: r.region,
  componentId: r.component_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const attackFacts = (a: HealthAttackRow) => ({
  target: a.target,
  classification: a.classification,
  state: a.state,
  pps: a.pps,
  bps: a.bps,
  peakPps: a.peak_pps,
  mitigation: a.mitigation,
  mitigationKinds: a.mitigation_kinds,
  startedAt: a.started_at,
  endedAt: a.ended_at,
});

export type PresentedAttack = ReturnType<typeof presentAttack>;

export const presentAttack = (
  a: HealthAttackRow,
  samples?: Array<{ at: Date; pps: number; bps: number }>,
) => ({
  id: a.id,
  target: a.target,
  classification: a.classification,
  vectors: a.vectors,
  state: a.state,
  current: { pps: a.pps, bps: a.bps },
  peak: { pps: a.peak_pps, bps: a.peak_bps },
  mitigation: a.mitigation,
  mitigationActive: MITIGATING.has(a.mitigation ?? ''),
  startedAt: a.started_at.toISOString(),
  updatedAt: a.updated_at.toISOString(),
  endedAt: iso(a.ended_at),
  sentence: attackSentence(attackFacts(a)),
  ...(samples ? { samples: samples.map((s) => ({ at: s.at.toISOString(), pps: s.pps, bps: s.bps })) } : {}),
});

export type PresentedIncident = {
  id: string;
  status: string;
  touches: string;
  since: string;
  /** From a published status page: its title is public. */
  public: boolean;
  summary?: string;
};

/** What an incident touches, in words a customer understands. */
const touches = (i: HealthIncidentRow) =>
  i.resource_id
    ? 'this resource (after your problem report)'
    : i.target
      ? `address ${i.target}`
      : i.region
        ? `region ${i.region}`
        : i.components.length
          ? `service ${i.components.join(', ')}`
          : 'your resources';

/**
 * Customers get an on-call incident's existence, never its summary (the provider's internal
 * text); a status-page incident is public (CLEAR), so they get its title as the page shows it.
 */
export const presentIncident = (i: HealthIncidentRow, audience: HealthAudience): PresentedIncident => ({
  id: i.id,
  status: i.status,
  touches: touches(i),
  since: i.created_at.toISOString(),
  public: i.public,
  ...(audience === 'provider' || i.public ? { summary: i.summary } : {}),
});

export const presentResourceHealth = (
  r: ResourceRow & { provider_name: string },
  h: {
    health: Health;
    attacks: PresentedAttack[];
    incidents: PresentedIncident[];
    openReports: number;
  },
) => ({
  ...presentResource(r),
  providerName: r.provider_name,
  health: h.health,
  summary: h.attacks.find((a) => a.state === 'active')?.sentence ?? null,
  attacks: h.attacks,
  incidents: h.incidents,
  openReports: h.openReports,
});

export interface Evidence {
  attacks: PresentedAttack[];
  incidents: PresentedIncident[];
  agrees: boolean;
}

export const presentReport = (r: ReportRow, responses: ResponseRow[], audience: HealthAudience) => {
  const evidence = r.evidence as unknown as Evidence;
  return {
    id: r.id,
    customerOrgId: r.customer_org_id,
    customerName: r.customer_name,
    resource: {
      id: r.resource_id,
      kind: r.resource_kind,
      identifier: r.resource_identifier,
      name: r.resource_name,
    },
    kind: r.kind,
    description: r.description,
    state: r.state,
    paged: r.incident_id !== null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    firstResponseAt: iso(r.first_response_at),
    firstResponseSeconds: r.first_response_at
      ? Math.round((r.first_response_at.getTime() - r.created_at.getTime()) / 1000)
      : null,
    resolvedAt: iso(r.resolved_at),
    evidence: {
      attacks: evidence.attacks ?? [],
      // Stored in the provider's shape; the customer's copy loses the incidents' internal text.
      incidents: (evidence.incidents ?? []).map((i) =>
        audience === 'provider' || i.public
          ? i
          : { id: i.id, status: i.status, touches: i.touches, since: i.since, public: false },
      ),
      agrees: evidence.agrees ?? false,
    },
    ...(audience === 'provider' ? { pagedReason: r.paged_reason, incidentId: r.incident_id } : {}),
    responses: responses.map((x) => ({
      id: x.id,
      author: x.author_name,
      message: x.message,
      state: x.state,
      at: x.created_at.toISOString(),
    })),
  };
};
