import { HttpError } from './errors.ts';

/** A keyset position: the sort key of the last item shown and its id to break ties. */
export interface Cursor {
  key: string;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.key}|${cursor.id}`).toString('base64url');
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads a cursor from a query string. Keys are timestamps: anything else is the caller's error (400),
 * never a value that reaches the database.
 */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(value) ? Buffer.from(value, 'base64url').toString() : '';
  const split = text.lastIndexOf('|');
  const key = text.slice(0, split);
  const id = Number(text.slice(split + 1));
  const valid = split > 0 && Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647 && isoInstant.test(key) && !Number.isNaN(Date.parse(key));
  if (!valid) throw new HttpError(400, 'bad_cursor', 'The cursor is not valid', 'cursor');
  return { key: new Date(key).toISOString(), id };
}

/** One page of a keyset listing: asks for one item more than it shows, to know whether there is a next page. */
export function keysetPage<T extends { id: number }>(rows: T[], limit: number, keyOf: (row: T) => string): { items: T[]; next?: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor({ key: keyOf(last), id: last.id }) : undefined };
}
