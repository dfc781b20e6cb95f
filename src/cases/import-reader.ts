import { AppError } from '../platform/http/errors.ts';

/**
 * Strict, path-aware reading of an untrusted JSON record: every accessor checks the type of
 * what it reads and fails with the JSON path of the first thing wrong (e.g.
 * `containers.cna.references[2].url`), so a user who pasted a broken record learns where.
 * Only the fields an importer asks for are read; anything else in the record is ignored.
 */
export class RecordReader {
  readonly warnings: string[] = [];
  readonly format: string;
  constructor(format: string) {
    this.format = format;
  }

  fail(path: string, problem: string): never {
    throw new AppError(
      'validation_failed',
      `Not a valid ${this.format} record: ${path || 'the record'} ${problem}.`,
      {
        format: this.format,
        path: path || '$',
      },
    );
  }

  warn(message: string) {
    if (this.warnings.length < 50) this.warnings.push(message);
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    return v as Record<string, unknown>;
  }

  string(
    v: unknown,
    path: string,
    o: { max?: number; min?: number; pattern?: RegExp; hint?: string } = {},
  ): string {
    if (typeof v !== 'string') this.fail(path, 'must be a string');
    if (v.length < (o.min ?? 0))
      this.fail(path, o.min === 1 ? 'must not be empty' : `must be at least ${o.min} characters`);
    if (o.max !== undefined && v.length > o.max) this.fail(path, `must be at most ${o.max} characters`);
    if (o.pattern && !o.pattern.test(v)) this.fail(path, `must be ${o.hint ?? `like ${o.pattern.source}`}`);
    return v;
  }

  optString(v: unknown, path: string, o: Parameters<RecordReader['string']>[2] = {}): string | null {
    return v === undefined ? null : this.string(v, path, o);
  }

  array(v: unknown, path: string, o: { max: number; min?: number }): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'must be an array');
    if (v.length < (o.min ?? 0)) this.fail(path, `must have at least ${o.min} item${o.min === 1 ? '' : 's'}`);
    if (v.length > o.max) this.fail(path, `must have at most ${o.max} items`);
    return v;
  }

  optArray(v: unknown, path: string, o: { max: number }): unknown[] {
    return v === undefined ? [] : this.array(v, path, o);
  }

  number(v: unknown, path: string, o: { min: number; max: number }): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'must be a number');
    if (v < o.min || v > o.max) this.fail(path, `must be between ${o.min} and ${o.max}`);
    return v;
  }

  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
      this.fail(path, `must be one of ${allowed.join(', ')}`);
    return v as T;
  }
}

export const at = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** A reference link: http(s) only (anything else is dropped with a warning, never linked). */
export function webUrl(r: RecordReader, v: unknown, path: string): string | null {
  const raw = r.string(v, path, { min: 1, max: 2048 });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    r.fail(path, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    r.warn(`${path}: only http and https links are imported (dropped ${url.protocol} link).`);
    return null;
  }
  return url.href;
}

/** Days-and-times as records write them (RFC 3339 / ISO 8601); kept as given when valid. */
export function timestamp(r: RecordReader, v: unknown, path: string): string | null {
  if (v === undefined) return null;
  const s = r.string(v, path, {
    max: 40,
    pattern: /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    hint: 'an ISO 8601 date-time such as 2018-01-03T22:00:00Z',
  });
  if (Number.isNaN(Date.parse(s))) r.fail(path, 'is not a real date-time');
  return s;
}
