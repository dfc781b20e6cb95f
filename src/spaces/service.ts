import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import {
  type Principal,
  parseTlp,
  requireOrgRole,
  type SpaceRole,
  spaceRoleFor,
  type Tlp,
} from '../policy/index.ts';
import { loadSpaceAccess, requireSpaceRole } from './access.ts';
import { presentPerson, presentSpace, presentSpaceOrg } from './presenters.ts';
import type { SpaceInput, SpacePatch } from './schemas.ts';
import * as store from './store.ts';

/** A space default may not be RED: RED needs named people, which no default can name. */
function parseDefaultTlp(v: string | undefined): Tlp | undefined {
  if (v === undefined) return undefined;
  const tlp = parseTlp(v, 'defaultTlp');
  if (tlp === 'RED')
    throw new AppError('validation_failed', 'defaultTlp cannot be RED: RED is addressed to named people.');
  return tlp;
}

const userOf = (p: Principal) => {
  if (p.kind !== 'user') throw new AppError('forbidden', 'Only people can do this, not API tokens.');
  return p.userId;
};

export async function createSpace(p: Platform, principal: Principal, orgId: string, input: SpaceInput) {
  const userId = userOf(principal);
  const spaceId = await p.db.tx(async (q) => {
    const id = await store.insertSpace(q, {
      name: input.name,
      description: input.description ?? '',
      defaultTlp: parseDefaultTlp(input.defaultTlp) ?? 'AMBER+STRICT',
      layers: input.layers ?? [],
      orgId,
      userId,
    });
    await store.activateOrg(q, id, orgId);
    await store.setRole(q, id, userId, 'admin');
    await p.audit.record({ orgId, principal, action: 'space.created', targetType: 'space', targetId: id }, q);
    return id;
  });
  return getSpace(p, principal, spaceId);
}

export async function getSpace(p: Platform, principal: Principal, spaceId: string) {
  const access = requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'observer');
  const row = await store.findSpace(p.db, spaceId);
  return presentSpace(row!, access.role);
}

export async function listSpaces(p: Platform, principal: Principal) {
  const rows = await store.spacesOfOrgs(p.db, [...principal.orgs.keys()]);
  const items = [];
  for (const row of rows) {
    const access = await loadSpaceAccess(p.db, principal, row.id);
    if (access?.role) items.push(presentSpace(row, access.role));
  }
  return { items };
}

export async function patchSpace(p: Platform, principal: Principal, spaceId: string, patch: SpacePatch) {
  const access = requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'admin');
  await store.updateSpace(p.db, spaceId, { ...patch, defaultTlp: parseDefaultTlp(patch.defaultTlp) });
  await auditSpace(p, principal, access.callerOrgIds, 'space.updated', spaceId, { ...patch });
  return getSpace(p, principal, spaceId);
}

export async function listOrgs(p: Platform, principal: Principal, spaceId: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'observer');
  return { items: (await store.listSpaceOrgs(p.db, spaceId)).map(presentSpaceOrg) };
}

export async function listPeople(p: Platform, principal: Principal, spaceId: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'observer');
  const rows = await store.listPeople(p.db, spaceId);
  return {
    items: rows.map((r) => presentPerson(r, spaceRoleFor([r.org_role], r.space_role) as SpaceRole)),
  };
}

export async function setUserRole(
  p: Platform,
  principal: Principal,
  spaceId: string,
  userId: string,
  role: SpaceRole,
) {
  const access = requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'admin');
  const inSpace = await store.usersInSpace(p.db, spaceId, [userId]);
  if (!inSpace.has(userId))
    throw new AppError('not_found', 'No such person in the member organisations of this space.');
  if (principal.kind === 'user' && principal.userId === userId && role !== 'admin')
    throw new AppError('conflict', 'Ask another space admin to change your own role.');
  await store.setRole(p.db, spaceId, userId, role);
  await auditSpace(p, principal, access.callerOrgIds, 'space.role_changed', spaceId, { userId, role });
}

/** An org leaves: its past posts stay, labelled with it; its people lose access at once. */
export async function leaveSpace(p: Platform, principal: Principal, orgId: string, spaceId: string) {
  requireOrgRole(principal, orgId, 'admin');
  await endMembership(p, principal, spaceId, orgId, 'left');
}

export async function removeOrg(p: Platform, principal: Principal, spaceId: string, orgId: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'admin');
  await endMembership(p, principal, spaceId, orgId, 'removed');
}

async function endMembership(
  p: Platform,
  principal: Principal,
  spaceId: string,
  orgId: string,
  how: 'left' | 'removed',
) {
  await p.db.tx(async (q) => {
    const space = await store.findSpace(q, spaceId);
    const status = space ? await store.spaceOrgStatus(q, spaceId, orgId) : undefined;
    if (!space || status?.status !== 'active')
      throw new AppError('not_found', 'That organisation is not a member of this space.');
    if (space.founding_org_id === orgId)
      throw new AppError('conflict', 'The founding organisation cannot leave or be removed from its space.');
    await store.endOrg(q, spaceId, orgId, how);
    const details = { orgId, spaceId };
    const action = how === 'left' ? 'space.org_left' : 'space.org_removed';
    // Both sides' audit logs record it.
    for (const target of new Set([orgId, space.founding_org_id]))
      await p.audit.record(
        { orgId: target, principal, action, targetType: 'space', targetId: spaceId, details },
        q,
      );
  });
}

export async function auditSpace(
  p: Platform,
  principal: Principal,
  orgIds: readonly string[],
  action: string,
  spaceId: string,
  details: Record<string, unknown>,
) {
  for (const orgId of orgIds)
    await p.audit.record({ orgId, principal, action, targetType: 'space', targetId: spaceId, details });
}
