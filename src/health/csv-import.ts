// CSV rows to resources: the header names the columns (any order, case-insensitive), every
// row is validated like an API call, and every bad row is reported with its line and error.

import { parseCsv } from './csv.ts';
import { type ResourceKind, type ValidResource, validateResource } from './kinds.ts';

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = 1024 * 1024;

const COLUMNS = ['kind', 'identifier', 'name', 'region', 'component'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Record<string, Column> = { component_id: 'component', componentid: 'component' };

export interface RowError {
  line: number;
  error: string;
}

export interface ImportPlan {
  rows: Array<{ line: number; resource: ValidResource }>;
  errors: RowError[];
}

/** Parses and validates a whole file; `errors` lists every bad row (file-level errors at line 1). */
export function planImport(text: string): ImportPlan {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES)
    return { rows: [], errors: [{ line: 1, error: `The file is larger than ${MAX_IMPORT_BYTES} bytes.` }] };
  const parsed = parseCsv(text, { maxRecords: MAX_IMPORT_ROWS + 1, maxFieldLength: 1000 });
  if (!parsed.ok) return { rows: [], errors: [{ line: parsed.line, error: parsed.error }] };
  const [header, ...records] = parsed.records;
  if (!header) return { rows: [], errors: [{ line: 1, error: 'The file is empty: expected a header row.' }] };
  const columns: Column[] = [];
  for (const raw of header.fields) {
    const name = raw.trim().toLowerCase();
    const column = (COLUMNS as readonly string[]).includes(name) ? (name as Column) : ALIASES[name];
    if (!column)
      return {
        rows: [],
        errors: [
          { line: header.line, error: `Unknown column "${raw.slice(0, 40)}"; use ${COLUMNS.join(', ')}.` },
        ],
      };
    if (columns.includes(column))
      return { rows: [], errors: [{ line: header.line, error: `The column "${column}" appears twice.` }] };
    columns.push(column);
  }
  for (const required of ['kind', 'identifier'] as const) {
    if (!columns.includes(required))
      return { rows: [], errors: [{ line: header.line, error: `The header has no "${required}" column.` }] };
  }
  if (records.length === 0)
    return { rows: [], errors: [{ line: header.line, error: 'No rows after the header.' }] };
  const plan: ImportPlan = { rows: [], errors: [] };
  const seen = new Map<string, number>();
  for (const r of records) {
    if (r.fields.length !== columns.length) {
      plan.errors.push({
        line: r.line,
        error: `Expected ${columns.length} fields as in the header, found ${r.fields.length}.`,
      });
      continue;
    }
    const cell = (c: Column) => {
      const i = columns.indexOf(c);
      return i < 0 ? undefined : r.fields[i];
    };
    const checked = validateResource({
      kind: (cell('kind') ?? '').trim().toLowerCase() as ResourceKind,
      identifier: cell('identifier') ?? '',
      name: cell('name'),
      region: cell('region'),
      componentId: cell('component'),
    });
    if (!checked.ok) {
      plan.errors.push({ line: r.line, error: checked.error });
      continue;
    }
    const key = `${checked.value.kind}\n${checked.value.identifier}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      plan.errors.push({ line: r.line, error: `The same ${checked.value.kind} as line ${earlier}.` });
      continue;
    }
    seen.set(key, r.line);
    plan.rows.push({ line: r.line, resource: checked.value });
  }
  return plan;
}
