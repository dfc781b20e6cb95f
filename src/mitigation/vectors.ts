import type { Attack } from './attack.ts';
import { formatPrefix, hostPrefix, type Ip, isUnicastHost, parseIp } from './ip.ts';
import type { FlowRule } from './rules.ts';
import type { Settings } from './settings-schema.ts';

/**
 * What to match for each attack vector the detection engine names: threshold vectors
 * (`total`, `udp`, `amplification`, `tcp`, `tcp_syn`, `icmp`, `fragments`) and reflector vectors
 * `amp_<slug>` (its AMP_PORTS table; `amp_other` and unknown slugs fall back to the busiest
 * source ports seen).
 */
export const AMPLIFICATION_PORTS: Readonly<Record<string, number>> = {
  amp_qotd: 17,
  amp_chargen: 19,
  amp_dns: 53,
  amp_tftp: 69,
  amp_portmap: 111,
  amp_rpc: 111,
  amp_ntp: 123,
  amp_netbios: 137,
  amp_snmp: 161,
  amp_cldap: 389,
  amp_slp: 427,
  amp_rip: 520,
  amp_openvpn: 1194,
  amp_mssql: 1434,
  amp_ssdp: 1900,
  amp_ard: 3283,
  amp_stun: 3478,
  amp_ws_discovery: 3702,
  amp_wsd: 3702,
  amp_mdns: 5353,
  amp_coap: 5683,
  amp_ubiquiti: 10001,
  amp_memcached: 11211,
  amp_dvr: 37810,
};

export type Flow = Omit<FlowRule, 'kind' | 'family' | 'destination' | 'action'>;

const SYN = ['tcp_syn', 'syn'];
const isAmplification = (v: string) => v === 'amplification' || v.startsWith('amp_');

export const sortedPorts = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);

/** The busiest valid ports (1–65535), at most `max`. */
function topPorts(list: Array<{ port: number; pps: number }>, max: number): number[] {
  const valid = list.filter((p) => Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535 && p.pps > 0);
  const busiest = [...valid].sort((a, b) => b.pps - a.pps).slice(0, max);
  return sortedPorts(busiest.map((p) => p.port));
}

/** Unspoofed sources as host prefixes of the victim's family, busiest first. */
function topSourcePrefixes(a: Attack, target: Ip, max: number): string[] {
  const out: string[] = [];
  for (const s of [...a.topSources].sort((x, y) => y.pps - x.pps)) {
    const ip = parseIp(s.address);
    if (!ip || ip.family !== target.family || !isUnicastHost(ip)) continue;
    const p = formatPrefix(hostPrefix(ip));
    if (!out.includes(p)) out.push(p);
    if (out.length >= max) break;
  }
  return out;
}

/** Flood of one protocol: by unspoofed sources, else by destination ports, else all of it. */
function floodRules(a: Attack, target: Ip, s: Settings, vector: string, protocol: 'udp' | 'tcp'): Flow[] {
  const name = protocol.toUpperCase();
  if (a.spoofing === 'low' && s.flowspec.maxSourceRules > 0) {
    const sources = topSourcePrefixes(a, target, s.flowspec.maxSourceRules);
    if (sources.length) {
      return sources.map((source) => ({
        vector,
        protocol,
        source,
        reason: `${name} flood from ${source} (spoofing unlikely)`,
      }));
    }
  }
  const ports = topPorts(a.topDestinationPorts, s.flowspec.maxPorts);
  if (ports.length) {
    return [
      { vector, protocol, destinationPorts: ports, reason: `${name} flood to port(s) ${ports.join(', ')}` },
    ];
  }
  return [{ vector, protocol, reason: `${name} flood (no dominant port)` }];
}

function amplificationRules(a: Attack, s: Settings, vector: string, notes: string[]): Flow[] {
  const port = AMPLIFICATION_PORTS[vector];
  if (port !== undefined) {
    return [
      { vector, protocol: 'udp', sourcePorts: [port], reason: `UDP amplification from source port ${port}` },
    ];
  }
  if (vector === 'amplification' && a.vectors.some((v) => AMPLIFICATION_PORTS[v] !== undefined)) {
    notes.push('amplification: covered by the per-reflector rules');
    return [];
  }
  const ports = topPorts(a.topSourcePorts, s.flowspec.maxPorts);
  if (ports.length) {
    return [
      {
        vector,
        protocol: 'udp',
        sourcePorts: ports,
        reason: `UDP amplification from port(s) ${ports.join(', ')}`,
      },
    ];
  }
  notes.push(`${vector}: no reflector source port to match`);
  return [];
}

/** The FlowSpec matches for one vector of an attack on `target` (possibly none, with a note why). */
export function vectorRules(a: Attack, target: Ip, s: Settings, vector: string, notes: string[]): Flow[] {
  if (isAmplification(vector)) return amplificationRules(a, s, vector, notes);
  if (SYN.includes(vector)) {
    const ports = topPorts(a.topDestinationPorts, s.flowspec.maxPorts);
    const reason = ports.length ? `TCP SYN flood to port(s) ${ports.join(', ')}` : 'TCP SYN flood';
    return [
      { vector, protocol: 'tcp', tcpSyn: true, ...(ports.length ? { destinationPorts: ports } : {}), reason },
    ];
  }
  switch (vector) {
    case 'icmp':
      return [{ vector, protocol: 'icmp', reason: 'ICMP flood' }];
    case 'fragments':
      if (target.family === 6) {
        notes.push('fragments: IPv6 fragment matching is not supported by ExaBGP; no FlowSpec rule');
        return [];
      }
      return [{ vector, fragment: true, reason: 'IP fragment flood' }];
    case 'udp':
      if (a.vectors.some(isAmplification)) {
        notes.push('udp: covered by the amplification rules');
        return [];
      }
      return floodRules(a, target, s, vector, 'udp');
    case 'tcp':
      if (a.vectors.some((v) => SYN.includes(v))) {
        notes.push('tcp: covered by the SYN rule');
        return [];
      }
      return floodRules(a, target, s, vector, 'tcp');
    case 'total':
      notes.push('total: matched through the specific vectors');
      return [];
    default:
      notes.push(`${vector}: no FlowSpec rule for this vector`);
      return [];
  }
}
