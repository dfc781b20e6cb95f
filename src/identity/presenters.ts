import type { ApiToken, AuditEntry, Member, Org, OrgWithRole } from './schemas.ts';
import type { AuditRow, MemberRow, OrgRow, TokenRow } from './store.ts';

// Presenters map rows to API shapes field by field, so a new column never leaks by accident.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentOrg = (r: OrgRow): Org => ({
  id: r.id,
  handle: r.handle,
  name: r.name,
  kind: r.kind,
  createdAt: r.created_at.toISOString(),
});

export const presentOrgWithRole = (r: OrgRow & { role: OrgWithRole['role'] }): OrgWithRole => ({
  ...presentOrg(r),
  role: r.role,
});

export const presentMember = (r: MemberRow): Member => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  joinedAt: r.created_at.toISOString(),
});

export const presentToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  lastUsedAt: iso(r.last_used_at),
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
});

export const presentAudit = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  action: r.action,
  actor:
    r.actor_user_id && r.actor_email && r.actor_name
      ? { userId: r.actor_user_id, email: r.actor_email, name: r.actor_name }
      : null,
  tokenId: r.actor_token_id,
  targetType: r.target_type,
  targetId: r.target_id,
  ip: r.ip,
  details: r.details,
});
