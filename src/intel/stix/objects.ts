import { parseIp } from '../../mitigation/ip.ts';
import type { Tlp } from '../../policy/index.ts';
import type { Indicator } from '../schemas.ts';
import { scoId, sdoId, stixTime } from './ids.ts';
import { TLP_MARKING_IDS } from './markings.ts';
import { indicatorPattern } from './pattern.ts';

export type StixObject = Record<string, unknown> & { type: string; id: string };

const marks = (tlp: Tlp) => [TLP_MARKING_IDS[tlp]];

/** An organisation as a STIX identity (stable per org id). */
export function identityOf(org: { id: string; name: string; handle: string }, at: string): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: sdoId('identity', org.id),
    created: stixTime(at),
    modified: stixTime(at),
    name: org.name,
    identity_class: 'organization',
    description: `Swimmy organisation @${org.handle}`,
  };
}

/** The instant STIX wants strictly after valid_from for valid_until. */
const after = (from: string, until: string) =>
  Date.parse(until) > Date.parse(from) ? stixTime(until) : stixTime(new Date(Date.parse(from) + 1000));

/**
 * An indicator as a STIX indicator SDO, with address SCOs for its reflectors and one
 * network-traffic SCO per reflector (source address and port), all under the indicator's TLP.
 */
export function indicatorObjects(ind: Indicator, identity: StixObject): StixObject[] {
  const tlp = ind.tlp as Tlp;
  const sdo: StixObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: sdoId('indicator', ind.id),
    created_by_ref: identity.id,
    created: stixTime(ind.createdAt),
    modified: stixTime(ind.updatedAt),
    name: ind.summary,
    description: `DDoS ${ind.vector} indicator shared by ${ind.org.name}${ind.target ? `; target network ${ind.target}` : ''}; peak ${Math.round(ind.peakPps)} pps / ${Math.round(ind.peakBps)} bps.`,
    indicator_types: ['malicious-activity'],
    pattern: indicatorPattern(ind),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: stixTime(ind.firstSeen),
    valid_until: after(ind.firstSeen, ind.expiresAt),
    confidence: ind.confidence,
    labels: [ind.vector],
    revoked: ind.state === 'withdrawn',
    object_marking_refs: marks(tlp),
  };
  const scos: StixObject[] = [];
  for (const r of ind.reflectors.slice(0, 50)) {
    const ip = parseIp(r.address);
    if (!ip) continue;
    const type = ip.family === 4 ? 'ipv4-addr' : 'ipv6-addr';
    const addr: StixObject = {
      type,
      spec_version: '2.1',
      id: scoId(type, { value: r.address }),
      value: r.address,
      object_marking_refs: marks(tlp),
    };
    const protocols = [ip.family === 4 ? 'ipv4' : 'ipv6', 'udp'];
    scos.push(addr, {
      type: 'network-traffic',
      spec_version: '2.1',
      id: scoId('network-traffic', { src_ref: addr.id, src_port: r.port, protocols }),
      src_ref: addr.id,
      src_port: r.port,
      protocols,
      object_marking_refs: marks(tlp),
    });
  }
  return [sdo, ...scos];
}
