/**
 * API shapes, taken from the server's schemas (type-only imports: nothing of the server is
 * bundled). The reference for humans is /api/docs.
 */
import type { ApiToken, AuditEntry, Member, OrgWithRole } from '../../src/identity/schemas.ts';
import type { OrgRole } from '../../src/policy/roles.ts';

export type { ApiToken, Member, Org, Session } from '../../src/identity/schemas.ts';
export type Role = OrgRole;
export type SessionOrg = OrgWithRole;
export type AuditItem = AuditEntry;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** POST /orgs/:orgId/members → 201 */
export interface AddedMember {
  member: Member;
  initialPassword?: string;
}

/** POST /orgs/:orgId/tokens → 201 */
export interface CreatedToken {
  token: ApiToken;
  secret: string;
}
