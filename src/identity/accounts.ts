import { publishAuthChange } from '../platform/auth/cache.ts';
import {
  dummyPasswordHash,
  hashPassword,
  newSecret,
  sha256,
  verifyPassword,
} from '../platform/auth/secrets.ts';
import { createSession, deleteSession, deleteUserSessions } from '../platform/auth/store.ts';
import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { presentOrgWithRole } from './presenters.ts';
import type { Session } from './schemas.ts';
import * as store from './store.ts';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Postgres unique violations become a 409 with a message a person understands. */
export async function uniquely<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: string }).code === '23505')
      throw new AppError('conflict', `${what} is already taken.`);
    throw err;
  }
}

/** Creates an organisation with its first owner, in one transaction. Used by setup and `swimmy admin`. */
export async function createOrgWithOwner(
  p: Platform,
  input: { org: { name: string; handle: string }; owner: { name: string; email: string; password: string } },
  opts: { onlyIfFirst?: boolean; ip?: string } = {},
) {
  const passwordHash = await hashPassword(input.owner.password);
  return p.db.tx(async (q) => {
    if (opts.onlyIfFirst) {
      await q.query('select pg_advisory_xact_lock(727275)');
      if ((await store.countOrgs(q)) > 0)
        throw new AppError('conflict', 'Setup is already done; sign in instead.');
    }
    const org = await uniquely(`The handle "${input.org.handle}"`, () => store.insertOrg(q, input.org));
    const email = normaliseEmail(input.owner.email);
    let user = await store.findUserByEmail(q, email);
    if (!user) user = await store.insertUser(q, { email, name: input.owner.name, passwordHash });
    await store.insertMembership(q, org.id, user.id, 'owner');
    await p.audit.record(
      {
        orgId: org.id,
        actorUserId: user.id,
        action: 'org.created',
        targetType: 'org',
        targetId: org.id,
        ip: opts.ip,
        details: { owner: email },
      },
      q,
    );
    return { org, user };
  });
}

export async function startSession(p: Platform, q: Queryable, userId: string, client: ClientInfo) {
  const secret = newSecret();
  const csrfToken = newSecret(24);
  await createSession(q, {
    idHash: sha256(secret),
    userId,
    csrfToken,
    ttlHours: p.config.sessionTtlHours,
    ...client,
  });
  return { secret, csrfToken };
}

export async function sessionView(q: Queryable, userId: string, csrfToken: string): Promise<Session> {
  const user = await store.findUser(q, userId);
  if (!user) throw new AppError('session_expired');
  const orgs = await store.orgsOfUser(q, userId);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    orgs: orgs.map(presentOrgWithRole),
    csrfToken,
  };
}

/** Verifies a password; unknown accounts cost the same time as known ones. */
export async function login(p: Platform, email: string, password: string, client: ClientInfo) {
  const user = await store.findUserByEmail(p.db, normaliseEmail(email));
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || user.disabled_at) {
    await p.audit.record({
      orgId: null,
      action: 'session.login_failed',
      ip: client.ip,
      details: { email: normaliseEmail(email) },
    });
    throw new AppError('invalid_credentials');
  }
  const session = await startSession(p, p.db, user.id, client);
  await recordForAllOrgs(p, user.id, { action: 'session.login', ip: client.ip });
  return { ...session, view: await sessionView(p.db, user.id, session.csrfToken) };
}

/** Security events about a person go to the audit log of every org they belong to. */
async function recordForAllOrgs(
  p: Platform,
  userId: string,
  e: { action: string; ip?: string },
  principal?: Principal,
) {
  const orgs = await store.orgsOfUser(p.db, userId);
  for (const o of orgs) {
    await p.audit.record({
      orgId: o.id,
      ...(principal ? { principal } : { actorUserId: userId }),
      action: e.action,
      targetType: 'user',
      targetId: userId,
      ip: e.ip,
    });
  }
}

export async function logout(p: Platform, principal: Principal, ip?: string) {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in person has a session.');
  await deleteSession(p.db, principal.sessionId);
  await publishAuthChange(p.bus, { userIds: [principal.userId] });
  await recordForAllOrgs(p, principal.userId, { action: 'session.logout', ip }, principal);
}

export async function logoutEverywhere(p: Platform, principal: Principal, ip?: string) {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in person has sessions.');
  await deleteUserSessions(p.db, principal.userId);
  await publishAuthChange(p.bus, { userIds: [principal.userId] });
  await recordForAllOrgs(p, principal.userId, { action: 'session.logout_everywhere', ip }, principal);
}

/** Changing a password ends every other session of that person. */
export async function changePassword(
  p: Platform,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  ip?: string,
) {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'API tokens cannot change passwords.');
  const user = await store.findUser(p.db, principal.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('invalid_credentials', 'The current password is wrong.');
  }
  const hash = await hashPassword(input.newPassword);
  await p.db.tx(async (q) => {
    await store.setPasswordHash(q, user.id, hash);
    await q.execute('delete from sessions where user_id = $1 and id_hash <> $2', [
      user.id,
      principal.sessionId,
    ]);
  });
  await publishAuthChange(p.bus, { userIds: [user.id] });
  await recordForAllOrgs(p, user.id, { action: 'user.password_changed', ip }, principal);
}

/** `swimmy admin reset-password`: sets a new password and ends all sessions. */
export async function resetPassword(p: Platform, email: string, password: string) {
  const user = await store.findUserByEmail(p.db, normaliseEmail(email));
  if (!user) throw new AppError('not_found', `No user with email ${email}.`);
  await store.setPasswordHash(p.db, user.id, await hashPassword(password));
  await deleteUserSessions(p.db, user.id);
  await publishAuthChange(p.bus, { userIds: [user.id] });
  await recordForAllOrgs(p, user.id, { action: 'user.password_reset' });
  return user;
}
