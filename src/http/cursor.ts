import { HttpError } from './errors.ts';
import type { Cursor } from '../core/cursor.ts';

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
