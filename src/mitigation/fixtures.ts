import { randomUUID } from 'node:crypto';
import type { AttackInput } from './attack.ts';

/**
 * Realistic attacks in the detection engine's published shape, for tests and the preview
 * examples. Addresses are documentation ranges: data, never contacted.
 */
export type AttackKind = 'ntp' | 'syn' | 'icmp' | 'fragments' | 'udp' | 'dns_ntp';

// Vector names as the detection engine publishes them (threshold vectors + reflector vectors).
const VECTORS: Record<AttackKind, { vectors: string[]; classification: string }> = {
  ntp: { vectors: ['total', 'udp', 'amplification', 'amp_ntp'], classification: 'UDP amplification: NTP' },
  dns_ntp: {
    vectors: ['total', 'udp', 'amplification', 'amp_dns', 'amp_ntp'],
    classification: 'UDP amplification: DNS, NTP',
  },
  syn: { vectors: ['total', 'tcp', 'tcp_syn'], classification: 'TCP SYN flood' },
  icmp: { vectors: ['icmp'], classification: 'ICMP flood' },
  fragments: { vectors: ['fragments'], classification: 'IP fragment flood' },
  udp: { vectors: ['total', 'udp'], classification: 'UDP flood' },
};

export function attackFixture(
  kind: AttackKind = 'ntp',
  over: Partial<AttackInput> = {},
): AttackInput & { id: string } {
  const now = new Date().toISOString();
  const v = VECTORS[kind];
  const pps = 2_400_000;
  const bps = 19_200_000_000;
  const breakdown: Record<string, { pps: number; bps: number }> = {};
  v.vectors.forEach((name, i) => {
    breakdown[name] = { pps: pps / (i + 1), bps: bps / (i + 1) };
  });
  return {
    id: randomUUID(),
    orgId: '00000000-0000-0000-0000-000000000000',
    scope: 'host',
    target: '192.0.2.10',
    prefix: '192.0.2.0/24',
    hostgroup: 'customer-a',
    direction: 'incoming',
    classification: v.classification,
    vectors: v.vectors,
    state: 'active',
    startedAt: now,
    updatedAt: now,
    endedAt: null,
    current: { pps, bps, flowsPerSec: 41_000 },
    peak: { pps, bps },
    breakdown,
    topSources: [
      { address: '198.51.100.7', pps: 400_000 },
      { address: '198.51.100.23', pps: 350_000 },
      { address: '203.0.113.99', pps: 120_000 },
    ],
    topSourcePorts: kind === 'ntp' ? [{ port: 123, pps: 2_300_000 }] : [{ port: 40_000, pps: 1000 }],
    topDestinationPorts:
      kind === 'syn'
        ? [
            { port: 443, pps: 1_900_000 },
            { port: 80, pps: 400_000 },
          ]
        : [{ port: 27_015, pps: 2_000_000 }],
    spoofing: kind === 'udp' ? 'low' : 'high',
    ...over,
  };
}
