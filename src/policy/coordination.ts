import type { Audience } from '../platform/bus/bus.ts';
import { AppError } from '../platform/http/errors.ts';
import { canRead } from './index.ts';
import type { Principal } from './principal.ts';
import type { OrgRole } from './roles.ts';
import { isTlp, mostRestrictive, TLP_LABELS, type Tlp, tlpRank } from './tlp.ts';

/**
 * TLP 2.0 inside consortium spaces. Every labelled item (post, revision, attachment, pinned
 * status, matrix row and its history, vendor question, answer) carries: its label, its source
 * org, named recipient orgs (AMBER, AMBER+STRICT) or users (RED), and its space. A case is the
 * gate in front of its items (CLEAR or GREEN). The rules, decided here only:
 *
 * - an item is readable by anyone when both the item and its case are CLEAR;
 * - otherwise only through an org that is an active member of the space *at read time*, and:
 *   CLEAR/GREEN → any such org; AMBER/AMBER+STRICT → that org is the source or a named org;
 *   RED → the reader is a named person (never an API token).
 *
 * `canReadItem` answers for one object (built on `canRead`); `visibleLabelsFilter` is the same
 * rule as a SQL predicate for every store query; `eventScope` is the same rule frozen into a bus
 * event's label and audience so `canSeeEvent` delivers a live event to exactly the readers.
 */

export interface ItemLabel {
  tlp: Tlp;
  /** The source organisation (author's org). */
  orgId: string;
  recipientOrgIds: readonly string[];
  recipientUserIds: readonly string[];
}

export type CaseTlp = Extract<Tlp, 'CLEAR' | 'GREEN'>;
export const CASE_LABELS: readonly CaseTlp[] = ['CLEAR', 'GREEN'];

/** Active member orgs of the item's space and the case's label: what a read decision needs besides the item. */
export interface SpaceGate {
  caseTlp: CaseTlp;
  activeOrgIds: readonly string[];
}

const userIdOf = (p: Principal) => (p.kind === 'user' ? p.userId : null);

/** The principal seen only through its orgs that are active members of the space. */
function throughSpace(p: Principal, activeOrgIds: readonly string[]): Principal {
  const orgs = new Map<string, OrgRole>();
  for (const id of activeOrgIds) {
    const role = p.orgs.get(id);
    if (role) orgs.set(id, role);
  }
  return { ...p, orgs } as Principal;
}

/** One labelled item inside a case. */
export function canReadItem(p: Principal, item: ItemLabel, gate: SpaceGate): boolean {
  if (item.tlp === 'CLEAR' && gate.caseTlp === 'CLEAR') return true;
  const inSpace = throughSpace(p, gate.activeOrgIds);
  if (inSpace.orgs.size === 0) return false;
  return canRead(inSpace, {
    tlp: item.tlp,
    orgId: item.orgId,
    orgIds: item.recipientOrgIds,
    userIds: item.recipientUserIds,
    communityOrgIds: gate.activeOrgIds,
  });
}

/** A case itself (its title, CVE ids, state). */
export const canReadCase = (p: Principal, c: { tlp: CaseTlp }, activeOrgIds: readonly string[]) =>
  c.tlp === 'CLEAR' || throughSpace(p, activeOrgIds).orgs.size > 0;

/** Numbered SQL parameters shared between a store query and the policy fragments it embeds. */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(initial: readonly unknown[] = []) {
    this.values.push(...initial);
  }
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const orgIdsOf = (p: Principal) => [...p.orgs.keys()];

/** SQL: the caller reaches the space `spaceExpr` through an active member org (bound to `vso`). */
const activeMemberExists = (spaceExpr: string, orgs: string, extra = '') =>
  `exists (select 1 from space_orgs vso where vso.space_id = ${spaceExpr} and vso.status = 'active' and vso.org_id = any(${orgs}::uuid[])${extra})`;

/** SQL predicate for cases aliased `alias` (columns tlp, space_id). */
export function visibleCasesFilter(p: Principal, params: SqlParams, alias: string): string {
  const orgs = params.add(orgIdsOf(p));
  return `(${alias}.tlp = 'CLEAR' or ${activeMemberExists(`${alias}.space_id`, orgs)})`;
}

/**
 * SQL predicate for labelled items aliased `alias` (columns tlp, org_id, recipient_org_ids,
 * recipient_user_ids, space_id) whose case label is the SQL expression `caseTlp`. Mirrors
 * `canReadItem` exactly; the leak suite checks both against hand-written expectations.
 */
export function visibleLabelsFilter(p: Principal, params: SqlParams, alias: string, caseTlp: string): string {
  const orgs = params.add(orgIdsOf(p));
  const uid = userIdOf(p);
  const red = uid === null ? 'false' : `${params.add(uid)}::uuid = any(${alias}.recipient_user_ids)`;
  const byLabel = ` and (${alias}.tlp in ('CLEAR', 'GREEN')
      or (${alias}.tlp in ('AMBER', 'AMBER+STRICT') and (vso.org_id = ${alias}.org_id or vso.org_id = any(${alias}.recipient_org_ids)))
      or (${alias}.tlp = 'RED' and ${red}))`;
  return `((${alias}.tlp = 'CLEAR' and ${caseTlp} = 'CLEAR') or ${activeMemberExists(`${alias}.space_id`, orgs, byLabel)})`;
}

/**
 * The label and audience of a bus event about an item, such that `canSeeEvent` equals
 * `canReadItem` at publish time. `redRecipientsInSpace`: the named users who belong to an
 * active member org now (the others may not read it any more).
 */
export function eventScope(
  item: ItemLabel,
  gate: SpaceGate,
  redRecipientsInSpace: readonly string[],
): { tlp: Tlp; orgId: string | null; audience: Audience } {
  const tlp = mostRestrictive(item.tlp, gate.caseTlp);
  const active = new Set(gate.activeOrgIds);
  const orgId = active.has(item.orgId) ? item.orgId : null;
  switch (tlp) {
    case 'CLEAR':
      return { tlp, orgId: item.orgId, audience: {} };
    case 'GREEN':
      return { tlp, orgId, audience: { communityOrgIds: [...active] } };
    case 'AMBER':
    case 'AMBER+STRICT':
      return { tlp, orgId, audience: { orgIds: item.recipientOrgIds.filter((o) => active.has(o)) } };
    case 'RED':
      return { tlp, orgId: null, audience: { userIds: [...redRecipientsInSpace] } };
  }
}

/** A case event (case.created, case state changes): the case label, to the space community. */
export const caseEventScope = (c: { tlp: CaseTlp; orgId: string }, activeOrgIds: readonly string[]) =>
  eventScope(
    { tlp: c.tlp, orgId: c.orgId, recipientOrgIds: [], recipientUserIds: [] },
    {
      caseTlp: c.tlp,
      activeOrgIds,
    },
    [],
  );

/** Parses a label written by a client: exactly one of the five TLP 2.0 spellings. */
export function parseTlp(value: unknown, field = 'tlp'): Tlp {
  if (isTlp(value)) return value;
  throw new AppError(
    'validation_failed',
    `${field} must be exactly one of ${TLP_LABELS.join(', ')} (got ${JSON.stringify(value)}).`,
  );
}

export interface LabelInput {
  tlp?: unknown;
  recipientOrgIds?: readonly string[];
  recipientUserIds?: readonly string[];
}

/** What `checkLabel` needs to know about the space. */
export interface LabelContext {
  defaultTlp: Tlp;
  authorOrgId: string;
  authorUserId: string | null;
  activeOrgIds: readonly string[];
  /** Named users who belong to an active member org (looked up by the caller). */
  usersInSpace: ReadonlySet<string>;
}

/**
 * Validates a label as written and fills defaults: AMBER/AMBER+STRICT default to the author's
 * org; RED needs named users in the space (the author is always one); recipients outside the
 * space or on a label that takes none are a 400.
 */
export function checkLabel(input: LabelInput, ctx: LabelContext): ItemLabel {
  const tlp = input.tlp === undefined ? ctx.defaultTlp : parseTlp(input.tlp);
  const orgIds = [...new Set(input.recipientOrgIds ?? [])];
  const userIds = [...new Set(input.recipientUserIds ?? [])];
  const bad = (m: string) => new AppError('validation_failed', m);
  if (tlp === 'RED') {
    if (orgIds.length)
      throw bad('RED is addressed to named people: use recipientUserIds, not recipientOrgIds.');
    const named = userIds.filter((u) => u !== ctx.authorUserId);
    if (named.length === 0) throw bad('RED needs at least one named recipient (recipientUserIds).');
    const outside = userIds.filter((u) => !ctx.usersInSpace.has(u));
    if (outside.length) throw bad(`RED recipients must be members of this space: ${outside.join(', ')}.`);
    const all = ctx.authorUserId ? [ctx.authorUserId, ...named] : named;
    return { tlp, orgId: ctx.authorOrgId, recipientOrgIds: [], recipientUserIds: all };
  }
  if (userIds.length) throw bad(`${tlp} is addressed to organisations, not people: drop recipientUserIds.`);
  if (tlp === 'AMBER' || tlp === 'AMBER+STRICT') {
    const outside = orgIds.filter((o) => !ctx.activeOrgIds.includes(o));
    if (outside.length)
      throw bad(`${tlp} recipients must be member organisations of this space: ${outside.join(', ')}.`);
    const recipients = orgIds.length ? orgIds : [ctx.authorOrgId];
    return { tlp, orgId: ctx.authorOrgId, recipientOrgIds: recipients, recipientUserIds: [] };
  }
  if (orgIds.length)
    throw bad(
      `${tlp} is shared with the whole ${tlp === 'GREEN' ? 'space' : 'world'}: drop recipientOrgIds.`,
    );
  return { tlp, orgId: ctx.authorOrgId, recipientOrgIds: [], recipientUserIds: [] };
}

/** Everyone a label reaches, as sets (source org counts for AMBER). */
const reach = (l: ItemLabel) => ({
  orgs: new Set(l.tlp === 'RED' ? [] : [l.orgId, ...l.recipientOrgIds]),
  users: new Set(l.recipientUserIds),
});

/**
 * True when `to` may reach someone `from` did not: a less restrictive label, or more named
 * recipients at the same label. Needs the source's permission (a re-marking request).
 */
export function isLabelWidening(from: ItemLabel, to: ItemLabel): boolean {
  if (tlpRank(to.tlp) !== tlpRank(from.tlp)) return tlpRank(to.tlp) < tlpRank(from.tlp);
  const a = reach(from);
  const b = reach(to);
  return [...b.orgs].some((o) => !a.orgs.has(o)) || [...b.users].some((u) => !a.users.has(u));
}

/** The source of an item: its author, or an admin/owner of its org. */
export function isSourceOf(p: Principal, item: { orgId: string; authorId: string | null }): boolean {
  if (p.kind === 'user' && item.authorId === p.userId) return true;
  const role = p.orgs.get(item.orgId);
  return p.kind === 'user' && (role === 'admin' || role === 'owner');
}

/** Changing a label: the author may narrow or widen; an admin of the source org may too; nobody else. */
export function requireMayRelabel(
  p: Principal,
  item: ItemLabel & { authorId: string | null },
  to: ItemLabel,
) {
  if (isSourceOf(p, item)) return;
  throw new AppError(
    'forbidden',
    isLabelWidening(item, to)
      ? 'Only the source (the author or an admin of their organisation) can widen a label; send a re-marking request.'
      : 'Only the source (the author or an admin of their organisation) can change this label.',
  );
}

/**
 * A reply that quotes its parent must be at least as restrictive and reach nobody the parent
 * does not (otherwise the quote would widen the parent's label).
 */
export function requireQuoteAllowed(parent: ItemLabel, reply: ItemLabel) {
  if (isLabelWidening(parent, reply))
    throw new AppError(
      'validation_failed',
      `A reply that quotes a ${parent.tlp} post cannot be less restrictive or reach more recipients than it.`,
    );
}

/** Carries a label to a new item from another source org: the same audience, re-anchored. */
export function carryLabel(from: ItemLabel, newOrgId: string): ItemLabel {
  if (from.tlp === 'AMBER' || from.tlp === 'AMBER+STRICT') {
    const orgs = new Set([from.orgId, ...from.recipientOrgIds]);
    return { tlp: from.tlp, orgId: newOrgId, recipientOrgIds: [...orgs], recipientUserIds: [] };
  }
  return { ...from, orgId: newOrgId };
}

/** Space roles, least to most powerful; they sit on top of org roles. */
export const SPACE_ROLES = ['observer', 'member', 'admin'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];
const SPACE_RANK: Record<SpaceRole, number> = { observer: 0, member: 1, admin: 2 };
export const spaceRoleAtLeast = (r: SpaceRole, min: SpaceRole) => SPACE_RANK[r] >= SPACE_RANK[min];

/**
 * A principal's role in a space: an explicit assignment (people only) wins; otherwise org
 * viewers observe and everyone else is a member. Tokens are never space admins. Null: the
 * principal reaches the space through no active member org.
 */
export function spaceRoleOf(
  p: Principal,
  activeOrgIds: readonly string[],
  explicit: SpaceRole | null,
): SpaceRole | null {
  const roles = activeOrgIds.map((o) => p.orgs.get(o)).filter((r): r is OrgRole => r !== undefined);
  return spaceRoleFor(roles, p.kind === 'token' ? null : explicit);
}

/** The same rule from the org roles a person (or token) holds in the space's member orgs. */
export function spaceRoleFor(orgRoles: readonly OrgRole[], explicit: SpaceRole | null): SpaceRole | null {
  if (orgRoles.length === 0) return null;
  return explicit ?? (orgRoles.every((r) => r === 'viewer') ? 'observer' : 'member');
}

/** The label an item is shown under inside its case (a preview or a live event): the stricter one. */
export const effectiveTlp = (item: { tlp: Tlp }, caseTlp: CaseTlp) => mostRestrictive(item.tlp, caseTlp);
