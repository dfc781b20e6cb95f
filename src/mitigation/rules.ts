import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { bitsOf, canonicalIp, canonicalPrefix, type Family, parseIp, parsePrefix } from './ip.ts';

/**
 * A mitigation rule as data. Rules are planned from attacks, stored, re-read and rendered into
 * ExaBGP text or GoBGP argv; `checkRule` runs before every rendering, so a rule that was
 * tampered with in storage, or built by a bug, is refused instead of reaching a router.
 */
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Ports = Type.Array(Port, { minItems: 1, maxItems: 16 });
const FamilyName = Type.Union([Type.Literal('ipv4'), Type.Literal('ipv6')]);
const Note = Type.String({ maxLength: 300 });

/** ExaBGP warns below 9600 bytes/s (routers may ignore it); 0 would mean discard. */
export const MIN_RATE_LIMIT = 9600;
export const MAX_RATE_LIMIT = 1_000_000_000_000;

export const FlowAction = Type.Union([
  Type.Object({ kind: Type.Literal('discard') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('rate-limit'),
      bytesPerSecond: Type.Integer({ minimum: MIN_RATE_LIMIT, maximum: MAX_RATE_LIMIT }),
    },
    { additionalProperties: false },
  ),
]);

export const FlowRule = Type.Object(
  {
    kind: Type.Literal('flowspec'),
    family: FamilyName,
    destination: Type.String({ maxLength: 49 }),
    source: Type.Optional(Type.String({ maxLength: 49 })),
    protocol: Type.Optional(Type.Union([Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('icmp')])),
    sourcePorts: Type.Optional(Ports),
    destinationPorts: Type.Optional(Ports),
    tcpSyn: Type.Optional(Type.Boolean()),
    fragment: Type.Optional(Type.Boolean()),
    action: FlowAction,
    vector: Type.String({ pattern: '^[a-z0-9_]{1,64}$' }),
    reason: Note,
  },
  { additionalProperties: false },
);

export const RtbhRule = Type.Object(
  {
    kind: Type.Literal('rtbh'),
    family: FamilyName,
    prefix: Type.String({ maxLength: 49 }),
    nextHop: Type.String({ maxLength: 45 }),
    communities: Type.Array(Type.String({ maxLength: 11 }), { minItems: 1, maxItems: 8 }),
    reason: Note,
  },
  { additionalProperties: false },
);

export const Rule = Type.Union([FlowRule, RtbhRule]);
export type FlowRule = Static<typeof FlowRule>;
export type RtbhRule = Static<typeof RtbhRule>;
export type Rule = Static<typeof Rule>;

export class RuleError extends Error {}

const COMMUNITY = /^(0|[1-9]\d{0,4}):(0|[1-9]\d{0,4})$/;

/** A standard community `ASN:value`, both 16-bit (e.g. 65535:666, RFC 7999 BLACKHOLE). */
export function isCommunity(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = COMMUNITY.exec(s);
  return !!m && Number(m[1]) <= 65535 && Number(m[2]) <= 65535;
}

export const familyName = (f: Family) => (f === 4 ? 'ipv4' : 'ipv6');

function sortedUnique(ports: number[] | undefined, what: string) {
  if (!ports) return;
  for (let i = 1; i < ports.length; i++) {
    if (ports[i]! <= ports[i - 1]!) throw new RuleError(`${what} must be sorted and unique`);
  }
}

function checkFlow(r: FlowRule) {
  const dest = parsePrefix(r.destination);
  if (!dest || canonicalPrefix(r.destination) !== r.destination) {
    throw new RuleError('destination is not a canonical prefix');
  }
  if (familyName(dest.family) !== r.family) throw new RuleError('destination does not match the family');
  // Only single hosts are ever filtered: a rule can never take out a whole network.
  if (dest.length !== bitsOf(dest.family)) throw new RuleError('destination must be a single host');
  if (r.source !== undefined) {
    const src = parsePrefix(r.source);
    if (!src || canonicalPrefix(r.source) !== r.source || src.family !== dest.family) {
      throw new RuleError('source is not a canonical prefix of the same family');
    }
  }
  sortedUnique(r.sourcePorts, 'source ports');
  sortedUnique(r.destinationPorts, 'destination ports');
  if ((r.sourcePorts || r.destinationPorts) && r.protocol !== 'udp' && r.protocol !== 'tcp') {
    throw new RuleError('ports need protocol udp or tcp');
  }
  if (r.tcpSyn && r.protocol !== 'tcp') throw new RuleError('tcp flags need protocol tcp');
  // ExaBGP's fragment match is IPv4-only.
  if (r.fragment && r.family !== 'ipv4') throw new RuleError('fragment matching is IPv4 only');
  if (r.fragment === false || r.tcpSyn === false) throw new RuleError('flags are either true or absent');
  if (!r.protocol && !r.fragment && !r.source)
    throw new RuleError('a rule must match more than a destination');
}

function checkRtbh(r: RtbhRule) {
  const prefix = parsePrefix(r.prefix);
  if (!prefix || canonicalPrefix(r.prefix) !== r.prefix) throw new RuleError('prefix is not canonical');
  if (familyName(prefix.family) !== r.family) throw new RuleError('prefix does not match the family');
  if (prefix.length !== bitsOf(prefix.family)) throw new RuleError('RTBH only blackholes single hosts');
  const nh = parseIp(r.nextHop);
  if (!nh || canonicalIp(r.nextHop) !== r.nextHop || nh.family !== prefix.family) {
    throw new RuleError('next-hop is not a canonical address of the same family');
  }
  if (!r.communities.every(isCommunity)) throw new RuleError('communities must be ASN:value');
  if (new Set(r.communities).size !== r.communities.length) throw new RuleError('communities repeat');
}

/** Returns the rule when it is well-formed and canonical; throws RuleError otherwise. */
export function checkRule(rule: unknown): Rule {
  if (!Value.Check(Rule, rule)) throw new RuleError('rule does not match the rule schema');
  const r = rule as Rule;
  if (r.kind === 'flowspec') checkFlow(r);
  else checkRtbh(r);
  return r;
}

/** Identity of what a rule matches and does (not why): equal keys announce the same route. */
export function ruleKey(r: Rule): string {
  if (r.kind === 'rtbh') return JSON.stringify(['rtbh', r.prefix, r.nextHop, r.communities]);
  return JSON.stringify([
    'flowspec',
    r.destination,
    r.source ?? null,
    r.protocol ?? null,
    r.sourcePorts ?? null,
    r.destinationPorts ?? null,
    r.tcpSyn ?? false,
    r.fragment ?? false,
    r.action,
  ]);
}
