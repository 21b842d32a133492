import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { excerptHtml, isSearchable, parseQuery } from './text.ts';
import { candidateLimit, type Engine, type SearchFilters, type SearchSort } from './engine.ts';
import { sqliteEngine } from './sqlite-engine.ts';
import { excerptsOf, soughtUnits } from './excerpt.ts';
import { postgresEngine } from './postgres-engine.ts';

export { searchSorts, candidateLimit, type SearchFilters, type SearchSort } from './engine.ts';

export interface SearchRequest {
  query: string;
  filters?: SearchFilters;
  sort?: SearchSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface SearchHit {
  articleId: number;
  /** Higher is better, comparable only within one answer. */
  rank: number;
  /** The matched words in context as safe HTML: escaped text with <mark> around the matches. */
  excerptHtml: string;
}

export interface SearchResults {
  /** Matches, counted up to candidateLimit. */
  total: number;
  /** False when there are more matches than `total` says. */
  totalIsExact: boolean;
  page: number;
  pageSize: number;
  items: SearchHit[];
}

export const maxPageSize = 50;
/** About how many words an excerpt shows. */
const excerptWords = 24;
/** Deep pages cost what the first ones do plus the offset: nobody reads page 200 of a search. */
export const maxSearchPage = 100;

const engineOf = (handle: Db): Engine<unknown> => (handle.dialect === 'postgres' ? postgresEngine(handle) : sqliteEngine(handle));

/**
 * Published articles that match what a person typed, best first (or newest first), a page at a time.
 * Any text is a valid query: see parseQuery. A query with nothing to look for finds nothing.
 */
export async function searchArticles(handle: Db, request: SearchRequest): Promise<SearchResults> {
  const pageSize = Math.min(Math.max(Math.trunc(request.pageSize ?? 10), 1), maxPageSize);
  const page = Math.min(Math.max(Math.trunc(request.page ?? 1), 1), maxSearchPage);
  const parsed = parseQuery(request.query);
  if (!isSearchable(parsed)) return { total: 0, totalIsExact: true, page, pageSize, items: [] };
  const engine = engineOf(handle);
  const match = engine.match(parsed);
  const filters = request.filters ?? {};
  const { rows, matched } = await engine.page(match, filters, request.sort ?? 'relevance', pageSize, (page - 1) * pageSize);
  const excerpts = excerptsOf(rows, soughtUnits(parsed), excerptWords);
  const items = rows.map((r) => ({ articleId: r.id, rank: Number(r.score), excerptHtml: excerptHtml(excerpts.get(r.id) ?? '') }));
  return { total: Math.min(matched, candidateLimit), totalIsExact: matched <= candidateLimit, page, pageSize, items };
}

/** The languages readers can find articles in, for the language filter. */
export async function searchableLanguages({ db }: Db): Promise<string[]> {
  const rows = await db.selectFrom('searchDocuments').select('language').distinct().where('publishedAt', '<=', nowIso()).orderBy('language').execute();
  return rows.map((r) => r.language);
}
