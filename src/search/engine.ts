import { sql, type RawBuilder } from 'kysely';
import { nowIso } from '../db/time.ts';
import type { ParsedQuery } from './text.ts';

export const searchSorts = ['relevance', 'date'] as const;
export type SearchSort = (typeof searchSorts)[number];

export interface SearchFilters {
  expertId?: number;
  /** Documents carrying any of these tags (a region's analysis is several: see regionAnalysisTagSlugs); empty finds nothing. */
  tagIds?: number[];
  language?: string;
  /** First day (YYYY-MM-DD, UTC) of the publication dates to include. */
  from?: string;
  /** Last day (YYYY-MM-DD, UTC) of the publication dates to include. */
  to?: string;
}

export interface MatchedRow {
  id: number;
  score: number;
  /** The document's body and lead, which the excerpt is made from (excerpt.ts). */
  body: string;
  lead: string;
}

/**
 * A common word matches most of a large corpus, and ranking every match would cost a read of each
 * one's statistics. Ranking is done among the newest `candidateLimit` matches (after filters) instead,
 * and a count beyond it is reported as "more than" (SearchResults.totalIsExact false).
 */
export const candidateLimit = 1000;

export interface EnginePage {
  rows: MatchedRow[];
  /** Matches that passed the filters, counted up to candidateLimit + 1. */
  matched: number;
}

/** A search engine; Match is the engine's own form of the query, made by match() and given back to page(). */
export interface Engine<Match = string> {
  /** The page of matches with the text of each, in one statement: one trip to the database. */
  page(match: Match, where: RawBuilder<unknown>[], filters: SearchFilters, sort: SearchSort, limit: number, offset: number): Promise<EnginePage>;
  match(q: ParsedQuery): Match;
}

/** The first instant after a day (YYYY-MM-DD, UTC), as an ISO timestamp. */
export const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/** Conditions on the documents (alias d) that every engine applies the same way. */
export function filterConditions(filters: SearchFilters): RawBuilder<unknown>[] {
  const where = [sql`d.published_at <= ${nowIso()}`];
  if (filters.expertId !== undefined) where.push(sql`d.expert_id = ${filters.expertId}`);
  if (filters.language !== undefined) where.push(sql`d.language = ${filters.language}`);
  if (filters.from !== undefined) where.push(sql`d.published_at >= ${`${filters.from}T00:00:00.000Z`}`);
  if (filters.to !== undefined) where.push(sql`d.published_at < ${dayAfter(filters.to)}`);
  if (filters.tagIds !== undefined) {
    const tagIds = filters.tagIds.length ? sql.join(filters.tagIds.map((id) => sql`${id}`)) : sql`null`;
    where.push(sql`d.article_id in (select article_id from search_document_tags where tag_id in (${tagIds}))`);
  }
  return where;
}

export const and = (where: RawBuilder<unknown>[]) => sql.join(where, sql` and `);
