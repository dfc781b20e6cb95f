import type { EventInput } from '../platform/bus/bus.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Principal } from './principal.ts';
import { type OrgRole, roleAtLeast } from './roles.ts';

/**
 * Tenant resource health: who sees what. A provider org links customer orgs; a customer's
 * people see only that customer's resources, the attacks whose target lies inside one of
 * those resources (rates and vectors, never sources, flows or thresholds), a bare "an incident
 * is open" for incidents touching them (never the provider's incident text), and their own
 * problem reports. Provider people see everything about their own customers.
 */

/** Which side of a provider→customer link a read path serves. */
export type HealthAudience = 'provider' | 'customer';

export interface CustomerLink {
  providerOrgId: string;
  customerOrgId: string;
}

const roleOf = (p: Principal, orgId: string): OrgRole | null => p.orgs.get(orgId) ?? null;

/**
 * The view `asOrgId` (the org in the route) gets of a link, or null when the principal may not
 * read it. A person in both orgs gets the view of the org they are acting as.
 */
export function healthAudienceOf(p: Principal, link: CustomerLink, asOrgId: string): HealthAudience | null {
  if (asOrgId === link.providerOrgId && roleOf(p, link.providerOrgId)) return 'provider';
  if (asOrgId === link.customerOrgId && roleOf(p, link.customerOrgId)) return 'customer';
  return null;
}

/** Throws 404 (not 403: another tenant's resources do not exist for you) unless readable. */
export function requireHealthRead(p: Principal, link: CustomerLink, asOrgId: string): HealthAudience {
  const audience = healthAudienceOf(p, link, asOrgId);
  if (!audience) throw new AppError('not_found', 'No such resource.');
  return audience;
}

const requireRole = (p: Principal, orgId: string, min: OrgRole, what: string) => {
  const role = roleOf(p, orgId);
  if (!role) throw new AppError('not_found', 'No such organisation.');
  if (!roleAtLeast(role, min)) throw new AppError('forbidden', `${what} needs the ${min} role or higher.`);
};

/** Linking customers and mapping their resources: provider admins. */
export const requireManageCustomers = (p: Principal, providerOrgId: string) =>
  requireRole(p, providerOrgId, 'admin', 'Managing customers and their resources');

/** Reporting a problem: a customer's responders and up (viewers only read). */
export const requireReportProblem = (p: Principal, customerOrgId: string) =>
  requireRole(p, customerOrgId, 'responder', 'Reporting a problem');

/** Answering a report, changing its state: the provider's responders and up. */
export const requireRespondToReport = (p: Principal, providerOrgId: string) =>
  requireRole(p, providerOrgId, 'responder', 'Answering a problem report');

/** A network as the policy compares it: family, first address and length. */
export interface Network {
  family: 4 | 6;
  value: bigint;
  length: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** True when `inner` lies entirely inside `outer` (same family, longer or equal length). */
export function networkWithin(inner: Network, outer: Network): boolean {
  if (inner.family !== outer.family || inner.length < outer.length) return false;
  const shift = BigInt(BITS[outer.family] - outer.length);
  return inner.value >> shift === outer.value >> shift;
}

/**
 * A customer sees an attack only when its whole target lies inside one of their own resources:
 * a flood to their address, or to a host inside their prefix. An attack on a wider provider
 * prefix that merely contains their address would reveal other tenants' traffic: not shown.
 */
export const customerMaySeeAttack = (target: Network, ownNetworks: readonly Network[]): boolean =>
  ownNetworks.some((own) => networkWithin(target, own));

/**
 * How health events go on the bus: each side gets its own event, labelled AMBER+STRICT to the
 * one org it is presented for, so the live stream's policy filter (canSeeEvent) delivers a
 * customer's event to that customer's people only, and a provider's to the provider's.
 */
export function healthEvent<T>(type: string, orgId: string, data: T): EventInput<T> {
  return { type, orgId, tlp: 'AMBER+STRICT', data };
}
