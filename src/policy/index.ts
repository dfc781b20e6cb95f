import { AppError } from '../platform/http/errors.ts';
import type { Principal } from './principal.ts';
import { type OrgRole, roleAtLeast } from './roles.ts';
import { type Tlp, tlpRank } from './tlp.ts';

export * from './coordination.ts';
export * from './events.ts';
export * from './health.ts';
export * from './intel.ts';
export * from './principal.ts';
export * from './roles.ts';
export * from './tlp.ts';

/**
 * The one place that decides who may see and do what. Every read path (REST, live stream,
 * search, feeds, exports, notifications) asks here; no handler filters by hand.
 */

/** Role of the principal in an org, or null when not a member. */
export const roleIn = (p: Principal, orgId: string): OrgRole | null => p.orgs.get(orgId) ?? null;

export function requireSignedIn(p: Principal): asserts p is Exclude<Principal, { kind: 'anonymous' }> {
  if (p.kind === 'anonymous') throw new AppError('unauthenticated');
}

/**
 * Throws unless the principal holds at least `min` in the org. Non-members get 404, not 403,
 * so an org's existence does not leak across tenants.
 */
export function requireOrgRole(p: Principal, orgId: string, min: OrgRole): OrgRole {
  requireSignedIn(p);
  const role = roleIn(p, orgId);
  if (!role) throw new AppError('not_found', 'No such organisation.');
  if (!roleAtLeast(role, min)) throw new AppError('forbidden', `This needs the ${min} role or higher.`);
  return role;
}

/** What a labelled object says about who may read it. Domain modules fill the fields they know. */
export interface LabelledScope {
  tlp: Tlp;
  /** The organisation that owns the content. */
  orgId: string | null;
  /** RED: the named users; AMBER+STRICT/AMBER: the named orgs (besides orgId). */
  userIds?: readonly string[];
  orgIds?: readonly string[];
  /** GREEN/AMBER community: orgs of the consortium space this belongs to. */
  communityOrgIds?: readonly string[];
  /** CLEAR content may be public. */
}

const userIdOf = (p: Principal) => (p.kind === 'user' ? p.userId : p.kind === 'token' ? p.userId : null);
const memberOfAny = (p: Principal, orgIds: readonly (string | null)[]) =>
  orgIds.some((id) => id !== null && p.orgs.has(id));

/**
 * TLP 2.0 read rule for one labelled object. Named users narrow any label: a personal event (an
 * in-app notification under AMBER+STRICT to the org) reaches only them, not their colleagues.
 */
export function canRead(p: Principal, s: LabelledScope): boolean {
  if (s.tlp !== 'RED' && s.userIds?.length && !s.userIds.includes(userIdOf(p) ?? '')) return false;
  return labelAllows(p, s);
}

function labelAllows(p: Principal, s: LabelledScope): boolean {
  switch (s.tlp) {
    case 'CLEAR':
      return true;
    case 'GREEN':
      return memberOfAny(p, [s.orgId, ...(s.orgIds ?? []), ...(s.communityOrgIds ?? [])]);
    case 'AMBER':
    case 'AMBER+STRICT':
      return memberOfAny(p, [s.orgId, ...(s.orgIds ?? [])]);
    case 'RED': {
      const uid = userIdOf(p);
      // API tokens are not named individuals: RED never reaches them.
      return uid !== null && p.kind === 'user' && (s.userIds ?? []).includes(uid);
    }
  }
}

/** True when `to` widens `from` (needs the source's permission). */
export const isWidening = (from: Tlp, to: Tlp): boolean => tlpRank(to) < tlpRank(from);
