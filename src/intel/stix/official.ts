import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Validation against a checkout of the official OASIS STIX 2.1 JSON schemas
 * (github.com/oasis-open/cti-stix2-json-schemas, `schemas/`), when one is at hand: the files are
 * neither on npm nor in Debian, and third-party files are not committed here, so tests use it
 * only when STIX_SCHEMAS_DIR points at it and say so when they skip.
 */
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? jsonFiles(path) : f.endsWith('.json') ? [path] : [];
  });
}

export type Official =
  | { ok: true; problems(o: Record<string, unknown>): string[] }
  | { ok: false; reason: string };

export function officialValidator(dir: string | undefined): Official {
  if (!dir)
    return {
      ok: false,
      reason:
        'STIX_SCHEMAS_DIR is not set (point it at cti-stix2-json-schemas/schemas to validate against the official schemas too)',
    };
  if (!existsSync(dir)) return { ok: false, reason: `STIX_SCHEMAS_DIR=${dir} does not exist` };
  const files = jsonFiles(dir);
  const schemas = files.map((f) => ({
    file: f,
    schema: JSON.parse(readFileSync(f, 'utf8')) as { $id?: string; $schema?: string },
  }));
  const draft2020 = schemas.some((s) => s.schema.$schema?.includes('2020-12'));
  const ajv = draft2020
    ? new Ajv2020({ strict: false, allErrors: true })
    : new Ajv({ strict: false, allErrors: true });
  addFormats(ajv as Ajv);
  for (const s of schemas) if (s.schema.$id) ajv.addSchema(s.schema);
  const byType = new Map<string, ValidateFunction>();
  for (const s of schemas) {
    const v = s.schema.$id ? ajv.getSchema(s.schema.$id) : undefined;
    if (v) byType.set(basename(s.file, '.json'), v);
  }
  if (byType.size === 0) return { ok: false, reason: `no schemas with $id found under ${dir}` };
  return {
    ok: true,
    problems(o) {
      const type = String(o.type);
      const v = byType.get(type);
      if (!v) return [`the official schemas have no ${type}.json`];
      return v(o) ? [] : (v.errors ?? []).map((e) => `${type} ${e.instancePath} ${e.message}`);
    },
  };
}
