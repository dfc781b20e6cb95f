import type { IndicatorScope } from '../policy/index.ts';
import type { Indicator } from './schemas.ts';
import type { IndicatorRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Active: shared, not withdrawn, not expired (what peers should still act on). */
export const isActive = (r: Pick<IndicatorRow, 'state' | 'expires_at'>, now = Date.now()) =>
  r.state === 'shared' && r.expires_at.getTime() > now;

export const scopeOf = (r: IndicatorRow): IndicatorScope => ({
  tlp: r.tlp,
  orgId: r.org_id,
  recipientOrgIds: r.recipient_org_ids,
  recipientUserIds: r.recipient_user_ids,
  state: r.state,
  spaceId: r.space_id,
});

/** Column by column: the content fields are copied by name, so nothing else in the JSON leaks. */
export function presentIndicator(r: IndicatorRow): Indicator {
  const c = r.content;
  return {
    id: r.id,
    org: { id: r.org_id, handle: r.org_handle, name: r.org_name },
    origin: r.origin,
    attackId: r.attack_id,
    state: r.state,
    vector: c.vector,
    protocol: c.protocol,
    sourcePorts: c.sourcePorts,
    destinationPorts: c.destinationPorts,
    tcpFlags: c.tcpFlags,
    sourcePrefixes: c.sourcePrefixes,
    reflectors: c.reflectors.map((x) => ({ address: x.address, port: x.port })),
    target: c.target,
    targetAnonymisation: c.targetAnonymisation,
    peakPps: c.peakPps,
    peakBps: c.peakBps,
    firstSeen: c.firstSeen,
    lastSeen: c.lastSeen,
    confidence: c.confidence,
    summary: c.summary,
    tlp: r.tlp,
    recipientOrgIds: r.recipient_org_ids,
    recipientUserIds: r.recipient_user_ids,
    spaceId: r.space_id,
    caseId: r.case_id,
    shareError: r.share_error,
    expiresAt: r.expires_at.toISOString(),
    active: isActive(r),
    attackEndedAt: iso(r.attack_ended_at),
    sharedAt: iso(r.shared_at),
    withdrawnAt: iso(r.withdrawn_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
