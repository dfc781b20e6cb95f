import { createHash } from 'node:crypto';
import { cveRecordUrl, productTree, type VexRow, vulnerabilities } from './vex.ts';

/** One entry of tracking.revision_history; `number` is the "Update #n". */
export interface Revision {
  number: number;
  date: string;
  summary: string;
}

export interface AdvisoryReference {
  url: string;
  summary: string;
}

export interface AdvisoryContent {
  trackingId: string;
  title: string;
  publisher: { name: string; namespace: string };
  /** The document's stable public URL (self reference). */
  selfUrl: string;
  /** Every revision, oldest first, the one being published last. */
  revisions: readonly Revision[];
  /** Free text for the summary note; a generated one when empty. */
  description?: string;
  references?: readonly AdvisoryReference[];
  rows: readonly VexRow[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const revisionSummary = (r: Pick<Revision, 'number' | 'summary'>) =>
  `Update #${r.number}: ${r.summary}`;

function summaryNote(c: AdvisoryContent): string {
  const given = c.description?.trim();
  if (given) return given;
  const cves = [...new Set(c.rows.map((r) => r.cveId))].sort(compare);
  const layers = [...new Set(c.rows.map((r) => r.layer))].sort(compare);
  return `${c.publisher.name} states the exploitability of ${cves.join(', ')} in its ${layers.join(', ')} (VEX).`;
}

/**
 * A CSAF 2.0 document with the VEX profile. The caller has already cleared every row and every
 * text for publication (src/policy/advisories.ts); this only shapes them. Keys are written in a
 * fixed order so that the same content always gives the same bytes.
 */
export function buildCsafVex(c: AdvisoryContent) {
  if (c.revisions.length === 0) throw new Error('an advisory needs at least one revision');
  if (c.rows.length === 0) throw new Error('an advisory needs at least one matrix row');
  const first = c.revisions[0]!;
  const latest = c.revisions[c.revisions.length - 1]!;
  const cves = [...new Set(c.rows.map((r) => r.cveId))].sort(compare);
  return {
    document: {
      category: 'csaf_vex',
      csaf_version: '2.0',
      distribution: {
        text: 'TLP:CLEAR. Disclosure is not limited. (CSAF 2.0 labels it with TLP 1.0: WHITE.)',
        tlp: { label: 'WHITE', url: 'https://www.first.org/tlp/' },
      },
      lang: 'en',
      notes: [{ category: 'summary', text: summaryNote(c), title: 'Summary' }],
      publisher: { category: 'vendor', name: c.publisher.name, namespace: c.publisher.namespace },
      references: [
        { category: 'self', summary: 'This advisory (latest revision)', url: c.selfUrl },
        ...cves.map((cve) => ({
          category: 'external',
          summary: `CVE record for ${cve}`,
          url: cveRecordUrl(cve),
        })),
        ...(c.references ?? []).map((r) => ({ category: 'external', summary: r.summary, url: r.url })),
      ],
      title: c.title,
      tracking: {
        current_release_date: latest.date,
        generator: { date: latest.date, engine: { name: 'Swimmy' } },
        id: c.trackingId,
        initial_release_date: first.date,
        revision_history: c.revisions.map((r) => ({
          date: r.date,
          number: String(r.number),
          summary: revisionSummary(r),
        })),
        status: 'final',
        version: String(latest.number),
      },
    },
    product_tree: productTree(c.publisher.name, c.rows),
    vulnerabilities: vulnerabilities(c.publisher.name, c.rows),
  };
}

export type CsafDocument = ReturnType<typeof buildCsafVex>;

/** The bytes served for a document, and their digests (ETag, .sha256/.sha512 files). */
export function serialise(doc: CsafDocument) {
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  return {
    json,
    sha256: createHash('sha256').update(json).digest('hex'),
    sha512: createHash('sha512').update(json).digest('hex'),
  };
}

/** CSAF 2.0 §5.1 file name: the tracking id lower-cased, other characters as `_`. */
export const csafFileName = (trackingId: string) =>
  `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;
