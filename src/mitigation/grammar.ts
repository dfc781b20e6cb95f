import { isIP } from 'node:net';

/**
 * Independent parsers of the commands the renderers produce, written from the ExaBGP and GoBGP
 * documentation rather than from render.ts. Tests feed rendered output back through them: a
 * command that does not parse, or parses into something else than the rule, is a bug.
 */
export interface ParsedCommand {
  op: 'announce' | 'withdraw';
  kind: 'rtbh' | 'flowspec';
  family: 'ipv4' | 'ipv6';
  destination: string;
  source?: string;
  protocol?: string;
  sourcePorts?: number[];
  destinationPorts?: number[];
  tcpSyn?: boolean;
  fragment?: boolean;
  action?: string;
  nextHop?: string;
  communities?: string[];
}

const ADDR = '[0-9a-f.:]+';
const PFX = `${ADDR}/\\d{1,3}`;
const PORTS = '=\\d{1,5}|\\[(?: =\\d{1,5}){2,} \\]';
const COMMUNITY = '\\d{1,5}:\\d{1,5}';

const RTBH = new RegExp(
  `^(announce|withdraw) route (${PFX}) next-hop (${ADDR}) community (${COMMUNITY}|\\[${COMMUNITY}(?: ${COMMUNITY})+\\])$`,
);
const FLOW = new RegExp(
  `^(announce|withdraw) flow route \\{ match \\{ destination (${PFX});(?: source (${PFX});)?` +
    `(?: (protocol|next-header) (udp|tcp|icmp|58);)?(?: source-port (${PORTS});)?` +
    `(?: destination-port (${PORTS});)?( tcp-flags \\[ syn \\];)?( fragment \\[ is-fragment \\];)?` +
    ' \\} then \\{ (discard|rate-limit \\d{4,13}); \\} \\}$',
);

function hostPrefix(p: string): 'ipv4' | 'ipv6' {
  const [addr = '', len] = p.split('/');
  const v = isIP(addr);
  if (v === 4 && len === '32') return 'ipv4';
  if (v === 6 && len === '128') return 'ipv6';
  throw new Error(`not a host prefix: ${p}`);
}

function anyPrefix(p: string, family: string) {
  const [addr = '', len = ''] = p.split('/');
  const v = isIP(addr);
  if (`ipv${v}` !== family || Number(len) > (v === 4 ? 32 : 128)) throw new Error(`bad prefix ${p}`);
}

function ports(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const list = [...text.matchAll(/=(\d{1,5})/g)].map((m) => Number(m[1]));
  if (list.some((p) => p < 1 || p > 65535)) throw new Error(`bad port in ${text}`);
  return list;
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Parses one ExaBGP text-API command; throws when it is not in the grammar. */
export function parseExabgp(line: string): ParsedCommand {
  const r = RTBH.exec(line);
  if (r) {
    const family = hostPrefix(r[2]!);
    if (`ipv${isIP(r[3]!)}` !== family) throw new Error('next-hop family differs');
    return {
      op: r[1] as ParsedCommand['op'],
      kind: 'rtbh',
      family,
      destination: r[2]!,
      nextHop: r[3]!,
      communities: r[4]!.replace(/[[\]]/g, '').split(' '),
    };
  }
  const f = FLOW.exec(line);
  if (!f) throw new Error(`not an ExaBGP command in the grammar: ${line}`);
  const family = hostPrefix(f[2]!);
  if (f[3]) anyPrefix(f[3], family);
  if (f[4] && (f[4] === 'protocol') !== (family === 'ipv4')) throw new Error('protocol keyword vs family');
  return defined({
    op: f[1] as ParsedCommand['op'],
    kind: 'flowspec' as const,
    family,
    destination: f[2]!,
    source: f[3],
    protocol: f[5] === '58' ? 'icmp' : f[5],
    sourcePorts: ports(f[6]),
    destinationPorts: ports(f[7]),
    tcpSyn: f[8] ? true : undefined,
    fragment: f[9] ? true : undefined,
    action: f[10]!,
  });
}

const TOKEN = /^[A-Za-z0-9.:/=,-]{1,100}$/;

/** Parses GoBGP `global rib` arguments; throws when they are not in the grammar. */
export function parseGobgp(args: string[]): ParsedCommand {
  if (!args.every((t) => TOKEN.test(t))) throw new Error(`unexpected token in ${JSON.stringify(args)}`);
  const [g, rib, a, afi, verb, ...rest] = args;
  if (g !== 'global' || rib !== 'rib' || a !== '-a' || (verb !== 'add' && verb !== 'del')) {
    throw new Error(`not a gobgp global rib command: ${args.join(' ')}`);
  }
  const op = verb === 'add' ? 'announce' : 'withdraw';
  if (afi === 'ipv4' || afi === 'ipv6') {
    const [prefix = '', nh, nextHop, c, communities, ...extra] = rest;
    if (hostPrefix(prefix) !== afi) throw new Error('prefix family');
    if (op === 'withdraw') {
      if (nh !== undefined) throw new Error('del takes only the prefix');
      return { op, kind: 'rtbh', family: afi, destination: prefix };
    }
    if (nh !== 'nexthop' || c !== 'community' || extra.length || `ipv${isIP(nextHop ?? '')}` !== afi) {
      throw new Error('rtbh add needs nexthop and community');
    }
    if (!/^\d{1,5}:\d{1,5}(,\d{1,5}:\d{1,5})*$/.test(communities ?? '')) throw new Error('communities');
    return {
      op,
      kind: 'rtbh',
      family: afi,
      destination: prefix,
      nextHop,
      communities: communities!.split(','),
    };
  }
  const family = afi === 'ipv4-flowspec' ? 'ipv4' : afi === 'ipv6-flowspec' ? 'ipv6' : null;
  if (!family) throw new Error(`unknown family ${afi}`);
  const out: ParsedCommand = { op, kind: 'flowspec', family, destination: '' };
  let i = 0;
  const next = () => rest[i++];
  if (next() !== 'match') throw new Error('expected match');
  for (let key = next(); key !== 'then'; key = next()) {
    if (key === undefined) throw new Error('missing then');
    if (key === 'destination' || key === 'source') {
      const p = next() ?? '';
      anyPrefix(p, family);
      out[key] = p;
    } else if (key === 'protocol') {
      const p = next() ?? '';
      if (!['udp', 'tcp', 'icmp', '58'].includes(p)) throw new Error(`protocol ${p}`);
      out.protocol = p === '58' ? 'icmp' : p;
    } else if (key === 'source-port' || key === 'destination-port') {
      const list: number[] = [];
      while (/^==\d{1,5}$/.test(rest[i] ?? '')) list.push(Number(next()!.slice(2)));
      if (!list.length) throw new Error(`${key} without ports`);
      out[key === 'source-port' ? 'sourcePorts' : 'destinationPorts'] = list;
    } else if (key === 'tcp-flags' && next() === 'S') out.tcpSyn = true;
    else if (key === 'fragment' && next() === 'is-fragment') out.fragment = true;
    else throw new Error(`unexpected ${key}`);
  }
  hostPrefix(out.destination);
  const action = next();
  if (action === 'discard' && i === rest.length) out.action = 'discard';
  else if (action === 'rate-limit' && /^\d{4,13}$/.test(rest[i] ?? '') && i + 1 === rest.length) {
    out.action = `rate-limit ${rest[i]}`;
  } else throw new Error('bad then clause');
  return out;
}
