import {
  formatIp,
  formatPrefix,
  hostPrefix,
  type Ip,
  isUnicastHost,
  type Prefix,
  parseIp,
  parsePrefix,
  prefixContains,
} from '../mitigation/ip.ts';
import { AMPLIFICATION_PORTS } from '../mitigation/vectors.ts';
import type { Anonymisation } from '../policy/index.ts';
import type { AttackData } from './attack.ts';
import type { IndicatorContent, Reflector } from './schemas.ts';
import { summaryOf } from './summary.ts';

/**
 * Turns an attack into the shareable indicator. Pure: same attack and options, same indicator.
 *
 * What is never shared: the victim's exact address unless the org chose `exact` (generalised
 * to its /24 or /48, or hidden; sources and reflectors inside that network are dropped too,
 * since a spoofed source may be the victim itself); source prefixes of an attack whose sources
 * may be spoofed (`spoofing` medium or high: the addresses are random, and blocking them would
 * hurt innocent hosts); anything that is not a unicast host address.
 *
 * Confidence (0–100) says how sure a peer can be that matching traffic is this attack:
 *   40 to start with;
 *   +20 when the vector is specific (an amplification service, TCP SYN, ICMP, fragments) rather
 *       than a generic udp/tcp/total flood;
 *   +15 when reflectors were seen with the vector's well-known port, +10 when unspoofed source
 *       prefixes are included (both: concrete addresses a peer can match);
 *   +10 when the attack lasted 30 s or more (+5 from 5 s): a blip is weaker evidence;
 *   −20 when sources are spoofed (high) and there is no reflector list: only the shape is known.
 * Clamped to 0–100.
 */
export interface DeriveOptions {
  anonymisation: Anonymisation;
  /** Upper bounds (defaults 20 sources, 50 reflectors). */
  maxSources?: number;
  maxReflectors?: number;
}

const GENERIC = new Set(['udp', 'tcp', 'total']);
/** Most specific first: the vector an indicator is about. */
const RANK = ['tcp_syn', 'icmp', 'fragments', 'amplification', 'udp', 'tcp', 'total'];
const isAmp = (v: string) => v === 'amplification' || v.startsWith('amp_');

/** The vector the indicator describes: the busiest amplification service, else the most specific. */
export function principalVector(a: Pick<AttackData, 'vectors' | 'breakdown'>): string {
  const pps = (v: string) => a.breakdown?.[v]?.pps ?? 0;
  const valid = a.vectors.filter((v) => /^[a-z0-9_]{1,64}$/.test(v));
  const services = valid
    .filter((v) => v.startsWith('amp_'))
    .sort((x, y) => pps(y) - pps(x) || x.localeCompare(y));
  if (services[0]) return services[0];
  return RANK.find((v) => valid.includes(v)) ?? valid[0] ?? 'total';
}

const protocolOf = (v: string): IndicatorContent['protocol'] =>
  isAmp(v) || v === 'udp' ? 'udp' : v === 'tcp' || v === 'tcp_syn' ? 'tcp' : v === 'icmp' ? 'icmp' : null;

function topPorts(list: AttackData['topSourcePorts'], max: number): number[] {
  const ok = (list ?? []).filter((p) => p.port >= 1 && p.port <= 65535 && p.pps > 0);
  const busiest = [...ok].sort((x, y) => y.pps - x.pps || x.port - y.port).slice(0, max);
  return [...new Set(busiest.map((p) => p.port))].sort((x, y) => x - y);
}

/** The network a peer is told about, or null when hidden. */
export function generaliseTarget(
  a: Pick<AttackData, 'target' | 'prefix' | 'scope'>,
  mode: Anonymisation,
): Prefix | null {
  const ip = parseIp(a.target);
  if (!ip || mode === 'hide') return null;
  const own = ownPrefix(a, ip);
  if (mode === 'exact') return own ?? hostPrefix(ip);
  const length = ip.family === 4 ? 24 : 48;
  if (own && own.length <= length) return own;
  return networkOf(ip, length);
}

/** A prefix-wide attack's prefix, when it really contains the target. */
function ownPrefix(a: Pick<AttackData, 'prefix' | 'scope'>, ip: Ip): Prefix | null {
  const own = a.scope === 'prefix' ? parsePrefix(a.prefix) : null;
  return own && prefixContains(own, ip) ? own : null;
}

export function networkOf(ip: Ip, length: number): Prefix {
  const bits = ip.family === 4 ? 32 : 128;
  const host = (1n << BigInt(bits - length)) - 1n;
  return { family: ip.family, value: ip.value & ~host, length };
}

/** Addresses that must not appear: the victim's network when anonymised (its /24 or /48). */
function victimShield(a: AttackData, mode: Anonymisation): Prefix | null {
  if (mode === 'exact') return null;
  const ip = parseIp(a.target);
  if (!ip) return null;
  const net = networkOf(ip, ip.family === 4 ? 24 : 48);
  const own = ownPrefix(a, ip);
  return own && own.length < net.length ? own : net;
}

function sources(a: AttackData, shield: Prefix | null, max: number): Ip[] {
  const out: Ip[] = [];
  const seen = new Set<string>();
  for (const s of [...(a.topSources ?? [])].sort(
    (x, y) => y.pps - x.pps || x.address.localeCompare(y.address),
  )) {
    const ip = parseIp(s.address);
    if (!ip || !isUnicastHost(ip) || (shield && prefixContains(shield, ip))) continue;
    const text = formatIp(ip);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(ip);
    if (out.length >= max) break;
  }
  return out;
}

function confidenceOf(
  vector: string,
  c: Omit<IndicatorContent, 'confidence' | 'summary'>,
  spoofing: string,
): number {
  const wellKnown = AMPLIFICATION_PORTS[vector];
  const seconds = (Date.parse(c.lastSeen) - Date.parse(c.firstSeen)) / 1000;
  let score = 40;
  if (!GENERIC.has(vector)) score += 20;
  if (c.reflectors.length && (wellKnown === undefined || c.reflectors.some((r) => r.port === wellKnown)))
    score += 15;
  if (c.sourcePrefixes.length) score += 10;
  score += seconds >= 30 ? 10 : seconds >= 5 ? 5 : 0;
  if (spoofing === 'high' && c.reflectors.length === 0) score -= 20;
  return Math.max(0, Math.min(100, Math.round(score)));
}

const iso = (s: string | null | undefined, fallback: string) =>
  s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : fallback;

export function deriveIndicator(a: AttackData, o: DeriveOptions): IndicatorContent {
  const vector = principalVector(a);
  const shield = victimShield(a, o.anonymisation);
  const spoofing = a.spoofing ?? 'high'; // unknown counts as spoofed: never guess sources
  const srcPorts = topPorts(a.topSourcePorts, 4);
  const wellKnown = AMPLIFICATION_PORTS[vector];
  const ampPorts = wellKnown !== undefined ? [wellKnown] : srcPorts;
  const seen = sources(a, shield, Math.max(o.maxSources ?? 20, o.maxReflectors ?? 50));
  const reflectors: Reflector[] =
    isAmp(vector) && ampPorts[0] !== undefined
      ? seen.slice(0, o.maxReflectors ?? 50).map((ip) => ({ address: formatIp(ip), port: ampPorts[0]! }))
      : [];
  const sourcePrefixes =
    !isAmp(vector) && spoofing === 'low'
      ? seen.slice(0, o.maxSources ?? 20).map((ip) => formatPrefix(hostPrefix(ip)))
      : [];
  const target = generaliseTarget(a, o.anonymisation);
  const firstSeen = iso(a.firstSeenAt, iso(a.startedAt, new Date(0).toISOString()));
  const base = {
    vector,
    protocol: protocolOf(vector),
    sourcePorts: isAmp(vector) ? ampPorts : [],
    destinationPorts:
      vector === 'tcp_syn' || vector === 'tcp' || vector === 'udp' ? topPorts(a.topDestinationPorts, 4) : [],
    tcpFlags: vector === 'tcp_syn' ? 0x02 : null,
    sourcePrefixes,
    reflectors,
    target: target ? formatPrefix(target) : null,
    targetAnonymisation: o.anonymisation,
    peakPps: a.peak?.pps ?? 0,
    peakBps: a.peak?.bps ?? 0,
    firstSeen,
    lastSeen: iso(a.endedAt ?? a.updatedAt, firstSeen),
  };
  return {
    ...base,
    confidence: confidenceOf(vector, base, spoofing),
    summary: summaryOf(vector, base.peakBps, base.peakPps),
  };
}
