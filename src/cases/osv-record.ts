import { at, RecordReader, timestamp, webUrl } from './import-reader.ts';
import { CVE_ID, clip, type ImportedRecord, LIMITS } from './import-types.ts';

/**
 * OSV (the Open Source Vulnerability format, ossf.github.io/osv-schema): id, aliases (CVE ids
 * among them), summary, details, affected packages with ranges and versions, references and
 * severity. `modified` is required by the format and checked; database_specific is not read.
 */
const REFERENCE_TYPES = [
  'ADVISORY',
  'ARTICLE',
  'DETECTION',
  'DISCUSSION',
  'REPORT',
  'FIX',
  'INTRODUCED',
  'GIT',
  'PACKAGE',
  'EVIDENCE',
  'WEB',
] as const;
const SEVERITY_TYPES = ['CVSS_V2', 'CVSS_V3', 'CVSS_V4', 'Ubuntu'] as const;
const RANGE_TYPES = ['SEMVER', 'ECOSYSTEM', 'GIT'] as const;
const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
const OSV_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function rangeText(r: RecordReader, v: unknown, path: string): string {
  const o = r.object(v, path);
  const type = r.oneOf(o.type, at(path, 'type'), RANGE_TYPES);
  const events = r.array(o.events, at(path, 'events'), { min: 1, max: LIMITS.listItems }).map((e, i) => {
    const p = at(at(path, 'events'), i);
    const ev = r.object(e, p);
    const keys = EVENT_KEYS.filter((k) => ev[k] !== undefined);
    if (keys.length !== 1) r.fail(p, `must have exactly one of ${EVENT_KEYS.join(', ')}`);
    const key = keys[0]!;
    return `${key.replace('_', ' ')} ${r.string(ev[key], at(p, key), { min: 1, max: 1024 })}`;
  });
  return `${type.toLowerCase()} ${events.join(', ')}`;
}

function affectedLines(r: RecordReader, root: Record<string, unknown>): string[] {
  return r.optArray(root.affected, 'affected', { max: LIMITS.listItems }).map((a, i) => {
    const p = at('affected', i);
    const o = r.object(a, p);
    let name = 'unnamed package';
    if (o.package !== undefined) {
      const pkg = r.object(o.package, at(p, 'package'));
      const eco = r.string(pkg.ecosystem, at(at(p, 'package'), 'ecosystem'), { min: 1, max: 200 });
      name = `${eco} ${r.string(pkg.name, at(at(p, 'package'), 'name'), { min: 1, max: 1024 })}`;
      r.optString(pkg.purl, at(at(p, 'package'), 'purl'), {
        max: 2048,
        pattern: /^pkg:/,
        hint: 'a package URL (pkg:…)',
      });
    }
    const ranges = r
      .optArray(o.ranges, at(p, 'ranges'), { max: LIMITS.listItems })
      .map((x, j) => rangeText(r, x, at(at(p, 'ranges'), j)));
    const versions = r
      .optArray(o.versions, at(p, 'versions'), { max: LIMITS.listItems })
      .map((x, j) => r.string(x, at(at(p, 'versions'), j), { min: 1, max: 1024 }));
    const shown =
      versions.length > 10 ? [...versions.slice(0, 10), `… ${versions.length - 10} more`] : versions;
    const parts = [...ranges, ...(versions.length ? [`versions ${shown.join(', ')}`] : [])];
    return parts.length ? `${name}: ${parts.join('; ')}` : name;
  });
}

function references(r: RecordReader, root: Record<string, unknown>): ImportedRecord['references'] {
  const out: ImportedRecord['references'] = [];
  r.optArray(root.references, 'references', { max: LIMITS.listItems }).forEach((ref, i) => {
    const p = at('references', i);
    const o = r.object(ref, p);
    const type = r.oneOf(o.type, at(p, 'type'), REFERENCE_TYPES);
    const url = webUrl(r, o.url, at(p, 'url'));
    if (url) out.push({ url, name: null, tags: [type.toLowerCase()] });
  });
  return out;
}

function severity(r: RecordReader, root: Record<string, unknown>): ImportedRecord['severity'] {
  return r.optArray(root.severity, 'severity', { max: 20 }).map((s, i) => {
    const p = at('severity', i);
    const o = r.object(s, p);
    const type = r.oneOf(o.type, at(p, 'type'), SEVERITY_TYPES);
    const score = r.string(o.score, at(p, 'score'), { min: 1, max: 512 });
    // CVSS entries are vectors; the Ubuntu type is a word (low, medium, high …).
    return type === 'Ubuntu'
      ? { type, score: null, vector: null, severity: score }
      : { type: type.replace('_V', ' '), score: null, vector: score, severity: null };
  });
}

/** Parses an OSV record; throws a 400 AppError naming the path of the first problem. */
export function parseOsvRecord(input: unknown): ImportedRecord {
  const r = new RecordReader('OSV');
  const root = r.object(input, '');
  const id = r.string(root.id, 'id', {
    pattern: OSV_ID,
    hint: 'an OSV id such as GHSA-xxxx-xxxx-xxxx or CVE-2017-5754',
  });
  timestamp(
    r,
    root.modified ?? r.fail('modified', 'is required (when the record was last changed)'),
    'modified',
  );
  r.optString(root.schema_version, 'schema_version', {
    max: 20,
    pattern: /^\d+\.\d+(\.\d+)?$/,
    hint: 'a version such as 1.6.0',
  });
  const aliases = r
    .optArray(root.aliases, 'aliases', { max: 500 })
    .map((a, i) => r.string(a, at('aliases', i), { pattern: OSV_ID, hint: 'an id such as CVE-2017-5754' }));
  const summary = r.optString(root.summary, 'summary', { max: 1000 });
  const details = r.optString(root.details, 'details', { max: 200_000 });
  const published = timestamp(r, root.published, 'published');
  if (timestamp(r, root.withdrawn, 'withdrawn')) r.warn('This OSV record is withdrawn.');
  const ids = [id, ...aliases];
  const refs = references(r, root);
  const affected = affectedLines(r, root);
  const record: ImportedRecord = {
    format: 'osv',
    sourceId: id,
    title: '',
    cveIds: [...new Set(ids.filter((x) => CVE_ID.test(x)))],
    aliases: [...new Set(ids.filter((x) => !CVE_ID.test(x) && x !== id))],
    description: clip(details ?? summary ?? '', LIMITS.description, 'The details', r.warnings),
    references: refs.slice(0, LIMITS.references),
    affected: affected.slice(0, LIMITS.affected),
    problemTypes: [],
    severity: severity(r, root),
    published,
    warnings: r.warnings,
  };
  if (refs.length > LIMITS.references) r.warn(`Only the first ${LIMITS.references} references were kept.`);
  if (affected.length > LIMITS.affected)
    r.warn(`Only the first ${LIMITS.affected} affected packages were kept.`);
  const firstLine = (details ?? '').replace(/\s+/g, ' ').trim();
  record.title = (summary?.trim() || (firstLine ? `${id}: ${firstLine}` : id)).slice(0, LIMITS.title);
  return record;
}
