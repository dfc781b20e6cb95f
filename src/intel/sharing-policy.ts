import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import {
  type Anonymisation,
  checkLabel,
  type ItemLabel,
  type PeerMode,
  type Principal,
  type SharingMode,
  type Tlp,
} from '../policy/index.ts';
import { loadSpaceAccess, usersInSpace } from '../spaces/access.ts';
import type { SharingPolicy, SharingPolicyInput } from './schemas.ts';

interface PolicyRow {
  mode: SharingMode;
  space_id: string | null;
  default_tlp: Tlp;
  recipient_org_ids: string[];
  recipient_user_ids: string[];
  anonymisation: Anonymisation;
  min_confidence: number;
  expiry_hours: number;
  peer_mode: PeerMode;
  updated_at: Date | null;
}

export const DEFAULT_POLICY: SharingPolicy = {
  mode: 'off',
  spaceId: null,
  defaultTlp: 'GREEN',
  recipientOrgIds: [],
  recipientUserIds: [],
  anonymisation: 'generalise',
  minConfidence: 0,
  expiryHours: 24,
  peerMode: 'off',
  updatedAt: null,
};

const present = (r: PolicyRow): SharingPolicy => ({
  mode: r.mode,
  spaceId: r.space_id,
  defaultTlp: r.default_tlp,
  recipientOrgIds: r.recipient_org_ids,
  recipientUserIds: r.recipient_user_ids,
  anonymisation: r.anonymisation,
  minConfidence: r.min_confidence,
  expiryHours: r.expiry_hours,
  peerMode: r.peer_mode,
  updatedAt: r.updated_at ? r.updated_at.toISOString() : null,
});

export async function loadPolicy(q: Queryable, orgId: string): Promise<SharingPolicy> {
  const row = await q.one<PolicyRow>(
    `select mode, space_id, default_tlp, recipient_org_ids, recipient_user_ids, anonymisation, min_confidence,
       expiry_hours, peer_mode, updated_at from intel_policies where org_id = $1`,
    [orgId],
  );
  return row ? present(row) : DEFAULT_POLICY;
}

/** A principal acting for the org itself (automatic sharing): no person, never RED, a space member. */
export const orgPrincipal = (orgId: string): Principal => ({
  kind: 'token',
  tokenId: '00000000-0000-4000-8000-000000000000',
  userId: null,
  orgs: new Map([[orgId, 'responder']]),
});

/**
 * Checks a label against the space it goes to (coordination's label rule): AMBER and
 * AMBER+STRICT name member orgs, RED names people in the space. Unlike a post, a shared
 * indicator's AMBER without named orgs would reach nobody, so it is refused.
 */
export async function checkSharedLabel(
  q: Queryable,
  orgId: string,
  spaceId: string,
  input: { tlp: Tlp; recipientOrgIds: readonly string[]; recipientUserIds: readonly string[] },
  authorUserId: string | null,
): Promise<ItemLabel> {
  const access = await loadSpaceAccess(q, orgPrincipal(orgId), spaceId);
  if (!access?.callerOrgIds.includes(orgId))
    throw new AppError(
      'validation_failed',
      'spaceId must be a consortium space your organisation is an active member of.',
    );
  if ((input.tlp === 'AMBER' || input.tlp === 'AMBER+STRICT') && input.recipientOrgIds.length === 0)
    throw new AppError(
      'validation_failed',
      `${input.tlp} indicators go to named organisations: give recipientOrgIds.`,
    );
  const named = [...input.recipientUserIds, ...(authorUserId ? [authorUserId] : [])];
  return checkLabel(input, {
    defaultTlp: input.tlp,
    authorOrgId: orgId,
    authorUserId,
    activeOrgIds: access.activeOrgIds,
    usersInSpace: await usersInSpace(q, spaceId, named),
  });
}

export async function savePolicy(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: SharingPolicyInput,
  ip: string,
) {
  const current = await loadPolicy(p.db, orgId);
  const next = { ...current, ...input };
  if (next.mode !== 'off' && !next.spaceId)
    throw new AppError('validation_failed', 'Sharing needs a consortium space (spaceId) to share into.');
  if (next.spaceId)
    await checkSharedLabel(p.db, orgId, next.spaceId, { ...next, tlp: next.defaultTlp }, null);
  const userId = principal.kind === 'user' ? principal.userId : null;
  await p.db.tx(async (q) => {
    await q.query(
      `insert into intel_policies (org_id, mode, space_id, default_tlp, recipient_org_ids, recipient_user_ids,
         anonymisation, min_confidence, expiry_hours, peer_mode, updated_by, updated_at)
       values ($1, $2, $3, $4, $5::uuid[], $6::uuid[], $7, $8, $9, $10, $11, now())
       on conflict (org_id) do update set mode = excluded.mode, space_id = excluded.space_id,
         default_tlp = excluded.default_tlp, recipient_org_ids = excluded.recipient_org_ids,
         recipient_user_ids = excluded.recipient_user_ids, anonymisation = excluded.anonymisation,
         min_confidence = excluded.min_confidence, expiry_hours = excluded.expiry_hours,
         peer_mode = excluded.peer_mode, updated_by = excluded.updated_by, updated_at = now()`,
      [
        orgId,
        next.mode,
        next.spaceId,
        next.defaultTlp,
        [...new Set(next.recipientOrgIds)],
        [...new Set(next.recipientUserIds)],
        next.anonymisation,
        next.minConfidence,
        next.expiryHours,
        next.peerMode,
        userId,
      ],
    );
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'intel.policy_changed',
        targetType: 'org',
        targetId: orgId,
        ip,
        details: {
          mode: next.mode,
          spaceId: next.spaceId,
          tlp: next.defaultTlp,
          anonymisation: next.anonymisation,
          peerMode: next.peerMode,
        },
      },
      q,
    );
  });
  return loadPolicy(p.db, orgId);
}
