import type { SpaceRole } from '../policy/index.ts';
import type { InvitationRow } from './invitation-store.ts';
import type { Invitation, Space, SpaceOrg, SpacePerson } from './schemas.ts';
import type { PersonRow, SpaceOrgRow, SpaceRow } from './store.ts';

// Field by field, so a new column never reaches a client by accident.

export const presentSpace = (r: SpaceRow, role: SpaceRole): Space => ({
  id: r.id,
  name: r.name,
  description: r.description,
  defaultTlp: r.default_tlp,
  layers: r.layers,
  foundingOrg: { id: r.founding_org_id, handle: r.founding_org_handle, name: r.founding_org_name },
  createdAt: r.created_at.toISOString(),
  role,
});

export const presentSpaceOrg = (r: SpaceOrgRow): SpaceOrg => ({
  org: { id: r.org_id, handle: r.handle, name: r.name },
  status: r.status,
  joinedAt: r.joined_at.toISOString(),
  endedAt: r.ended_at ? r.ended_at.toISOString() : null,
});

/** The local part of the address plus the org handle: `@alice@ovh`. */
export const mentionOf = (email: string, orgHandle: string) => `${email.split('@')[0]}@${orgHandle}`;

export const presentPerson = (r: PersonRow, role: SpaceRole): SpacePerson => ({
  userId: r.user_id,
  name: r.name,
  mention: mentionOf(r.email, r.org_handle),
  org: { id: r.org_id, handle: r.org_handle, name: r.org_name },
  role,
});

export const presentInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  spaceId: r.space_id,
  spaceName: r.space_name,
  invitingOrg: { id: r.inviting_org_id, handle: r.inviting_org_handle, name: r.inviting_org_name },
  org:
    r.org_id && r.org_handle && r.org_name ? { id: r.org_id, handle: r.org_handle, name: r.org_name } : null,
  byCode: r.by_code,
  status: r.status,
  inviterApproved: r.inviter_approved_at !== null,
  inviteeApproved: r.invitee_approved_at !== null,
  expiresAt: r.expires_at.toISOString(),
  createdAt: r.created_at.toISOString(),
});
