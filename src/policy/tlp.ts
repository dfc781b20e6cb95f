/** TLP 2.0 labels, least to most restrictive. Written exactly so. */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LABELS)[number];

const RANK: Record<Tlp, number> = { CLEAR: 0, GREEN: 1, AMBER: 2, 'AMBER+STRICT': 3, RED: 4 };

export const isTlp = (v: unknown): v is Tlp => typeof v === 'string' && v in RANK;
export const tlpRank = (t: Tlp): number => RANK[t];

/** Combining content: the most restrictive label wins. */
export function mostRestrictive(...labels: Tlp[]): Tlp {
  return labels.reduce<Tlp>((a, b) => (RANK[b] > RANK[a] ? b : a), 'CLEAR');
}

/** Labels whose reads are written to the audit log. */
export const isAuditedRead = (t: Tlp): boolean => t === 'RED' || t === 'AMBER+STRICT';
