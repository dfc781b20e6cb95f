import type { MitigationRule } from '../../types-ops.ts';

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
