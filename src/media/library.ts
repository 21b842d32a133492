import { sql } from 'kysely';
import type { Db } from '../schema.ts';
import { getMediaByHash, type MediaInfo } from './store.ts';

/** How many images one page of the media library shows. */
export const libraryPageSize = 24;

/** One page of the media library: its images, newest first, and how many pages the search has in all. */
export interface LibraryPage {
  items: MediaInfo[];
  page: number;
  pages: number;
  total: number;
}

const infoColumns = ['id', 'hash', 'mime', 'width', 'height', 'alt', 'credit', 'creditUrl', 'variantWidths', 'createdAt'] as const;

/** `%` and `_` typed in a search are letters, not LIKE's wildcards. */
const likePattern = (words: string) => `%${words.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The images whose alt text or credit holds the search (any case), newest first, a page at a time. A page
 * number: the library is browsed and jumped through ("page 3 of 12"), not scrolled forever, and a few
 * thousand images cost the offset nothing. The caller refuses a page past the last (`pages`).
 */
export async function searchMediaLibrary({ db }: Db, search: string, page: number, size = libraryPageSize): Promise<LibraryPage> {
  const words = search.trim();
  const matching = () => {
    const query = db.selectFrom('media');
    if (!words) return query;
    const pattern = likePattern(words);
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for ASCII.
    return query.where((eb) => eb.or([sql<boolean>`lower(${eb.ref('alt')}) like ${pattern} escape '\\'`, sql<boolean>`lower(${eb.ref('credit')}) like ${pattern} escape '\\'`]));
  };
  const counted = await matching()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const rows = await matching()
    .select(infoColumns)
    .orderBy('id', 'desc')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  const items = rows.map(({ variantWidths, ...rest }) => ({ ...rest, widths: variantWidths ? variantWidths.split(',').map(Number) : [] }));
  return { items, page, pages: Math.max(1, Math.ceil(total / size)), total };
}

/** The stored images among these hashes, by hash: what a body's figures are drawn from. */
export async function getMediaByHashes(handle: Db, hashes: string[]): Promise<Map<string, MediaInfo>> {
  const unique = [...new Set(hashes)];
  const found = new Map<string, MediaInfo>();
  // Bodies hold a handful of figures: one indexed look-up each (media.hash is unique) keeps the query plain.
  for (const hash of unique) {
    const media = await getMediaByHash(handle, hash);
    if (media) found.set(hash, media);
  }
  return found;
}
