import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { patternProblems } from './pattern-grammar.ts';

/**
 * Validation of what we export: our JSON Schemas (draft 2020-12, written from the STIX 2.1
 * specification's normative requirements, in ./schemas) with Ajv, plus the rules JSON Schema
 * cannot say: modified ≥ created, valid_until > valid_from, and the pattern grammar.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const DIR = new URL('./schemas/', import.meta.url).pathname;
const BASE = 'https://swimmy.invalid/stix/';

let compiled: Map<string, ValidateFunction> | undefined;

function validators(): Map<string, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(DIR, f), 'utf8')));
  compiled = new Map(
    files
      .filter((f) => f !== 'common.json')
      .map((f) => [f.replace(/\.json$/, ''), ajv.getSchema(`${BASE}${f}`)!]),
  );
  return compiled;
}

/** The STIX types we have a schema for. */
export const knownTypes = () => [...validators().keys()];

/** Problems of one object (empty: valid). An object of a type we have no schema for is a problem. */
export function stixProblems(o: Record<string, unknown>): string[] {
  const type = String(o.type);
  const v = validators().get(String(o.type));
  if (!v) return [`no schema for type ${JSON.stringify(type)}`];
  const out: string[] = [];
  if (!v(o)) out.push(...(v.errors ?? []).map((e) => `${type} ${e.instancePath || '/'} ${e.message}`));
  if (typeof o.created === 'string' && typeof o.modified === 'string' && o.modified < o.created)
    out.push(`${type}: modified is before created`);
  if (
    typeof o.valid_from === 'string' &&
    typeof o.valid_until === 'string' &&
    Date.parse(o.valid_until) <= Date.parse(o.valid_from)
  )
    out.push(`${type}: valid_until must be later than valid_from`);
  if (o.type === 'indicator' && o.pattern_type === 'stix' && typeof o.pattern === 'string')
    out.push(...patternProblems(o.pattern).map((m) => `indicator pattern: ${m}`));
  return out;
}

/** A bundle, each object in it, and that every reference points into the bundle (or a TLP marking in it). */
export function bundleProblems(
  b: { objects?: Array<Record<string, unknown>> } & Record<string, unknown>,
): string[] {
  const out = [
    ...(validators().get('bundle')!(b)
      ? []
      : (validators().get('bundle')!.errors ?? []).map((e) => `bundle ${e.instancePath} ${e.message}`)),
  ];
  const ids = new Set((b.objects ?? []).map((o) => o.id));
  for (const o of b.objects ?? []) {
    out.push(...stixProblems(o));
    const refs = [
      o.created_by_ref,
      o.src_ref,
      o.dst_ref,
      ...((o.object_refs as unknown[]) ?? []),
      ...((o.object_marking_refs as unknown[]) ?? []),
    ];
    for (const r of refs)
      if (typeof r === 'string' && !ids.has(r))
        out.push(`${o.id} refers to ${r}, which is not in the bundle`);
  }
  return out;
}
