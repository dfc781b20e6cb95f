import { type Static, Type } from 'typebox';
import { AppError } from './errors.ts';

/** Cursor convention: `?limit=&cursor=` in, `{ items, nextCursor }` out. Cursors are opaque. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const pageOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** A cursor is the sort key of the last item returned, as base64url JSON. */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: ReadonlyArray<'string' | 'number'>) {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('invalid_cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    parsed.some((v, i) => typeof v !== shape[i] || (typeof v === 'number' && !Number.isFinite(v)))
  ) {
    throw new AppError('invalid_cursor');
  }
  return parsed as Array<string | number>;
}

/** Takes limit+1 rows to learn whether another page exists. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => ReadonlyArray<string | number>) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
