import * as v from 'valibot';
import { Problem } from './problem.ts';

/** `?cursor=…&limit=…` shared by every list. */
export const PageQuery = v.object({
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(100)), '20'),
});

/** A cursor is the sort key of the last item, opaque to clients. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((x) => typeof x === 'string' || typeof x === 'number')) return values;
  } catch {
    // fall through to the problem below
  }
  throw new Problem(400, 'validation', 'problem.badCursor', {}, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}

/** Cut a page fetched with limit + 1 rows into items and the next cursor. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
