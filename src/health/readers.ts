// What the health module reads through other modules' services (never their stores): an
// on-call incident's labels (its events carry the incident, not the labels), and a status-page
// incident's components (its events carry ids only).

import { incidentDetail } from '../oncall/incident-queries.ts';
import type { Platform } from '../platform/platform.ts';
import { getIncident } from '../status/incidents.ts';
import type { StatusIncident } from './projection.ts';

export async function statusIncident(
  p: Platform,
  orgId: string,
  incidentId: string,
): Promise<StatusIncident> {
  const i = await getIncident(p, orgId, incidentId);
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    impact: i.impact,
    componentIds: [...i.componentIds],
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

export async function incidentLabels(
  p: Platform,
  orgId: string,
  incidentId: string,
): Promise<Record<string, string>> {
  const detail = await incidentDetail(p, orgId, incidentId);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(detail.labels ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}
