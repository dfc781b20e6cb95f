import { canonicalIp, canonicalPrefix } from '../mitigation/ip.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import {
  canReadIndicator,
  type IndicatorState,
  type Principal,
  parseTlp,
  requireDecideIndicator,
  requireWriteIndicator,
  roleAtLeast,
  throughOrg,
} from '../policy/index.ts';
import { activeOrgsOf, peerView, publishIndicator } from './events.ts';
import { presentIndicator, scopeOf } from './presenters.ts';
import type { IndicatorContent, IndicatorInput } from './schemas.ts';
import { postToSpace } from './share.ts';
import { checkSharedLabel, loadPolicy } from './sharing-policy.ts';
import * as store from './store.ts';
import { summaryOf } from './summary.ts';

const noSuch = () => new AppError('not_found', 'No such indicator.');
const bad = (m: string) => new AppError('validation_failed', m);

/** The view the reader gets: the source org sees everything, peers the peer view. */
export const viewFor = (p: Principal, row: store.IndicatorRow) =>
  p.orgs.has(row.org_id) ? presentIndicator(row) : peerView(row);

export async function listIndicators(
  p: Platform,
  principal: Principal,
  orgId: string,
  o: { scope?: 'own' | 'peers' | 'all'; state?: IndicatorState; limit: number; cursor?: string },
) {
  const as = throughOrg(principal, orgId);
  const after = decodeCursor(o.cursor, ['string', 'string']) as [string, string] | undefined;
  const rows = await store.listVisible(p.db, as, {
    scope: o.scope ?? 'all',
    orgId,
    state: o.state,
    after,
    order: 'newest',
    limit: o.limit + 1,
  });
  const items = rows.slice(0, o.limit);
  await store.auditIndicatorReads(p.audit, as, items, 'rest');
  const last = items.at(-1);
  return {
    items: items.map((r) => viewFor(as, r)),
    nextCursor: rows.length > o.limit && last ? encodeCursor([last.updated_at.toISOString(), last.id]) : null,
  };
}

/** One indicator the org may read; 404 otherwise (whether or not it exists). */
export async function readableIndicator(p: Platform, principal: Principal, orgId: string, id: string) {
  const as = throughOrg(principal, orgId);
  const row = await store.findIndicator(p.db, id);
  if (!row || !canReadIndicator(as, scopeOf(row), await activeOrgsOf(p.db, row))) throw noSuch();
  if (row.tlp === 'RED' || row.tlp === 'AMBER+STRICT')
    await p.audit.recordRead(
      as,
      { orgId: row.org_id, tlp: row.tlp, targetType: 'indicator', targetId: row.id },
      'rest',
    );
  return { row, as };
}

export async function getIndicator(p: Platform, principal: Principal, orgId: string, id: string) {
  const { row, as } = await readableIndicator(p, principal, orgId, id);
  return viewFor(as, row);
}

/** An indicator of this org (for decisions): 404 for peers' ones. */
async function ownIndicator(p: Platform, orgId: string, id: string) {
  const row = await store.findIndicator(p.db, id);
  if (!row || row.org_id !== orgId) throw noSuch();
  return row;
}

function contentFrom(input: IndicatorInput): IndicatorContent {
  const now = new Date().toISOString();
  const prefixes = (input.sourcePrefixes ?? []).map((s) => canonicalPrefix(s) ?? s);
  const wrong = (input.sourcePrefixes ?? []).filter((s) => canonicalPrefix(s) === null);
  if (wrong.length)
    throw bad(`sourcePrefixes: not network prefixes with zero host bits: ${wrong.join(', ')}.`);
  const reflectors = (input.reflectors ?? []).map((r) => {
    const address = canonicalIp(r.address);
    if (!address) throw bad(`reflectors: ${r.address} is not an IP address.`);
    return { address, port: r.port };
  });
  const target = input.target ? canonicalPrefix(input.target) : null;
  if (input.target && !target)
    throw bad('target must be a network prefix with zero host bits, e.g. 198.51.100.0/24.');
  const firstSeen = input.firstSeen ?? now;
  const lastSeen = input.lastSeen ?? firstSeen;
  if (Date.parse(lastSeen) < Date.parse(firstSeen)) throw bad('lastSeen must not be before firstSeen.');
  const peakBps = input.peakBps ?? 0;
  const peakPps = input.peakPps ?? 0;
  return {
    vector: input.vector,
    protocol: input.protocol ?? null,
    sourcePorts: [...new Set(input.sourcePorts ?? [])].sort((a, b) => a - b),
    destinationPorts: [...new Set(input.destinationPorts ?? [])].sort((a, b) => a - b),
    tcpFlags: input.tcpFlags ?? null,
    sourcePrefixes: [...new Set(prefixes)],
    reflectors,
    target,
    targetAnonymisation: 'exact',
    peakPps,
    peakBps,
    firstSeen: new Date(firstSeen).toISOString(),
    lastSeen: new Date(lastSeen).toISOString(),
    confidence: input.confidence ?? 50,
    summary: input.summary.trim() || summaryOf(input.vector, peakBps, peakPps),
  };
}

/** By hand: an admin's indicator is shared at once; a responder's waits for an admin's approval. */
export async function createIndicator(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: IndicatorInput,
) {
  requireWriteIndicator(principal, orgId);
  const content = contentFrom(input);
  const policy = await loadPolicy(p.db, orgId);
  const spaceId = input.spaceId ?? policy.spaceId;
  if (!spaceId)
    throw bad('spaceId: say which consortium space to share into (or set one in the sharing policy).');
  const tlp = input.tlp === undefined ? policy.defaultTlp : parseTlp(input.tlp);
  const userId = principal.kind === 'user' ? principal.userId : null;
  const label = await checkSharedLabel(
    p.db,
    orgId,
    spaceId,
    {
      tlp,
      recipientOrgIds: input.recipientOrgIds ?? (input.tlp === undefined ? policy.recipientOrgIds : []),
      recipientUserIds: input.recipientUserIds ?? (input.tlp === undefined ? policy.recipientUserIds : []),
    },
    userId,
  );
  const expiresAt = input.expiresAt
    ? new Date(input.expiresAt)
    : new Date(Date.parse(content.lastSeen) + policy.expiryHours * 3600_000);
  if (expiresAt.getTime() <= Date.now()) throw bad('expiresAt must be in the future.');
  const isAdmin = principal.kind === 'user' && roleAtLeast(principal.orgs.get(orgId)!, 'admin');
  let row = (await store.insertIndicator(p.db, {
    orgId,
    attackId: null,
    origin: 'manual',
    state: isAdmin ? 'shared' : 'proposed',
    content,
    tlp: label.tlp,
    recipientOrgIds: label.recipientOrgIds,
    recipientUserIds: label.recipientUserIds,
    spaceId,
    authorId: userId,
    expiresAt,
  }))!;
  if (row.state === 'shared') row = await postToSpace(p, row, principal);
  await publishIndicator(
    p,
    row.state === 'shared' ? 'intel.indicator.shared' : 'intel.indicator.proposed',
    row,
  );
  return presentIndicator(row);
}

export async function approveIndicator(p: Platform, principal: Principal, orgId: string, id: string) {
  requireDecideIndicator(principal, orgId);
  const before = await ownIndicator(p, orgId, id);
  if (before.state !== 'proposed')
    throw new AppError(
      'conflict',
      `This indicator is ${before.state}; only a proposed one can be approved.`,
      { state: before.state },
    );
  if (!before.space_id)
    throw bad('This indicator has no space to share into; set one in the sharing policy.');
  // Membership may have changed since it was proposed: the label is checked again.
  await checkSharedLabel(
    p.db,
    orgId,
    before.space_id,
    {
      tlp: before.tlp,
      recipientOrgIds: before.recipient_org_ids,
      recipientUserIds: before.recipient_user_ids,
    },
    null,
  );
  const userId = principal.kind === 'user' ? principal.userId : null;
  const shared = await store.transition(p.db, id, ['proposed'], 'shared', { decidedBy: userId });
  if (!shared) throw new AppError('conflict', 'Someone decided on this indicator just now.');
  const posted = await postToSpace(
    p,
    shared,
    principal.kind === 'user' ? throughOrg(principal, orgId) : null,
  );
  await publishIndicator(p, 'intel.indicator.shared', posted);
  return presentIndicator(posted);
}

export async function rejectIndicator(p: Platform, principal: Principal, orgId: string, id: string) {
  requireDecideIndicator(principal, orgId);
  await ownIndicator(p, orgId, id);
  const row = await store.transition(p.db, id, ['proposed'], 'rejected', {
    decidedBy: principal.kind === 'user' ? principal.userId : null,
  });
  if (!row) throw new AppError('conflict', 'Only a proposed indicator can be rejected.');
  await publishIndicator(p, 'intel.indicator.rejected', row);
  return presentIndicator(row);
}

/** Peers keep seeing a withdrawn indicator (as revoked), so their filters can drop it. */
export async function withdrawIndicator(p: Platform, principal: Principal, orgId: string, id: string) {
  requireDecideIndicator(principal, orgId);
  await ownIndicator(p, orgId, id);
  const row = await store.transition(p.db, id, ['shared'], 'withdrawn', {
    decidedBy: principal.kind === 'user' ? principal.userId : null,
  });
  if (!row) throw new AppError('conflict', 'Only a shared indicator can be withdrawn.');
  await publishIndicator(p, 'intel.indicator.withdrawn', row);
  return presentIndicator(row);
}
