import { publishAuthChange } from '../platform/auth/cache.ts';
import { hashPassword, newApiToken, newSecret, sha256 } from '../platform/auth/secrets.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { type OrgRole, type Principal, roleAtLeast, roleIn } from '../policy/index.ts';
import { normaliseEmail, uniquely } from './accounts.ts';
import { presentAudit, presentMember, presentOrg, presentToken } from './presenters.ts';
import * as store from './store.ts';

// Role checks for reaching an org are done by the access rule on each route; the rules here
// are the finer ones about which roles a caller may hand out or take away.

const callerRole = (principal: Principal, orgId: string): OrgRole => {
  const role = roleIn(principal, orgId);
  if (!role) throw new AppError('not_found', 'No such organisation.');
  return role;
};

function assertMayAssign(caller: OrgRole, role: OrgRole) {
  if (!roleAtLeast(caller, role))
    throw new AppError(
      'forbidden',
      `Only an ${caller === 'admin' ? 'owner' : 'admin'} or higher can grant the ${role} role.`,
    );
}

export async function createOrg(
  p: Platform,
  principal: Principal,
  input: { name: string; handle: string },
  ip?: string,
) {
  if (principal.kind !== 'user')
    throw new AppError('forbidden', 'Organisations are created by people, not tokens.');
  const org = await p.db.tx(async (q) => {
    const o = await uniquely(`The handle "${input.handle}"`, () => store.insertOrg(q, input));
    await store.insertMembership(q, o.id, principal.userId, 'owner');
    await p.audit.record(
      { orgId: o.id, principal, action: 'org.created', targetType: 'org', targetId: o.id, ip },
      q,
    );
    return o;
  });
  await publishAuthChange(p.bus, { userIds: [principal.userId] });
  return presentOrg(org);
}

export async function getOrg(p: Platform, orgId: string) {
  const org = await store.findOrg(p.db, orgId);
  if (!org) throw new AppError('not_found', 'No such organisation.');
  return presentOrg(org);
}

export async function renameOrg(p: Platform, principal: Principal, orgId: string, name: string, ip?: string) {
  const org = await store.renameOrg(p.db, orgId, name);
  if (!org) throw new AppError('not_found', 'No such organisation.');
  await p.audit.record({
    orgId,
    principal,
    action: 'org.renamed',
    targetType: 'org',
    targetId: orgId,
    ip,
    details: { name },
  });
  return presentOrg(org);
}

export async function listMembers(p: Platform, orgId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, ['string'])?.[0] as string | undefined;
  const rows = await store.listMembers(p.db, orgId, after, limit + 1);
  const res = page(rows, limit, (r) => [r.email]);
  return { items: res.items.map(presentMember), nextCursor: res.nextCursor };
}

/** Adds a person by email; a new account gets a one-time initial password, returned once. */
export async function addMember(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: { email: string; name?: string; role: OrgRole },
  ip?: string,
) {
  assertMayAssign(callerRole(principal, orgId), input.role);
  const email = normaliseEmail(input.email);
  const initialPassword = newSecret(12);
  const hash = await hashPassword(initialPassword);
  const result = await p.db.tx(async (q) => {
    let user = await store.findUserByEmail(q, email);
    const created = !user;
    user ??= await store.insertUser(q, {
      email,
      name: input.name ?? email.split('@')[0] ?? email,
      passwordHash: hash,
    });
    await uniquely(`${email} is already a member, so this`, () =>
      store.insertMembership(q, orgId, user.id, input.role),
    );
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'member.added',
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { email, role: input.role },
      },
      q,
    );
    const member = await store.findMember(q, orgId, user.id);
    return { member: presentMember(member!), ...(created ? { initialPassword } : {}) };
  });
  await publishAuthChange(p.bus, { userIds: [result.member.userId] });
  return result;
}

/** Owners are protected: only owners change them, and an org always keeps one. */
async function guardOwnerChange(
  q: Parameters<typeof store.lockOwners>[0],
  caller: OrgRole,
  orgId: string,
  target: store.MemberRow,
  newRole: OrgRole | null,
) {
  if (target.role === 'owner' || newRole === 'owner') {
    if (caller !== 'owner') throw new AppError('forbidden', 'Only an owner can change owners.');
  } else if (!roleAtLeast(caller, target.role)) {
    throw new AppError('forbidden', 'You cannot change a member with a higher role than yours.');
  }
  if (target.role === 'owner' && newRole !== 'owner') {
    const owners = await store.lockOwners(q, orgId);
    if (owners.length <= 1) throw new AppError('conflict', 'An organisation needs at least one owner.');
  }
}

export async function changeRole(
  p: Platform,
  principal: Principal,
  orgId: string,
  userId: string,
  role: OrgRole,
  ip?: string,
) {
  const caller = callerRole(principal, orgId);
  const member = await p.db.tx(async (q) => {
    const target = await store.findMember(q, orgId, userId);
    if (!target) throw new AppError('not_found', 'No such member.');
    await guardOwnerChange(q, caller, orgId, target, role);
    await store.updateMembership(q, orgId, userId, role);
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'member.role_changed',
        targetType: 'user',
        targetId: userId,
        ip,
        details: { from: target.role, to: role },
      },
      q,
    );
    return presentMember({ ...target, role });
  });
  await publishAuthChange(p.bus, { userIds: [userId] });
  return member;
}

export async function removeMember(
  p: Platform,
  principal: Principal,
  orgId: string,
  userId: string,
  ip?: string,
) {
  const caller = callerRole(principal, orgId);
  await p.db.tx(async (q) => {
    const target = await store.findMember(q, orgId, userId);
    if (!target) throw new AppError('not_found', 'No such member.');
    await guardOwnerChange(q, caller, orgId, target, null);
    await store.deleteMembership(q, orgId, userId);
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'member.removed',
        targetType: 'user',
        targetId: userId,
        ip,
        details: { email: target.email },
      },
      q,
    );
  });
  await publishAuthChange(p.bus, { userIds: [userId] });
}

/** The secret is returned once; only its SHA-256 is stored. A token never outranks its creator. */
export async function createToken(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: { name: string; role: OrgRole; expiresInDays?: number },
  ip?: string,
) {
  if (principal.kind !== 'user')
    throw new AppError('forbidden', 'API tokens are created by people, not by other tokens.');
  assertMayAssign(callerRole(principal, orgId), input.role);
  const secret = newApiToken();
  const row = await store.insertToken(p.db, {
    orgId,
    name: input.name,
    role: input.role,
    hash: sha256(secret),
    prefix: secret.slice(0, 10),
    createdBy: principal.userId,
    ...(input.expiresInDays ? { expiresInDays: input.expiresInDays } : {}),
  });
  await p.audit.record({
    orgId,
    principal,
    action: 'token.created',
    targetType: 'api_token',
    targetId: row.id,
    ip,
    details: { name: row.name, role: row.role },
  });
  return { token: presentToken(row), secret };
}

export async function listTokens(p: Platform, orgId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, ['string', 'string']) as [string, string] | undefined;
  const rows = await store.listTokens(p.db, orgId, after, limit + 1);
  const res = page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
  return { items: res.items.map(presentToken), nextCursor: res.nextCursor };
}

export async function revokeToken(
  p: Platform,
  principal: Principal,
  orgId: string,
  tokenId: string,
  ip?: string,
) {
  const row = await store.revokeToken(p.db, orgId, tokenId);
  if (!row) throw new AppError('not_found', 'No such token.');
  await publishAuthChange(p.bus, { tokenIds: [tokenId] });
  await p.audit.record({
    orgId,
    principal,
    action: 'token.revoked',
    targetType: 'api_token',
    targetId: tokenId,
    ip,
    details: { name: row.name },
  });
}

export async function listAudit(p: Platform, orgId: string, limit: number, cursor?: string) {
  const before = decodeCursor(cursor, ['number'])?.[0] as number | undefined;
  const rows = await store.listAudit(p.db, orgId, before, limit + 1);
  const res = page(rows, limit, (r) => [r.id]);
  return { items: res.items.map(presentAudit), nextCursor: res.nextCursor };
}
