import type { Platform } from '../platform/platform.ts';
import type { AttackData, AttackEventType } from './attack.ts';
import { deriveIndicator } from './derive.ts';
import { publishIndicator } from './events.ts';
import { postEnded, postToSpace } from './share.ts';
import { checkSharedLabel, loadPolicy } from './sharing-policy.ts';
import * as store from './store.ts';

/** Attack updates arrive every second; an indicator's stored figures follow at most this often. */
const REFRESH_MS = 5000;

const expiry = (lastSeen: string, hours: number) => new Date(Date.parse(lastSeen) + hours * 3600_000);

/**
 * An attack event of `orgId` under its sharing policy: the first event that passes the policy
 * creates the indicator (proposed, or shared and posted at once when automatic); later events
 * refresh its figures with the anonymisation it was created with (a policy change never
 * widens what was already shared); the end is posted into its case. One indicator per attack
 * (unique in the database), so repeated events and several workers create and post it once.
 */
export async function handleAttackForSharing(
  p: Platform,
  type: AttackEventType,
  orgId: string,
  a: AttackData,
) {
  const existing = await store.findByAttack(p.db, orgId, a.id);
  if (existing) return refresh(p, type, existing, a);
  const policy = await loadPolicy(p.db, orgId);
  if (policy.mode === 'off' || !policy.spaceId || a.direction === 'outgoing') return;
  const content = deriveIndicator(a, { anonymisation: policy.anonymisation });
  // Confidence grows as the attack goes on: a later update may still pass.
  if (content.confidence < policy.minConfidence) return;
  const label = await checkSharedLabel(
    p.db,
    orgId,
    policy.spaceId,
    { tlp: policy.defaultTlp, ...policy },
    null,
  ).catch((err) => {
    p.log.warn(
      { err: (err as Error).message, orgId },
      'sharing policy no longer fits its space; indicator not created',
    );
    return null;
  });
  if (!label) return;
  const row = await store.insertIndicator(p.db, {
    orgId,
    attackId: a.id,
    origin: 'attack',
    state: policy.mode === 'automatic' ? 'shared' : 'proposed',
    content,
    tlp: label.tlp,
    recipientOrgIds: label.recipientOrgIds,
    recipientUserIds: label.recipientUserIds,
    spaceId: policy.spaceId,
    authorId: null,
    expiresAt: expiry(content.lastSeen, policy.expiryHours),
  });
  if (!row) return; // another worker (or an earlier delivery) created it
  if (row.state === 'proposed') return publishIndicator(p, 'intel.indicator.proposed', row);
  // Published before posting: peers' intel views and detection hear of it without waiting for the case.
  await publishIndicator(p, 'intel.indicator.shared', row);
  await postToSpace(p, row, null);
}

async function refresh(p: Platform, type: AttackEventType, row: store.IndicatorRow, a: AttackData) {
  if (row.origin !== 'attack' || (row.state !== 'proposed' && row.state !== 'shared')) return;
  const ended = type === 'attack.ended';
  if (ended && row.attack_ended_at) return;
  const content = deriveIndicator(a, { anonymisation: row.content.targetAnonymisation });
  const policy = await loadPolicy(p.db, row.org_id);
  const updated = await store.refreshContent(
    p.db,
    row.id,
    content,
    expiry(content.lastSeen, policy.expiryHours),
    ended,
    REFRESH_MS,
  );
  if (!updated) return;
  const fresh = (await store.findIndicator(p.db, row.id))!;
  await publishIndicator(p, 'intel.indicator.updated', fresh);
  if (ended) await postEnded(p, fresh);
}
