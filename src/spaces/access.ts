import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import {
  type Principal,
  type SpaceGate,
  type SpaceRole,
  spaceRoleAtLeast,
  spaceRoleOf,
  type Tlp,
} from '../policy/index.ts';
import * as store from './store.ts';

/**
 * What a principal is in one space, read from the database on every request (membership is
 * checked at read time, so an org that left or was removed loses access at once). Other
 * modules use this service, never the spaces store.
 */
export interface SpaceAccess {
  spaceId: string;
  defaultTlp: Tlp;
  layers: string[];
  /** Every active member org of the space. */
  activeOrgIds: string[];
  /** The caller's orgs among them. */
  callerOrgIds: string[];
  /** Null: not a member (reads of CLEAR content only). */
  role: SpaceRole | null;
  /** The caller's orgs that left or were removed (for a clear 403). */
  endedOrgIds: string[];
}

export async function loadSpaceAccess(
  q: Queryable,
  p: Principal,
  spaceId: string,
): Promise<SpaceAccess | null> {
  const space = await store.findSpace(q, spaceId);
  if (!space) return null;
  const orgs = await store.listSpaceOrgs(q, spaceId);
  const activeOrgIds = orgs.filter((o) => o.status === 'active').map((o) => o.org_id);
  const callerOrgIds = activeOrgIds.filter((o) => p.orgs.has(o));
  const endedOrgIds = orgs.filter((o) => o.status !== 'active' && p.orgs.has(o.org_id)).map((o) => o.org_id);
  const explicit =
    p.kind === 'user' && callerOrgIds.length ? await store.explicitRole(q, spaceId, p.userId) : null;
  return {
    spaceId,
    defaultTlp: space.default_tlp,
    layers: space.layers,
    activeOrgIds,
    callerOrgIds,
    role: spaceRoleOf(p, activeOrgIds, explicit),
    endedOrgIds,
  };
}

export const gateOf = (a: SpaceAccess, caseTlp: SpaceGate['caseTlp']): SpaceGate => ({
  caseTlp,
  activeOrgIds: a.activeOrgIds,
});

/** 404 for strangers (a space's existence does not leak); 403 for orgs that left or were removed. */
export function requireSpaceRole(a: SpaceAccess | null, min: SpaceRole): SpaceAccess & { role: SpaceRole } {
  if (!a) throw new AppError('not_found', 'No such space.');
  if (a.role === null) {
    if (a.endedOrgIds.length)
      throw new AppError('forbidden', 'Your organisation is no longer a member of this space.');
    throw new AppError('not_found', 'No such space.');
  }
  if (!spaceRoleAtLeast(a.role, min))
    throw new AppError(
      'forbidden',
      min === 'admin'
        ? 'This needs the space admin role.'
        : 'Observers can read this space but not write to it.',
    );
  return a as SpaceAccess & { role: SpaceRole };
}

/**
 * The org an item is written for: the only one the caller reaches the space through, or the
 * one named by `asOrgId` when there are several.
 */
export function actingOrg(a: SpaceAccess, asOrgId?: string): string {
  if (asOrgId !== undefined) {
    if (!a.callerOrgIds.includes(asOrgId))
      throw new AppError('validation_failed', 'asOrgId must be one of your organisations in this space.');
    return asOrgId;
  }
  if (a.callerOrgIds.length === 1) return a.callerOrgIds[0]!;
  throw new AppError(
    'validation_failed',
    'You belong to several organisations in this space: say which one you write for (asOrgId).',
  );
}

/** Named users who belong to an active member org (RED recipients must). */
export const usersInSpace = (q: Queryable, spaceId: string, userIds: readonly string[]) =>
  store.usersInSpace(q, spaceId, userIds);

/**
 * Resolves `@user@org` and `@org` mentions against the space: each must name a member org, or
 * a person in one. Unknown mentions are a 400, so a typo does not silently notify nobody.
 */
export async function resolveMentions(
  q: Queryable,
  spaceId: string,
  refs: ReadonlyArray<{ text: string; kind: 'user' | 'org'; local?: string; orgHandle: string }>,
) {
  const out: Array<{ text: string; kind: 'user' | 'org'; id: string }> = [];
  for (const ref of refs.slice(0, 50)) {
    const found =
      ref.kind === 'org'
        ? await store.findMemberOrgByHandle(q, spaceId, ref.orgHandle)
        : await store.findMentionedUser(q, spaceId, ref.local ?? '', ref.orgHandle);
    if (!found)
      throw new AppError(
        'validation_failed',
        `@${ref.text} is not ${ref.kind === 'org' ? 'an organisation' : 'a person'} in this space.`,
      );
    out.push({ text: ref.text, kind: ref.kind, id: found.id });
  }
  return out;
}
