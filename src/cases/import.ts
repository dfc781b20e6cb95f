import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { actingOrg } from '../spaces/access.ts';
import { writableCase } from './case-access.ts';
import { getCase, patchCase } from './cases.ts';
import { parseCveRecord } from './cve-record.ts';
import { type ImportedRecord, LIMITS } from './import-types.ts';
import { authorIdOf, resolveLabel } from './labels.ts';
import { parseOsvRecord } from './osv-record.ts';
import { createPost } from './posts.ts';
import type { LabelFieldsInput } from './schemas.ts';

/**
 * Import of CVE details from a record the user pasted or uploaded (no network fetch): a CVE
 * JSON 5 record or an OSV record, as a parsed JSON value (`record`) or as the text of the file
 * (`text`). A preview proposes a new case; applying adds the CVE ids to a case and posts the
 * description, affected products, weaknesses, severity and references into its thread.
 */
export type ImportFormat = 'auto' | 'cve' | 'osv';
export interface ImportSource {
  format?: ImportFormat;
  record?: unknown;
  text?: string;
}

const bad = (m: string, details?: unknown) => new AppError('validation_failed', m, details);

function recordValue(src: ImportSource): unknown {
  if ((src.record === undefined) === (src.text === undefined))
    throw bad('Send the record either as JSON (record) or as the text of the file (text), not both.');
  let size: number;
  let value: unknown = src.record;
  try {
    size = Buffer.byteLength(src.text ?? JSON.stringify(src.record));
  } catch {
    throw bad('record is nested too deeply to be a CVE or OSV record.');
  }
  if (size > LIMITS.recordBytes)
    throw new AppError(
      'payload_too_large',
      `The record is ${size} bytes; records up to ${LIMITS.recordBytes} bytes are imported.`,
    );
  if (src.text !== undefined) {
    try {
      value = JSON.parse(src.text);
    } catch (err) {
      throw bad(`text is not valid JSON: ${(err as Error).message}`);
    }
  }
  return value;
}

/** Which format a value is in: CVE JSON 5 says so (dataType); OSV has id and modified. */
export function detectFormat(v: unknown): 'cve' | 'osv' | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if ('dataType' in o || 'cveMetadata' in o) return 'cve';
  if ('id' in o && ('modified' in o || 'aliases' in o || 'affected' in o || 'schema_version' in o))
    return 'osv';
  return null;
}

/** Parses and validates a record: the fields for a case, or a 4xx naming what is wrong. */
export function parseRecord(src: ImportSource): ImportedRecord {
  const value = recordValue(src);
  const format = !src.format || src.format === 'auto' ? detectFormat(value) : src.format;
  if (format === 'cve') return parseCveRecord(value);
  if (format === 'osv') return parseOsvRecord(value);
  throw bad(
    'This is neither a CVE JSON 5 record (dataType "CVE_RECORD", cveMetadata, containers) nor an OSV record (id, modified); say which with format if it is one.',
    { path: '$' },
  );
}

/** The record as a case to open (POST /spaces/{spaceId}/cases takes suggestedCase as is). */
export function previewImport(src: ImportSource) {
  const r = parseRecord(src);
  return { ...r, suggestedCase: { kind: 'vulnerability' as const, title: r.title, cveIds: r.cveIds } };
}

// Imported text is data, not Markdown: escape what Markdown would interpret, and every @ so
// that no text in a record can mention (and notify) anyone.
const escapeText = (s: string) =>
  s
    .replace(/[&]/g, '&amp;')
    .replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`)
    .replace(/@/g, '&#64;')
    .replace(/^(\s*)([-+]|\d+[.)])(\s)/gm, '$1\\$2$3');
const linkTarget = (url: string) => url.replace(/\(/g, '%28').replace(/\)/g, '%29');

/** The post that carries the record into the case thread. */
export function importPostBody(r: ImportedRecord): string {
  const out = [
    `**Imported from ${escapeText(r.sourceId)}** (${r.format === 'cve' ? 'CVE JSON 5' : 'OSV'} record)`,
  ];
  out.push(`### ${escapeText(r.title)}`);
  if (r.cveIds.length || r.aliases.length)
    out.push(`Ids: ${escapeText([...r.cveIds, ...r.aliases].join(', '))}`);
  if (r.description) out.push(escapeText(r.description));
  const list = (title: string, items: string[]) =>
    items.length && out.push(`**${title}**\n${items.map((i) => `- ${escapeText(i)}`).join('\n')}`);
  list('Affected', r.affected);
  list('Weaknesses', r.problemTypes);
  list(
    'Severity',
    r.severity.map((s) => [s.type, s.score, s.severity, s.vector].filter((x) => x !== null).join(' ')),
  );
  if (r.references.length)
    out.push(
      `**References**\n${r.references
        .map(
          (ref) =>
            `- [${escapeText(ref.name ?? ref.url)}](${linkTarget(ref.url)})${ref.tags.length ? ` (${escapeText(ref.tags.join(', '))})` : ''}`,
        )
        .join('\n')}`,
    );
  // Within the post size limit whatever the record held (the parts above are bounded).
  return out.join('\n\n').slice(0, 60_000);
}

export interface ApplyInput extends ImportSource, LabelFieldsInput {
  /** Add the record's CVE ids to the case (default true). */
  addCveIds?: boolean;
  /** Post the description and references into the thread (default true). */
  post?: boolean;
}

/**
 * Applies a record to a case: merges its CVE ids (the case's own change rule applies: space
 * admins or the case's org) and posts its details under the label given (the space default
 * otherwise). Everything that can be refused is checked before the first change. Re-applying
 * is harmless: ids merge, a second post is just a second post.
 */
export async function applyImport(p: Platform, principal: Principal, caseId: string, input: ApplyInput) {
  const record = parseRecord(input);
  const { row, access } = await writableCase(p.db, principal, caseId);
  // The label is checked before anything changes, so a bad one leaves the case as it was.
  if (input.post !== false)
    await resolveLabel(p.db, access, input, actingOrg(access, input.asOrgId), authorIdOf(principal));
  const missing = record.cveIds.filter((id) => !row.cve_ids.includes(id));
  if (input.addCveIds !== false && missing.length)
    await patchCase(p, principal, caseId, { cveIds: [...row.cve_ids, ...missing] });
  const post =
    input.post === false
      ? null
      : await createPost(p, principal, caseId, {
          body: importPostBody(record),
          ...(input.tlp !== undefined ? { tlp: input.tlp } : {}),
          ...(input.recipientOrgIds ? { recipientOrgIds: input.recipientOrgIds } : {}),
          ...(input.recipientUserIds ? { recipientUserIds: input.recipientUserIds } : {}),
          ...(input.asOrgId ? { asOrgId: input.asOrgId } : {}),
        });
  return {
    record,
    addedCveIds: input.addCveIds === false ? [] : missing,
    case: await getCase(p, principal, caseId),
    post,
  };
}
