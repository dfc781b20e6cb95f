import type { Audience } from '../platform/bus/bus.ts';
import { AppError } from '../platform/http/errors.ts';
import { canReadItem, eventScope, type ItemLabel, type SqlParams } from './coordination.ts';
import type { Principal } from './principal.ts';
import { type OrgRole, roleAtLeast } from './roles.ts';
import type { Tlp } from './tlp.ts';

/**
 * Collective defense: who reads and changes attack indicators. An indicator carries a TLP 2.0
 * label (with named orgs for AMBER/AMBER+STRICT, named people for RED), its source org and the
 * consortium space it was shared into. The rules, decided here only:
 *
 * - the source org's people read their own indicators at every state (it is their telemetry),
 *   except RED ones: those only the named people and the org's admins/owners (who decide on
 *   them); API tokens never read RED;
 * - anyone else reads an indicator only once it was shared (or later withdrawn), through an
 *   org that is an active member of its space now, under the item rule of coordination
 *   (`canReadItem`): GREEN → any member org, AMBER/AMBER+STRICT → source or named org,
 *   RED → named people. A CLEAR indicator is readable by anyone, like CLEAR content elsewhere.
 *
 * `canReadIndicator` answers for one object, `visibleIndicatorsFilter` is the same rule as SQL
 * (REST, TAXII, STIX export and peer matching all use them), `indicatorEventScope` freezes it
 * into a bus event for the live stream.
 */

export const SHARING_MODES = ['off', 'propose', 'automatic'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];
export const ANONYMISATIONS = ['exact', 'generalise', 'hide'] as const;
export type Anonymisation = (typeof ANONYMISATIONS)[number];
/** Using peers' indicators: flag matching attacks; also propose FlowSpec; or announce it. */
export const PEER_MODES = ['off', 'flag', 'propose', 'automatic'] as const;
export type PeerMode = (typeof PEER_MODES)[number];
export const INDICATOR_STATES = ['proposed', 'shared', 'rejected', 'withdrawn'] as const;
export type IndicatorState = (typeof INDICATOR_STATES)[number];

/** What a read decision needs to know about an indicator. */
export interface IndicatorScope extends ItemLabel {
  state: IndicatorState;
  spaceId: string | null;
}

const isPeerVisibleState = (s: IndicatorState) => s === 'shared' || s === 'withdrawn';
const ADMIN: OrgRole = 'admin';

function ownOrgMayRead(p: Principal, ind: IndicatorScope): boolean {
  const role = p.orgs.get(ind.orgId);
  if (!role) return false;
  if (ind.tlp !== 'RED') return true;
  if (p.kind !== 'user') return false;
  return ind.recipientUserIds.includes(p.userId) || roleAtLeast(role, ADMIN);
}

/** The gate of an indicator's space: CLEAR indicators are public, the rest need the space. */
const gateOf = (ind: IndicatorScope, activeOrgIds: readonly string[]) => ({
  caseTlp: ind.tlp === 'CLEAR' ? ('CLEAR' as const) : ('GREEN' as const),
  activeOrgIds,
});

/** TLP read rule for one indicator; `activeOrgIds`: the active member orgs of its space now. */
export function canReadIndicator(
  p: Principal,
  ind: IndicatorScope,
  activeOrgIds: readonly string[],
): boolean {
  if (ownOrgMayRead(p, ind)) return true;
  if (!isPeerVisibleState(ind.state) || ind.spaceId === null) return false;
  return canReadItem(p, ind, gateOf(ind, activeOrgIds));
}

/**
 * SQL predicate for indicators aliased `alias` (columns org_id, tlp, state, space_id,
 * recipient_org_ids, recipient_user_ids). Mirrors `canReadIndicator` exactly.
 */
export function visibleIndicatorsFilter(p: Principal, params: SqlParams, alias: string): string {
  const member = [...p.orgs.keys()];
  const admin = [...p.orgs].filter(([, r]) => roleAtLeast(r, ADMIN)).map(([o]) => o);
  const orgs = params.add(member);
  const uid = p.kind === 'user' ? params.add(p.userId) : null;
  const named = uid ? `${uid}::uuid = any(${alias}.recipient_user_ids)` : 'false';
  const adminOrgs = p.kind === 'user' ? params.add(admin) : null;
  const ownRed = adminOrgs ? `(${named} or ${alias}.org_id = any(${adminOrgs}::uuid[]))` : 'false';
  const own = `(${alias}.org_id = any(${orgs}::uuid[]) and (${alias}.tlp <> 'RED' or ${ownRed}))`;
  const byLabel = `(${alias}.tlp in ('CLEAR', 'GREEN')
      or (${alias}.tlp in ('AMBER', 'AMBER+STRICT') and (vso.org_id = ${alias}.org_id or vso.org_id = any(${alias}.recipient_org_ids)))
      or (${alias}.tlp = 'RED' and ${named}))`;
  const peer = `(${alias}.state in ('shared', 'withdrawn') and ${alias}.space_id is not null and (${alias}.tlp = 'CLEAR'
      or exists (select 1 from space_orgs vso where vso.space_id = ${alias}.space_id and vso.status = 'active'
                 and vso.org_id = any(${orgs}::uuid[]) and ${byLabel})))`;
  return `(${own} or ${peer})`;
}

/**
 * Label and audience of a live event about a shared indicator: exactly its peer readers (the
 * item rule) plus the source org. A proposal is the source org's business only.
 */
export function indicatorEventScope(
  ind: IndicatorScope,
  activeOrgIds: readonly string[],
  redRecipientsInSpace: readonly string[],
): { tlp: Tlp; orgId: string | null; audience: Audience } {
  if (!isPeerVisibleState(ind.state) || ind.spaceId === null || ind.tlp === 'RED') {
    // RED: the named people (any org) and, through orgId + AMBER+STRICT, never the rest.
    if (ind.tlp === 'RED')
      return { tlp: 'RED', orgId: null, audience: { userIds: [...redRecipientsInSpace] } };
    return { tlp: 'AMBER+STRICT', orgId: ind.orgId, audience: {} };
  }
  const scope = eventScope(ind, gateOf(ind, activeOrgIds), redRecipientsInSpace);
  // The source org always hears about its own indicator, even if it left the space.
  return { ...scope, orgId: ind.orgId };
}

const requireRole = (p: Principal, orgId: string, min: OrgRole, what: string) => {
  const role = p.orgs.get(orgId);
  if (!role) throw new AppError('not_found', 'No such organisation.');
  if (!roleAtLeast(role, min)) throw new AppError('forbidden', `${what} needs the ${min} role or higher.`);
};

/** The sharing policy and the use of peers' indicators: org admins. */
export const requireManageIntel = (p: Principal, orgId: string) =>
  requireRole(p, orgId, 'admin', 'Changing the indicator sharing policy');

/** Approving, rejecting or withdrawing an indicator decides what leaves the org: admins. */
export const requireDecideIndicator = (p: Principal, orgId: string) =>
  requireRole(p, orgId, 'admin', 'Approving, rejecting or withdrawing indicators');

/** Writing an indicator by hand (it still needs an admin's approval unless the writer is one). */
export const requireWriteIndicator = (p: Principal, orgId: string) =>
  requireRole(p, orgId, 'responder', 'Writing an indicator');

/**
 * Peers' indicators may feed mitigation only as FlowSpec filters of traffic *from* the
 * indicated reflectors to one host; a victim is never blackholed on someone else's word.
 */
export function peerRulesAllowed(rules: ReadonlyArray<{ kind: string; source?: string }>): boolean {
  return rules.every((r) => r.kind === 'flowspec' && typeof r.source === 'string');
}

/**
 * The principal as the org in the route: intel reads are "what this org may see", so a person
 * in several orgs sees through the one they act as (like the health views).
 */
export function throughOrg(p: Principal, orgId: string): Principal {
  const role = p.orgs.get(orgId);
  return { ...p, orgs: new Map(role ? [[orgId, role]] : []) } as Principal;
}
