// A strict RFC 4180 CSV reader for resource imports: comma-separated, fields optionally in
// double quotes ("" inside quotes is one quote, quoted fields may span lines), CRLF or LF line
// ends, a leading byte-order mark ignored. Anything else (a quote inside an unquoted field,
// text after a closing quote, a quote never closed) is an error naming its line, never a guess.

export interface CsvRecord {
  /** 1-based line where the record starts (what a spreadsheet user looks for). */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; error: string };

export interface CsvLimits {
  maxRecords: number;
  maxFieldLength: number;
}

const DEFAULT_LIMITS: CsvLimits = { maxRecords: 10_000, maxFieldLength: 1000 };

/** Parses `text` into records; blank lines are skipped. */
export function parseCsv(text: string, limits: CsvLimits = DEFAULT_LIMITS): CsvResult {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    // A blank line (or the trailing line end) is not a record.
    if (s[i] === '\n' || (s[i] === '\r' && s[i + 1] === '\n')) {
      i += s[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (s[i] === '"') {
        i++;
        for (;;) {
          if (i >= s.length) return { ok: false, line: start, error: 'A quoted field is never closed.' };
          const c = s[i]!;
          if (c === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        const next = s[i];
        if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && s[i + 1] === '\n'))
          return {
            ok: false,
            line,
            error: 'Text follows a closing quote (write "" for a quote inside quotes).',
          };
      } else {
        const begin = i;
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && !(s[i] === '\r' && s[i + 1] === '\n')) {
          if (s[i] === '"')
            return { ok: false, line, error: 'A quote inside an unquoted field (quote the whole field).' };
          if (s[i] === '\r') return { ok: false, line, error: 'A bare carriage return inside a field.' };
          i++;
        }
        field = s.slice(begin, i);
      }
      if (field.length > limits.maxFieldLength)
        return {
          ok: false,
          line: start,
          error: `A field is longer than ${limits.maxFieldLength} characters.`,
        };
      fields.push(field);
      if (s[i] === ',') {
        i++;
        continue;
      }
      // End of record: a line end or the end of the text.
      if (s[i] === '\r' || s[i] === '\n') {
        i += s[i] === '\r' ? 2 : 1;
        line++;
      }
      break;
    }
    records.push({ line: start, fields });
    if (records.length > limits.maxRecords)
      return { ok: false, line: start, error: `More than ${limits.maxRecords} rows; split the file.` };
  }
  return { ok: true, records };
}

/** One record as CSV text (quoted when needed): what a well-behaved exporter writes. */
export function formatCsvRecord(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}
