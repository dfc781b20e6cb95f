/** What an imported CVE JSON 5 or OSV record yields for a case, whichever format it came in. */
export interface ImportedRecord {
  format: 'cve' | 'osv';
  /** The record's own id: a CVE id, or an OSV id such as GHSA-… or PYSEC-…. */
  sourceId: string;
  title: string;
  /** Valid CVE ids (CVE-YYYY-NNNN+), the record's own first. */
  cveIds: string[];
  /** Other ids the record is known by (GHSA-…, OSV-…). */
  aliases: string[];
  description: string;
  references: Array<{ url: string; name: string | null; tags: string[] }>;
  /** One human line per affected product or package. */
  affected: string[];
  /** Weaknesses, e.g. "CWE-200 Information exposure". */
  problemTypes: string[];
  severity: Array<{ type: string; score: number | null; vector: string | null; severity: string | null }>;
  published: string | null;
  /** What was dropped or truncated on the way (never silently). */
  warnings: string[];
}

/** Limits that keep an imported case readable and inside the post size limit. */
export const LIMITS = {
  recordBytes: 512 * 1024,
  title: 300,
  description: 20_000,
  references: 200,
  affected: 100,
  listItems: 5000,
} as const;

export { CVE_ID } from './cases.ts';

/** Cuts `s` to `max` characters, saying so in the warnings. */
export function clip(s: string, max: number, what: string, warnings: string[]): string {
  if (s.length <= max) return s;
  warnings.push(`${what} was cut to ${max} characters.`);
  return `${s.slice(0, max - 1)}…`;
}
