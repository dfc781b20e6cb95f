import type { MitigationRule } from '../../types-ops.ts';

/**
 * The stored rules as the text the drivers send: ExaBGP's text API and the GoBGP CLI. The same
 * rendering as src/mitigation/render.ts (the server checks every rule before it is sent; the
 * e2e suite compares this output with the server's for the rules it shows). The API returns
 * rules as data, not text: see the report on API gaps.
 */
type FlowRule = Extract<MitigationRule, { kind: 'flowspec' }>;
export type Op = 'announce' | 'withdraw';

const V6_ICMP = '58';

const exabgpPorts = (ports: number[]) =>
  ports.length === 1 ? `=${ports[0]}` : `[ ${ports.map((p) => `=${p}`).join(' ')} ]`;

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

export function exabgpText(r: MitigationRule, op: Op): string {
  if (r.kind === 'rtbh') {
    const c = r.communities.length === 1 ? r.communities[0] : `[${r.communities.join(' ')}]`;
    return `${op} route ${r.prefix} next-hop ${r.nextHop} community ${c}`;
  }
  const then = r.action.kind === 'discard' ? 'discard;' : `rate-limit ${r.action.bytesPerSecond};`;
  return `${op} flow route { match { ${exabgpMatch(r)} } then { ${then} } }`;
}

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

export function gobgpText(r: MitigationRule, op: Op): string {
  const verb = op === 'announce' ? 'add' : 'del';
  if (r.kind === 'rtbh') {
    const head = ['global', 'rib', '-a', r.family, verb, r.prefix];
    const args =
      op === 'announce' ? [...head, 'nexthop', r.nextHop, 'community', r.communities.join(',')] : head;
    return ['gobgp', ...args].join(' ');
  }
  return ['gobgp', 'global', 'rib', '-a', `${r.family}-flowspec`, verb, ...gobgpMatch(r)].join(' ');
}

/** What a rule does, in words: `UDP from port 123 to 192.0.2.10/32 → discard`. */
export function ruleSummary(r: MitigationRule): string {
  if (r.kind === 'rtbh')
    return `Blackhole all traffic to ${r.prefix} (RTBH, community ${r.communities.join(' ')})`;
  const what = [
    r.fragment ? 'fragments' : null,
    r.protocol ? r.protocol.toUpperCase() : null,
    r.tcpSyn ? 'SYN' : null,
  ].filter(Boolean);
  const from = [
    r.source ? `from ${r.source}` : null,
    r.sourcePorts ? `from port ${r.sourcePorts.join(', ')}` : null,
  ].filter(Boolean);
  const to = r.destinationPorts ? `${r.destination} port ${r.destinationPorts.join(', ')}` : r.destination;
  const action = r.action.kind === 'discard' ? 'discard' : `rate-limit to ${r.action.bytesPerSecond} B/s`;
  return `${[what.join(' ') || 'Traffic', ...from].join(' ')} to ${to} → ${action}`;
}
