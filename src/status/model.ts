import { randomBytes } from 'node:crypto';

/** Statuses and rules shared by the admin API, the public renderers and the jobs. */

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
export type AnyIncidentStatus = IncidentStatus | MaintenanceStatus;

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number] | 'maintenance';
export type Kind = 'incident' | 'maintenance';

export type Indicator = 'none' | 'minor' | 'major' | 'critical';

/** Statuses after which an incident is over: a further update must reopen it explicitly. */
export const isClosed = (kind: Kind, status: string) =>
  kind === 'incident' ? status === 'resolved' || status === 'postmortem' : status === 'completed';

export const statusesOf = (kind: Kind): readonly string[] =>
  kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;

export const isComponentStatus = (s: string): s is ComponentStatus =>
  (COMPONENT_STATUSES as readonly string[]).includes(s);

const INDICATOR_RANK: Record<Indicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/** What a component status says about the whole page (Statuspage's rule). */
const COMPONENT_INDICATOR: Record<ComponentStatus, Indicator> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

export const INDICATOR_DESCRIPTION: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
};

/**
 * The page's overall status: the worst of its components and of its unresolved incidents'
 * impacts. Maintenance alone keeps the indicator at `none` (PRODUCT.md's four indicators) but
 * says "Service Under Maintenance".
 */
export function overallStatus(
  components: readonly { status: string; isGroup: boolean }[],
  openImpacts: readonly string[],
  maintenanceActive: boolean,
): { indicator: Indicator; description: string } {
  let worst: Indicator = 'none';
  const raise = (i: Indicator) => {
    if (INDICATOR_RANK[i] > INDICATOR_RANK[worst]) worst = i;
  };
  for (const c of components)
    if (!c.isGroup && isComponentStatus(c.status)) raise(COMPONENT_INDICATOR[c.status]);
  for (const impact of openImpacts) if (impact in INDICATOR_RANK) raise(impact as Indicator);
  const underMaintenance =
    maintenanceActive || components.some((c) => !c.isGroup && c.status === 'under_maintenance');
  if (worst === 'none' && underMaintenance)
    return { indicator: 'none', description: 'Service Under Maintenance' };
  return { indicator: worst, description: INDICATOR_DESCRIPTION[worst] };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A short random id for public URLs (12 characters, ~62 bits). */
export function newPublicId(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 36];
  return out;
}

/** "in_progress" → "In progress": how statuses read to people. */
export const humanStatus = (s: string) => {
  const words = s.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
