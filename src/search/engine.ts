import type { ParsedQuery } from './text.ts';

export const searchSorts = ['relevance', 'date'] as const;
export type SearchSort = (typeof searchSorts)[number];

export interface SearchFilters {
  expertId?: number;
  /** Documents carrying any of these tags (a region's analysis is several: see regionAnalysisTagSlugs); empty finds nothing. */
  tagIds?: number[];
  /** Documents in this language (its tag exactly: 'ru', 'pt-BR'). */
  language?: string;
  /** Documents in none of these languages: the default edition's, which shows what no other edition does (see editionFilter). */
  exceptLanguages?: string[];
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
  page(match: Match, filters: SearchFilters, sort: SearchSort, limit: number, offset: number): Promise<EnginePage>;
  match(q: ParsedQuery): Match;
}

/** The first instant after a day (YYYY-MM-DD, UTC), as an ISO timestamp. */
export const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
