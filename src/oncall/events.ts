import type { Platform } from '../platform/platform.ts';
import { presentIncident } from './presenters.ts';
import type { IncidentRow } from './store/incidents.ts';

/**
 * Live incident events. Each carries the whole presented incident (the console replaces its
 * copy), AMBER+STRICT to the incident's org, no wider audience.
 * - triggered / acknowledged / resolved / escalated / reassigned: what a person or an alert did;
 * - paged: an escalation step paged people (they are now the assignees);
 * - updated: the engine changed it otherwise (an acknowledgement timed out back to triggered,
 *   a step found nobody to page, escalation ran out).
 */
export const INCIDENT_EVENT_TYPES = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.escalated',
  'incident.reassigned',
  'incident.paged',
  'incident.updated',
] as const;

export type IncidentEventKind = (typeof INCIDENT_EVENT_TYPES)[number] extends `incident.${infer K}`
  ? K
  : never;

/** Publishes `incident.<kind>`; a bus failure is logged, never fails the change (it is committed). */
export async function announce(p: Platform, inc: IncidentRow | null | undefined, kind: IncidentEventKind) {
  if (!inc) return;
  await p.bus
    .publish({ type: `incident.${kind}`, orgId: inc.org_id, tlp: 'AMBER+STRICT', data: presentIncident(inc) })
    .catch((err) => p.log.warn({ err, incidentId: inc.id }, 'could not publish an incident event'));
}
