import { createHash } from 'node:crypto';
import { JUSTIFICATIONS, MATRIX_STATUSES } from '../cases/matrix-schemas.ts';

/**
 * The VEX part of a CSAF 2.0 document, from one org's matrix rows: the product tree (vendor =
 * the org, one product per component layer) and one vulnerability per CVE. Pure functions:
 * the same rows always give the same bytes.
 */

export type MatrixStatus = (typeof MATRIX_STATUSES)[number];
/** The matrix's five justifications are the CSAF 2.0 VEX flag labels, name for name. */
export type VexJustification = (typeof JUSTIFICATIONS)[number];
export { JUSTIFICATIONS as VEX_JUSTIFICATIONS, MATRIX_STATUSES };

export interface VexRollout {
  region: string;
  state: string;
  windowStart: string | null;
  windowEnd: string | null;
}

/** One matrix row, already cleared for publication (CLEAR) by the policy module. */
export interface VexRow {
  layer: string;
  cveId: string;
  status: MatrixStatus;
  justification: VexJustification | null;
  statement: string;
  rollout: VexRollout[];
}

type ProductStatusKey = 'fixed' | 'known_affected' | 'known_not_affected' | 'under_investigation';

/** Matrix status → CSAF product status; affected and mitigating are both known_affected. */
export const PRODUCT_STATUS: Record<MatrixStatus, ProductStatusKey> = {
  under_investigation: 'under_investigation',
  affected: 'known_affected',
  mitigation_in_progress: 'known_affected',
  fixed: 'fixed',
  not_affected: 'known_not_affected',
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A product id that stays the same across revisions for the same layer name, readable, and
 * unique inside the document (the hash tells apart names that slug the same).
 */
export function productIdOf(layer: string): string {
  const slug = layer
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const hash = createHash('sha256').update(layer, 'utf8').digest('hex').slice(0, 8);
  return `CSAFPID-${slug ? `${slug}-` : ''}${hash}`;
}

export function productTree(vendor: string, rows: readonly VexRow[]) {
  const layers = [...new Set(rows.map((r) => r.layer))].sort(compare);
  return {
    branches: [
      {
        branches: layers.map((layer) => ({
          category: 'product_name',
          name: layer,
          product: { name: `${vendor} ${layer}`, product_id: productIdOf(layer) },
        })),
        category: 'vendor',
        name: vendor,
      },
    ],
  };
}

const text = (s: string) => s.trim();

function rolloutText(rollout: readonly VexRollout[]): string {
  if (rollout.length === 0) return '';
  const parts = rollout.map((r) => {
    const window = r.windowStart || r.windowEnd ? ` (${r.windowStart ?? '…'} – ${r.windowEnd ?? '…'})` : '';
    return `${r.region}: ${r.state.replace(/_/g, ' ')}${window}`;
  });
  return `Rollout by region: ${parts.join('; ')}.`;
}

const join = (...parts: string[]) => parts.filter((p) => p.length > 0).join('\n\n');

/** CSAF VEX needs an action statement for every known_affected product. */
function actionFor(vendor: string, row: VexRow) {
  const mitigating = row.status === 'mitigation_in_progress';
  const fallback = mitigating
    ? `${vendor} is rolling out a mitigation for ${row.layer}; no action is needed from customers.`
    : `${vendor} is working on a fix for ${row.layer} and will publish an update when one is available.`;
  return {
    category: mitigating ? 'mitigation' : 'none_available',
    details: join(text(row.statement) || fallback, rolloutText(row.rollout)),
    product_ids: [productIdOf(row.layer)],
  };
}

const STATUS_WORDS: Record<MatrixStatus, string> = {
  under_investigation: 'under investigation',
  affected: 'affected',
  mitigation_in_progress: 'affected, mitigation in progress',
  fixed: 'fixed',
  not_affected: 'not affected',
};

/** One vulnerability: product status, flags (not affected), remediations, impact statements. */
export function vulnerabilityOf(vendor: string, cveId: string, rows: readonly VexRow[]) {
  const sorted = [...rows].sort((a, b) => compare(a.layer, b.layer));
  const status: Partial<Record<ProductStatusKey, string[]>> = {};
  const flags = new Map<VexJustification, string[]>();
  const remediations: Array<{ category: string; details: string; product_ids: string[] }> = [];
  const threats: Array<{ category: 'impact'; details: string; product_ids: string[] }> = [];
  for (const row of sorted) {
    const id = productIdOf(row.layer);
    const key = PRODUCT_STATUS[row.status];
    status[key] = [...(status[key] ?? []), id];
    const statement = text(row.statement);
    if (key === 'known_affected') remediations.push(actionFor(vendor, row));
    if (key === 'fixed' && (statement || row.rollout.length))
      remediations.push({
        category: 'vendor_fix',
        details: join(statement, rolloutText(row.rollout)),
        product_ids: [id],
      });
    if (key === 'known_not_affected') {
      // The database guarantees a justification with not_affected; the flag is the impact statement.
      const label = row.justification ?? 'component_not_present';
      flags.set(label, [...(flags.get(label) ?? []), id]);
      if (statement) threats.push({ category: 'impact', details: statement, product_ids: [id] });
    }
    if (key === 'under_investigation')
      // Not required by the VEX profile, but recommended (CSAF §6.2.2): say what customers can do.
      remediations.push({
        category: 'none_available',
        details: join(
          statement ||
            `${vendor} is investigating whether ${row.layer} is affected and will publish an update.`,
          rolloutText(row.rollout),
        ),
        product_ids: [id],
      });
  }
  const summary = sorted.map((r) => `${r.layer}: ${STATUS_WORDS[r.status]}`).join('; ');
  const order: ProductStatusKey[] = ['fixed', 'known_affected', 'known_not_affected', 'under_investigation'];
  return {
    cve: cveId,
    ...(flags.size
      ? {
          flags: [...flags.entries()]
            .sort(([a], [b]) => compare(a, b))
            .map(([label, product_ids]) => ({ label, product_ids })),
        }
      : {}),
    notes: [
      { category: 'description', text: `Status of ${vendor} products: ${summary}.`, title: 'Status summary' },
    ],
    product_status: Object.fromEntries(order.filter((k) => status[k]).map((k) => [k, status[k]])),
    references: [
      {
        category: 'external',
        summary: `CVE record for ${cveId}`,
        url: cveRecordUrl(cveId),
      },
    ],
    ...(remediations.length ? { remediations } : {}),
    ...(threats.length ? { threats } : {}),
  };
}

export const cveRecordUrl = (cveId: string) =>
  `https://www.cve.org/CVERecord?id=${encodeURIComponent(cveId)}`;

/** Vulnerabilities in CVE order, each built from that CVE's rows. */
export function vulnerabilities(vendor: string, rows: readonly VexRow[]) {
  const byCve = new Map<string, VexRow[]>();
  for (const r of rows) byCve.set(r.cveId, [...(byCve.get(r.cveId) ?? []), r]);
  return [...byCve.keys()].sort(compare).map((cve) => vulnerabilityOf(vendor, cve, byCve.get(cve)!));
}
