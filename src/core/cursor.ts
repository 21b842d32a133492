/** A keyset position: the sort key of the last item shown and its id to break ties. */
export interface Cursor {
  key: string;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.key}|${cursor.id}`).toString('base64url');
}

/** One page of a keyset listing: asks for one item more than it shows, to know whether there is a next page. */
export function keysetPage<T extends { id: number }>(rows: T[], limit: number, keyOf: (row: T) => string): { items: T[]; next?: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor({ key: keyOf(last), id: last.id }) : undefined };
}
