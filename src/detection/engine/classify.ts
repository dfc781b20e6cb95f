// Names an attack from what crossed a limit and the traffic mix, and judges whether its sources
// are likely spoofed. The rules are deliberately few and explainable to an operator:
// - reflector ports carrying most non-fragment UDP → "UDP amplification: NTP" (fragments of big
//   reflected answers are part of it, not a separate fragment flood);
// - UDP that is mostly fragments (and not reflected) → "IP fragment flood";
// - a protocol carrying ≥ 30% of a crossed total → that protocol's flood;
// - more than one kind → "mixed: A + B".

import { AMP_COUNT, AMP_PORTS, VECTOR_COUNT, VECTORS, type Vector } from './vectors.ts';

const V = Object.fromEntries(VECTORS.map((name, i) => [name, i])) as Record<Vector, number>;
const SHARE = 0.3;

export interface Classification {
  classification: string;
  /** Threshold vectors crossed plus the reflector vectors (amp_ntp …) that carry the attack. */
  vectors: string[];
  amplification: boolean;
}

/**
 * `crossed`: bit per vector (VECTORS order) that crossed a limit during the attack;
 * `pps`: current window pps per vector; `amp`: packets and bytes per reflector port.
 */
export function classify(crossed: number, pps: ArrayLike<number>, amp: ArrayLike<number>): Classification {
  const has = (v: Vector) => (crossed & (1 << V[v])) !== 0;
  const rate = (v: Vector) => pps[V[v]] ?? 0;
  const total = Math.max(rate('total'), 1e-9);
  const kinds: string[] = [];
  const vectors = VECTORS.filter((name) => has(name)).map(String);

  const nonFragmentUdp = Math.max(rate('udp') - rate('fragments'), 0);
  const ampDominant =
    rate('amplification') >= 0.1 * rate('udp') && rate('amplification') >= 0.5 * nonFragmentUdp;
  const udpCrossed = has('udp') || has('amplification') || (has('total') && rate('udp') / total >= SHARE);
  const fragmentsCrossed = has('fragments') || (has('total') && rate('fragments') / total >= SHARE);
  let amplification = false;
  // Mostly fragments is a fragment flood even when they are UDP; a reflected flood's fragments
  // (large DNS answers) stay part of the amplification.
  const mostlyFragments = fragmentsCrossed && rate('fragments') >= 0.5 * rate('udp');
  if (has('amplification') || (udpCrossed && ampDominant && rate('amplification') > 0)) {
    amplification = true;
    const ports = dominantReflectors(amp);
    kinds.push(
      ports.length
        ? `UDP amplification: ${ports.map((i) => AMP_PORTS[i]!.name).join(', ')}`
        : 'UDP amplification',
    );
    for (const i of ports) vectors.push(`amp_${AMP_PORTS[i]!.slug}`);
  } else if (udpCrossed && !mostlyFragments) {
    kinds.push('UDP flood');
  }
  const tcpShare = rate('tcp') / total;
  if (has('tcp_syn') || ((has('total') || has('tcp')) && rate('tcp_syn') / total >= SHARE))
    kinds.push('TCP SYN flood');
  else if (has('tcp') || (has('total') && tcpShare >= SHARE)) kinds.push('TCP flood');
  if (has('icmp') || (has('total') && rate('icmp') / total >= SHARE)) kinds.push('ICMP flood');
  if (fragmentsCrossed && !amplification && (mostlyFragments || !udpCrossed)) kinds.push('IP fragment flood');
  if (kinds.length === 0) kinds.push(has('total') ? 'volumetric flood' : 'flood');
  for (const extra of ['udp', 'tcp', 'tcp_syn', 'icmp', 'fragments'] as const) {
    if (!vectors.includes(extra) && rate(extra) / total >= SHARE) vectors.push(extra);
  }
  return {
    classification: kinds.length > 1 ? `mixed: ${kinds.join(' + ')}` : kinds[0]!,
    vectors,
    amplification,
  };
}

/** Reflector ports carrying ≥ 20% of the reflected packets, busiest first (at most 3). */
function dominantReflectors(amp: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < AMP_COUNT; i++) total += amp[i * 2] ?? 0;
  if (total <= 0) return [];
  const out: number[] = [];
  for (let i = 0; i < AMP_COUNT; i++) if ((amp[i * 2] ?? 0) >= 0.2 * total) out.push(i);
  return out.sort((a, b) => (amp[b * 2] ?? 0) - (amp[a * 2] ?? 0)).slice(0, 3);
}

export type Spoofing = 'low' | 'medium' | 'high';

/**
 * Reflected traffic comes from real reflectors (low). Otherwise many distinct sources that each
 * send little, with scattered source ports, is what random spoofing looks like.
 */
export function spoofingLikelihood(
  amplificationOnly: boolean,
  distinctSources: number,
  distinctSourcePorts: number,
  top10Share: number,
): Spoofing {
  if (amplificationOnly) return 'low';
  if (
    (distinctSources >= 1000 && top10Share < 0.2) ||
    (distinctSources >= 200 && distinctSourcePorts >= 2000)
  ) {
    return 'high';
  }
  if (distinctSources >= 100 && top10Share < 0.5) return 'medium';
  return 'low';
}

export const vectorIndex = (name: Vector) => V[name];
export { VECTOR_COUNT };
