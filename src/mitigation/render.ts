import { checkRule, type FlowRule, type Rule } from './rules.ts';

/**
 * Renders checked rules into the two dialects the drivers speak. Every token comes from a
 * number or a canonical address produced by ip.ts (checkRule enforces it), so neither the
 * ExaBGP text nor the GoBGP argv can carry text an attacker put into an attack or a setting.
 */
export type Op = 'announce' | 'withdraw';

// ExaBGP names protocols only for IPv4 `protocol`; IPv6 matches `next-header`, ICMPv6 is 58.
const V6_ICMP = '58';

function exabgpPorts(ports: number[]): string {
  return ports.length === 1 ? `=${ports[0]}` : `[ ${ports.map((p) => `=${p}`).join(' ')} ]`;
}

function exabgpMatch(r: FlowRule): string {
  const parts = [`destination ${r.destination};`];
  if (r.source) parts.push(`source ${r.source};`);
  if (r.protocol) {
    parts.push(
      r.family === 'ipv4'
        ? `protocol ${r.protocol};`
        : `next-header ${r.protocol === 'icmp' ? V6_ICMP : r.protocol};`,
    );
  }
  if (r.sourcePorts) parts.push(`source-port ${exabgpPorts(r.sourcePorts)};`);
  if (r.destinationPorts) parts.push(`destination-port ${exabgpPorts(r.destinationPorts)};`);
  if (r.tcpSyn) parts.push('tcp-flags [ syn ];');
  if (r.fragment) parts.push('fragment [ is-fragment ];');
  return parts.join(' ');
}

const exabgpThen = (r: FlowRule) =>
  r.action.kind === 'discard' ? 'discard;' : `rate-limit ${r.action.bytesPerSecond};`;

/** One ExaBGP text-API command, e.g. `announce route 192.0.2.10/32 next-hop 192.0.2.1 community 65535:666`. */
export function exabgpCommand(rule: Rule, op: Op): string {
  const r = checkRule(rule);
  if (r.kind === 'rtbh') {
    const c = r.communities.length === 1 ? r.communities[0] : `[${r.communities.join(' ')}]`;
    return `${op} route ${r.prefix} next-hop ${r.nextHop} community ${c}`;
  }
  return `${op} flow route { match { ${exabgpMatch(r)} } then { ${exabgpThen(r)} } }`;
}

export const exabgpCommands = (rules: Rule[], op: Op) => rules.map((r) => exabgpCommand(r, op));

function gobgpMatch(r: FlowRule): string[] {
  const out = ['match', 'destination', r.destination];
  if (r.source) out.push('source', r.source);
  if (r.protocol) out.push('protocol', r.family === 'ipv6' && r.protocol === 'icmp' ? V6_ICMP : r.protocol);
  if (r.sourcePorts) out.push('source-port', ...r.sourcePorts.map((p) => `==${p}`));
  if (r.destinationPorts) out.push('destination-port', ...r.destinationPorts.map((p) => `==${p}`));
  if (r.tcpSyn) out.push('tcp-flags', 'S');
  if (r.fragment) out.push('fragment', 'is-fragment');
  out.push('then');
  if (r.action.kind === 'discard') out.push('discard');
  else out.push('rate-limit', String(r.action.bytesPerSecond));
  return out;
}

/**
 * Arguments after `gobgp [global options]`, e.g.
 * `global rib -a ipv4-flowspec add match destination 192.0.2.10/32 protocol udp source-port ==123 then discard`.
 */
export function gobgpArgs(rule: Rule, op: Op): string[] {
  const r = checkRule(rule);
  const verb = op === 'announce' ? 'add' : 'del';
  if (r.kind === 'rtbh') {
    const head = ['global', 'rib', '-a', r.family, verb, r.prefix];
    return op === 'announce' ? [...head, 'nexthop', r.nextHop, 'community', r.communities.join(',')] : head;
  }
  return ['global', 'rib', '-a', `${r.family}-flowspec`, verb, ...gobgpMatch(r)];
}

/** The whole argv of a GoBGP call without global options (host, port): `['gobgp', ...gobgpArgs(rule, op)]`. */
export const gobgpArgv = (rule: Rule, op: Op): string[] => ['gobgp', ...gobgpArgs(rule, op)];

/** How a GoBGP call is shown in records: the argv joined by spaces (no token contains one). */
export const gobgpText = (binaryArgs: string[], args: string[]) =>
  ['gobgp', ...binaryArgs, ...args].join(' ');
