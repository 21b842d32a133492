import { HttpError } from './errors.ts';

/** A keyset position: the sort key of the last item shown and its id to break ties. */
export interface Cursor {
  key: string;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.key}|${cursor.id}`).toString('base64url');
}

/** Reads a cursor from a query string; anything malformed is the caller's error, never a 500. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(value) ? Buffer.from(value, 'base64url').toString() : '';
  const split = text.lastIndexOf('|');
  const id = Number(text.slice(split + 1));
  if (split <= 0 || !Number.isSafeInteger(id) || id < 1) throw new HttpError(400, 'bad_cursor', 'The cursor is not valid', 'cursor');
  return { key: text.slice(0, split), id };
}
