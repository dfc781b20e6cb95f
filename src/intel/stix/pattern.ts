import type { IndicatorContent } from '../schemas.ts';

/**
 * The STIX pattern of an indicator: one observation over `network-traffic` whose comparisons
 * all hold (AND): reflectors as sources with their port, unspoofed source prefixes, the
 * (generalised) target network, protocol, ports and TCP flags. Only validated addresses,
 * prefixes and integers reach the text (they come from the indicator's checked content), and
 * strings are escaped as the patterning grammar requires anyway.
 */
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const set = (values: readonly string[]) => `(${values.join(', ')})`;

/** `= x` for one value, `IN (x, y)` for several. */
const oneOrIn = (path: string, values: readonly string[]) =>
  values.length === 1 ? `${path} = ${values[0]}` : `${path} IN ${set(values)}`;

export function indicatorPattern(c: IndicatorContent): string {
  const parts: string[] = [];
  if (c.reflectors.length) {
    parts.push(
      oneOrIn('network-traffic:src_ref.value', [...new Set(c.reflectors.map((r) => r.address))].map(quote)),
    );
    const ports = [...new Set(c.reflectors.map((r) => r.port))].sort((a, b) => a - b);
    parts.push(oneOrIn('network-traffic:src_port', ports.map(String)));
  } else if (c.sourcePorts.length) {
    parts.push(oneOrIn('network-traffic:src_port', c.sourcePorts.map(String)));
  }
  if (c.sourcePrefixes.length) {
    const subsets = c.sourcePrefixes.map((p) => `network-traffic:src_ref.value ISSUBSET ${quote(p)}`);
    parts.push(subsets.length === 1 ? subsets[0]! : `(${subsets.join(' OR ')})`);
  }
  if (c.target) parts.push(`network-traffic:dst_ref.value ISSUBSET ${quote(c.target)}`);
  if (c.destinationPorts.length)
    parts.push(oneOrIn('network-traffic:dst_port', c.destinationPorts.map(String)));
  if (c.protocol) parts.push(`network-traffic:protocols[*] = ${quote(c.protocol)}`);
  if (c.tcpFlags !== null) {
    const hex = c.tcpFlags.toString(16).padStart(2, '0');
    parts.push(`network-traffic:extensions.'tcp-ext'.src_flags_hex = ${quote(hex)}`);
  }
  // Nothing specific (a bare volumetric flood, target withheld): any IP traffic.
  if (parts.length === 0)
    parts.push(`network-traffic:protocols[*] = 'ipv4' OR network-traffic:protocols[*] = 'ipv6'`);
  return `[${parts.join(' AND ')}]`;
}
