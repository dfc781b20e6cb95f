import { newSecret, sha256 } from '../platform/auth/secrets.ts';
import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { type Principal, requireOrgRole, roleAtLeast } from '../policy/index.ts';
import { loadSpaceAccess, requireSpaceRole } from './access.ts';
import * as inv from './invitation-store.ts';
import { presentInvitation } from './presenters.ts';
import * as store from './store.ts';

/**
 * Joining a space takes two approvals: an admin of the inviting org (given at once when the
 * space admin who invites is one) and an admin of the invited org (accepting an invitation
 * by handle, or redeeming a code). A code binds to the first org that redeems it, which the
 * inviting side then approves: nobody joins on a leaked code alone.
 */

const userOf = (p: Principal) => {
  if (p.kind !== 'user')
    throw new AppError('forbidden', 'Invitations are handled by people, not API tokens.');
  return p.userId;
};

const orgAdminOf = (p: Principal, orgId: string) => {
  const role = p.orgs.get(orgId);
  return role !== undefined && roleAtLeast(role, 'admin');
};

export async function createInvitation(
  p: Platform,
  principal: Principal,
  spaceId: string,
  input: { orgHandle?: string; code?: boolean; expiresInDays?: number },
) {
  const access = requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'admin');
  const userId = userOf(principal);
  if ((input.orgHandle === undefined) === (input.code !== true))
    throw new AppError(
      'validation_failed',
      'Invite either an org by orgHandle, or ask for an invitation code (code: true).',
    );
  const invitingOrgId = access.callerOrgIds.find((o) => orgAdminOf(principal, o)) ?? access.callerOrgIds[0]!;
  let orgId: string | null = null;
  if (input.orgHandle !== undefined) {
    const org = await store.findOrgByHandle(p.db, input.orgHandle);
    if (!org) throw new AppError('not_found', `No organisation with the handle "${input.orgHandle}".`);
    if (access.activeOrgIds.includes(org.id))
      throw new AppError('conflict', `${org.handle} is already a member of this space.`);
    orgId = org.id;
  }
  const code = input.code ? `swi_${newSecret(24)}` : null;
  const id = await p.db.tx(async (q) => {
    const created = await insertUniquely(q, {
      spaceId,
      invitingOrgId,
      orgId,
      codeHash: code ? sha256(code) : null,
      userId,
      // A code does not name the org yet: the inviting side approves once one redeemed it.
      inviterApproved: code === null && orgAdminOf(principal, invitingOrgId),
      expiresInDays: input.expiresInDays ?? 14,
    });
    await record(p, q, principal, [invitingOrgId, orgId], 'space.invitation_created', spaceId, {
      invitationId: created,
      orgId,
      byCode: code !== null,
    });
    return created;
  });
  const row = await inv.findInvitation(p.db, id);
  return { invitation: presentInvitation(row!), ...(code ? { code } : {}) };
}

async function insertUniquely(q: Queryable, i: Parameters<typeof inv.insertInvitation>[1]) {
  try {
    return await inv.insertInvitation(q, i);
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new AppError('conflict', 'That organisation already has a pending invitation to this space.');
    throw err;
  }
}

export async function listSpaceInvitations(p: Platform, principal: Principal, spaceId: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'admin');
  return { items: (await inv.listForSpace(p.db, spaceId)).map(presentInvitation) };
}

export async function listOrgInvitations(p: Platform, orgId: string) {
  return { items: (await inv.listForOrg(p.db, orgId)).map(presentInvitation) };
}

/** The inviting side approves (an admin of the inviting org). */
export async function approveAsInviter(p: Platform, principal: Principal, spaceId: string, id: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'observer');
  const userId = userOf(principal);
  return decide(p, principal, id, spaceId, async (q, row) => {
    if (!orgAdminOf(principal, row.inviting_org_id))
      throw new AppError('forbidden', 'An admin of the inviting organisation must approve this invitation.');
    if (!row.org_id) throw new AppError('conflict', 'No organisation has redeemed this code yet.');
    await inv.approveInviter(q, id, userId);
  });
}

/** The invited side accepts (an admin of the invited org; the route checks the org role). */
export async function acceptAsInvitee(p: Platform, principal: Principal, orgId: string, id: string) {
  const userId = userOf(principal);
  return decide(p, principal, id, null, async (q, row) => {
    if (row.org_id !== orgId) throw new AppError('not_found', 'No such invitation.');
    await inv.approveInvitee(q, id, orgId, userId);
  });
}

export async function redeemCode(p: Platform, principal: Principal, orgId: string, code: string) {
  const userId = userOf(principal);
  requireOrgRole(principal, orgId, 'admin');
  const found = await inv.findByCodeHash(p.db, sha256(code));
  if (!found) throw new AppError('not_found', 'That invitation code is not valid.');
  return decide(p, principal, found.id, null, async (q, row) => {
    if (row.org_id !== null && row.org_id !== orgId)
      throw new AppError('conflict', 'That invitation code was already redeemed by another organisation.');
    if ((await store.spaceOrgStatus(q, row.space_id, orgId))?.status === 'active')
      throw new AppError('conflict', 'Your organisation is already a member of this space.');
    await inv.approveInvitee(q, row.id, orgId, userId);
  });
}

export async function declineAsInvitee(p: Platform, principal: Principal, orgId: string, id: string) {
  return decide(p, principal, id, null, async (q, row) => {
    if (row.org_id !== orgId) throw new AppError('not_found', 'No such invitation.');
    await inv.setStatus(q, id, 'declined');
  });
}

export async function revoke(p: Platform, principal: Principal, spaceId: string, id: string) {
  requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'admin');
  return decide(p, principal, id, spaceId, async (q) => {
    await inv.setStatus(q, id, 'revoked');
  });
}

/** Runs one step on a pending invitation under a row lock, then joins the org once both sides approved. */
async function decide(
  p: Platform,
  principal: Principal,
  id: string,
  spaceId: string | null,
  step: (q: Queryable, row: inv.InvitationRow) => Promise<void>,
) {
  await p.db.tx(async (q) => {
    await inv.lockInvitation(q, id);
    const row = await inv.findInvitation(q, id);
    if (!row || (spaceId !== null && row.space_id !== spaceId))
      throw new AppError('not_found', 'No such invitation.');
    if (row.status !== 'pending') throw new AppError('conflict', `This invitation is already ${row.status}.`);
    if (row.expires_at.getTime() <= Date.now())
      throw new AppError('conflict', 'This invitation has expired.');
    await step(q, row);
    const after = (await inv.findInvitation(q, id))!;
    const orgs = [after.inviting_org_id, after.org_id];
    const action =
      after.status === 'pending' ? 'space.invitation_approved' : `space.invitation_${after.status}`;
    await record(p, q, principal, orgs, action, after.space_id, { invitationId: id, orgId: after.org_id });
    if (
      after.status === 'pending' &&
      after.inviter_approved_at &&
      after.invitee_approved_at &&
      after.org_id
    ) {
      await store.activateOrg(q, after.space_id, after.org_id);
      await inv.setStatus(q, id, 'accepted');
      await record(p, q, principal, orgs, 'space.org_joined', after.space_id, { orgId: after.org_id });
    }
  });
  return presentInvitation((await inv.findInvitation(p.db, id))!);
}

/** Membership changes go to the audit logs of every org involved. */
async function record(
  p: Platform,
  q: Queryable,
  principal: Principal,
  orgIds: readonly (string | null)[],
  action: string,
  spaceId: string,
  details: Record<string, unknown>,
) {
  for (const orgId of new Set(orgIds.filter((o): o is string => o !== null)))
    await p.audit.record({ orgId, principal, action, targetType: 'space', targetId: spaceId, details }, q);
}
