import { endExternalFlowspec, proposeExternalFlowspec } from '../mitigation/external.ts';
import { canonicalIp, formatPrefix, hostPrefix, isUnicastHost, parseIp } from '../mitigation/ip.ts';
import type { Platform } from '../platform/platform.ts';
import { type Principal, peerRulesAllowed } from '../policy/index.ts';
import type { AttackData, AttackEventType } from './attack.ts';
import { loadPolicy } from './sharing-policy.ts';
import * as store from './store.ts';

/** Reading on behalf of an org's detection: like any of its viewers' API tokens (never RED). */
const detectionReader = (orgId: string): Principal => ({
  kind: 'token',
  tokenId: '00000000-0000-4000-8000-000000000001',
  userId: null,
  orgs: new Map([[orgId, 'viewer']]),
});

export interface PeerReflector {
  vector: string;
  address: string;
  port: number;
  indicatorIds: string[];
  sourceOrgIds: string[];
  expiresAt: string;
}

/**
 * The reflector addresses and ports, per vector, of the active indicators (shared, not
 * withdrawn, not expired) that other orgs shared and this org may read, under the same
 * policy filter as every other read. For detection and mitigation of `orgId`.
 */
export async function activePeerReflectors(
  p: Platform,
  orgId: string,
  limit = 500,
): Promise<PeerReflector[]> {
  const rows = await store.listVisible(p.db, detectionReader(orgId), {
    scope: 'peers',
    orgId,
    activeOnly: true,
    order: 'newest',
    limit,
  });
  const byKey = new Map<string, PeerReflector>();
  for (const r of rows) {
    for (const x of r.content.reflectors) {
      const key = `${r.vector}|${x.address}|${x.port}`;
      const e = byKey.get(key) ?? {
        vector: r.vector,
        address: x.address,
        port: x.port,
        indicatorIds: [],
        sourceOrgIds: [],
        expiresAt: r.expires_at.toISOString(),
      };
      if (!e.indicatorIds.includes(r.id)) e.indicatorIds.push(r.id);
      if (!e.sourceOrgIds.includes(r.org_id)) e.sourceOrgIds.push(r.org_id);
      if (r.expires_at.toISOString() > e.expiresAt) e.expiresAt = r.expires_at.toISOString();
      byKey.set(key, e);
    }
  }
  return [...byKey.values()];
}

export interface PeerMatch {
  address: string;
  port: number;
  vector: string;
  indicatorId: string;
}

/** Top sources of the attack that peers reported as reflectors (pure). */
export function matchReflectors(
  a: Pick<AttackData, 'topSources'>,
  reflectors: readonly PeerReflector[],
): PeerMatch[] {
  const seen = new Set(
    (a.topSources ?? []).map((s) => canonicalIp(s.address)).filter((s): s is string => s !== null),
  );
  return reflectors
    .filter((r) => seen.has(r.address))
    .map((r) => ({ address: r.address, port: r.port, vector: r.vector, indicatorId: r.indicatorIds[0]! }));
}

/**
 * FlowSpec matches for an attack from the peer reflectors of the matched vectors: "UDP from
 * reflector:port to the victim host". Never anything aimed at the victim as a whole.
 */
export function peerFlowMatches(
  a: Pick<AttackData, 'target'>,
  matched: readonly PeerMatch[],
  reflectors: readonly PeerReflector[],
) {
  const victim = parseIp(a.target);
  if (!victim || !isUnicastHost(victim)) return [];
  const vectors = new Set(matched.map((m) => m.vector));
  const family = victim.family === 4 ? ('ipv4' as const) : ('ipv6' as const);
  const out = [];
  for (const r of reflectors) {
    const ip = parseIp(r.address);
    if (!vectors.has(r.vector) || !ip || ip.family !== victim.family) continue;
    out.push({
      family,
      destination: formatPrefix(hostPrefix(victim)),
      source: formatPrefix(hostPrefix(ip)),
      protocol: 'udp' as const,
      sourcePorts: [r.port],
      vector: r.vector,
      reason: `Peer indicator ${r.indicatorIds[0]}: ${r.address} reflects ${r.vector} (port ${r.port})`,
    });
  }
  return out;
}

const intelKey = (attackId: string) => `intel:${attackId}`;

/**
 * An attack of an org that uses peers' indicators: the first time its top sources meet peer
 * reflectors, the match is recorded and published (`intel.match`, the org's own AMBER event),
 * and — when the org asked — FlowSpec filters from those reflectors are proposed (or announced
 * when both its intel and mitigation settings are automatic).
 */
export async function handleAttackForPeers(p: Platform, type: AttackEventType, orgId: string, a: AttackData) {
  const policy = await loadPolicy(p.db, orgId);
  if (policy.peerMode === 'off') return;
  if (type === 'attack.ended') return endExternalFlowspec(p, orgId, intelKey(a.id));
  const reflectors = await activePeerReflectors(p, orgId);
  const matches = matchReflectors(a, reflectors);
  if (matches.length === 0) return;
  const inserted = await store.insertMatch(p.db, orgId, a.id, a.target, matches);
  if (!inserted) return; // flagged before (this worker or another)
  let mitigation: { id: string; state: string } | null = null;
  if ((policy.peerMode === 'propose' || policy.peerMode === 'automatic') && a.direction !== 'outgoing') {
    const rules = peerFlowMatches(a, matches, reflectors);
    if (rules.length && peerRulesAllowed(rules.map((r) => ({ kind: 'flowspec', source: r.source })))) {
      mitigation = await proposeExternalFlowspec(p, {
        orgId,
        key: intelKey(a.id),
        target: a.target,
        classification: `${a.classification ?? a.vectors.join('+')} (peer reflectors)`,
        matches: rules,
        automatic: policy.peerMode === 'automatic',
        note: `FlowSpec from ${rules.length} reflector(s) reported by peers`,
      }).catch((err) => {
        p.log.warn({ err, attackId: a.id }, 'could not propose a mitigation from peer indicators');
        return null;
      });
      if (mitigation)
        await p.db.query('update intel_matches set mitigation_id = $3 where org_id = $1 and attack_id = $2', [
          orgId,
          a.id,
          mitigation.id,
        ]);
    }
  }
  await p.bus.publish({
    type: 'intel.match',
    orgId,
    tlp: 'AMBER',
    data: { attackId: a.id, target: a.target, peerIndicators: matches, mitigationId: mitigation?.id ?? null },
  });
}

export async function listMatches(p: Platform, orgId: string) {
  const rows = await store.listMatches(p.db, orgId);
  return {
    items: rows.map((r) => ({
      attackId: r.attack_id,
      target: r.target,
      matches: r.matches.map((m) => ({
        address: m.address,
        port: m.port,
        vector: m.vector,
        indicatorId: m.indicatorId,
      })),
      mitigationId: r.mitigation_id,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
