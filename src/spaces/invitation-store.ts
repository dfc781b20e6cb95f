import type { Queryable } from '../platform/db/db.ts';

export interface InvitationRow {
  id: string;
  space_id: string;
  space_name: string;
  inviting_org_id: string;
  inviting_org_handle: string;
  inviting_org_name: string;
  org_id: string | null;
  org_handle: string | null;
  org_name: string | null;
  by_code: boolean;
  status: 'pending' | 'accepted' | 'declined' | 'revoked';
  inviter_approved_at: Date | null;
  invitee_approved_at: Date | null;
  expires_at: Date;
  created_at: Date;
}

const COLS = `i.id, i.space_id, s.name as space_name, i.inviting_org_id, io.handle as inviting_org_handle,
  io.name as inviting_org_name, i.org_id, o.handle as org_handle, o.name as org_name,
  (i.code_hash is not null) as by_code, i.status, i.inviter_approved_at, i.invitee_approved_at,
  i.expires_at, i.created_at`;
const FROM = `space_invitations i join spaces s on s.id = i.space_id
  join orgs io on io.id = i.inviting_org_id left join orgs o on o.id = i.org_id`;

export async function insertInvitation(
  q: Queryable,
  i: {
    spaceId: string;
    invitingOrgId: string;
    orgId: string | null;
    codeHash: string | null;
    userId: string;
    inviterApproved: boolean;
    expiresInDays: number;
  },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into space_invitations (space_id, inviting_org_id, org_id, code_hash, created_by,
       inviter_approved_by, inviter_approved_at, expires_at)
     values ($1, $2, $3, $4, $5, case when $6 then $5::uuid end, case when $6 then now() end,
             now() + make_interval(days => $7::int))
     returning id`,
    [i.spaceId, i.invitingOrgId, i.orgId, i.codeHash, i.userId, i.inviterApproved, i.expiresInDays],
  );
  return row!.id;
}

export const findInvitation = (q: Queryable, id: string) =>
  q.one<InvitationRow>(`select ${COLS} from ${FROM} where i.id = $1`, [id]);

/** Locks the row so two approvals racing cannot both (or neither) complete it. */
export const lockInvitation = (q: Queryable, id: string) =>
  q.one<{ id: string }>('select id from space_invitations where id = $1 for update', [id]);

export const findByCodeHash = (q: Queryable, codeHash: string) =>
  q.one<InvitationRow>(`select ${COLS} from ${FROM} where i.code_hash = $1`, [codeHash]);

export const listForSpace = (q: Queryable, spaceId: string) =>
  q.query<InvitationRow>(`select ${COLS} from ${FROM} where i.space_id = $1 order by i.created_at desc`, [
    spaceId,
  ]);

export const listForOrg = (q: Queryable, orgId: string) =>
  q.query<InvitationRow>(
    `select ${COLS} from ${FROM} where i.org_id = $1 and i.status = 'pending' and i.expires_at > now()
      order by i.created_at desc`,
    [orgId],
  );

export const approveInviter = (q: Queryable, id: string, userId: string) =>
  q.execute(
    'update space_invitations set inviter_approved_by = $2, inviter_approved_at = now() where id = $1',
    [id, userId],
  );

export const approveInvitee = (q: Queryable, id: string, orgId: string, userId: string) =>
  q.execute(
    `update space_invitations set org_id = $2, invitee_approved_by = $3, invitee_approved_at = now()
      where id = $1`,
    [id, orgId, userId],
  );

export const setStatus = (q: Queryable, id: string, status: InvitationRow['status']) =>
  q.execute('update space_invitations set status = $2 where id = $1', [id, status]);
