import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { encodeCursor, type Cursor } from '../core/cursor.ts';
import { HttpError } from '../http/errors.ts';

/**
 * What the office's pickers ask of a lookup endpoint (`/admin/<kind>/lookup?q=…&cursor=…`) and what it answers:
 * `{items: [{id, label, hint}], next_cursor}`. One shape for every kind (articles, experts, tags, polls), so one
 * browser module (src/client/picker.ts) serves them all; each endpoint lives in the capability that owns the data.
 */
export interface LookupItem {
  /** What the form sends for this choice: an id, or a slug where the form takes slugs. */
  id: string;
  label: string;
  /** A second line that tells like-named choices apart (an article's expert and status, a poll's state). */
  hint: string;
}

export interface LookupAnswer {
  items: LookupItem[];
  next_cursor: string | null;
}

/** Enough for any name or a few words; a longer text is nobody's search and is refused, not read. */
export const maxLookupText = 200;
/** Choices one answer gives at most; the picker asks for more with the cursor. */
export const lookupPageSize = 20;

export const lookupQuery = z.object({
  q: z.string().max(maxLookupText, `must be at most ${maxLookupText} characters`).default(''),
  cursor: z.string().max(400).optional(),
});

/** A query string a lookup was sent, or a 400 that says what is wrong with it (arrays, overlong text). */
export function readLookupQuery(query: unknown): { q: string; cursor?: string } {
  const parsed = lookupQuery.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'q');
    throw new HttpError(400, 'invalid', `${field} ${issue.code === 'invalid_type' ? 'must be given once, as text' : issue.message}`, field);
  }
  return { q: parsed.data.q.trim(), cursor: parsed.data.cursor };
}

/**
 * A position in a list ordered by a name (experts, tags, polls' questions): the last name shown and its id. Any
 * text is a valid name, so the cursor is checked for shape only; it reaches the database as a bound value.
 */
export function decodeNameCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '') return undefined;
  const text = /^[A-Za-z0-9_-]{1,400}$/.test(value) ? Buffer.from(value, 'base64url').toString() : '';
  const split = text.lastIndexOf('|');
  const id = Number(text.slice(split + 1));
  if (split < 0 || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw new HttpError(400, 'bad_cursor', 'The cursor is not valid', 'cursor');
  return { key: text.slice(0, split), id };
}

/** The next page's cursor of a name-ordered answer fetched with one row more than it shows. */
export function nameCursorAfter<T extends { id: number }>(rows: T[], limit: number, nameOf: (row: T) => string): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeCursor({ key: nameOf(last), id: last.id }) : null;
}

/** `column` contains `text`, with LIKE's wildcards in the text taken literally (case-insensitive for Latin letters on both databases). */
export function containsText(dialect: 'sqlite' | 'postgres', column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return dialect === 'postgres' ? sql<boolean>`${sql.ref(column)} ilike ${pattern} escape '\\'` : sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** After a name cursor, in (name, id) order. */
export function afterName(column: string, cursor: Cursor): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)} > ${cursor.key} or (${sql.ref(column)} = ${cursor.key} and ${sql.ref('id')} > ${cursor.id}))`;
}
