import type { Queryable } from '../platform/db/db.ts';
import type { Platform } from '../platform/platform.ts';
import { indicatorEventScope } from '../policy/index.ts';
import { loadSpaceAccess, usersInSpace } from '../spaces/access.ts';
import { presentIndicator, scopeOf } from './presenters.ts';
import { orgPrincipal } from './sharing-policy.ts';
import type { IndicatorRow } from './store.ts';

export type IndicatorEvent =
  | 'intel.indicator.proposed'
  | 'intel.indicator.shared'
  | 'intel.indicator.updated'
  | 'intel.indicator.rejected'
  | 'intel.indicator.withdrawn';

/** Active member orgs of an indicator's space now (none without a space). */
export async function activeOrgsOf(q: Queryable, row: Pick<IndicatorRow, 'org_id' | 'space_id'>) {
  if (!row.space_id) return [];
  return (await loadSpaceAccess(q, orgPrincipal(row.org_id), row.space_id))?.activeOrgIds ?? [];
}

/** What a peer is shown: the source org's internal references stay home. */
export function peerView(row: IndicatorRow) {
  return { ...presentIndicator(row), attackId: null, shareError: null };
}

/**
 * Publishes a live event about an indicator with the label and audience the policy computes
 * (peers who may read it, and the source org). Best effort: the change is already committed.
 */
export async function publishIndicator(p: Platform, type: IndicatorEvent, row: IndicatorRow) {
  try {
    const active = await activeOrgsOf(p.db, row);
    const red =
      row.tlp === 'RED' && row.space_id
        ? [...(await usersInSpace(p.db, row.space_id, row.recipient_user_ids))]
        : [];
    const scope = indicatorEventScope(scopeOf(row), active, red);
    const toPeers = (row.state === 'shared' || row.state === 'withdrawn') && row.space_id !== null;
    const data = toPeers ? peerView(row) : presentIndicator(row);
    await p.bus.publish({
      type,
      orgId: scope.orgId,
      tlp: scope.tlp,
      audience: scope.audience,
      data: { indicator: data },
    });
  } catch (err) {
    p.log.warn({ err, type, indicatorId: row.id }, 'could not publish an indicator event');
  }
}
