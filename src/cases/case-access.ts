import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import { canReadCase, type Principal, type SpaceGate } from '../policy/index.ts';
import { gateOf, loadSpaceAccess, requireSpaceRole, type SpaceAccess } from '../spaces/access.ts';
import { type CaseRow, findCase } from './case-store.ts';

export interface CaseAccess {
  row: CaseRow;
  access: SpaceAccess;
  gate: SpaceGate;
}

const noSuchCase = () => new AppError('not_found', 'No such case.');

/** A case the caller may read (a stranger may read CLEAR cases), else 404 whether or not it exists. */
export async function readableCase(q: Queryable, p: Principal, caseId: string): Promise<CaseAccess> {
  const row = await findCase(q, caseId);
  const access = row ? await loadSpaceAccess(q, p, row.space_id) : null;
  if (!row || !access || !canReadCase(p, row, access.activeOrgIds)) throw noSuchCase();
  return { row, access, gate: gateOf(access, row.tlp) };
}

/**
 * A case the caller may write in: a member (not observer) of the space. An org that left or
 * was removed gets a 403 that says so; strangers get 404.
 */
export async function writableCase(q: Queryable, p: Principal, caseId: string): Promise<CaseAccess> {
  const row = await findCase(q, caseId);
  if (!row) throw noSuchCase();
  const access = requireSpaceRole(await loadSpaceAccess(q, p, row.space_id), 'member');
  return { row, access, gate: gateOf(access, row.tlp) };
}

/** Who reads: a person by user id, an API token by token id (unread markers are per reader). */
export const readerIdOf = (p: Principal) =>
  p.kind === 'user' ? p.userId : p.kind === 'token' ? p.tokenId : null;
