import { sql } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { termsQuery, wantedUnits } from './terms.ts';
import { facetTokens } from './documents.ts';
import { candidateLimit, dayAfter, type Engine, type SearchFilters, type SearchSort } from './engine.ts';

/**
 * What a word or phrase of the query adds to a document's rank when it is in one of the short columns, as
 * 0015 weighted them for bm25. Every match starts at 1, for the body (or any column) holding the words.
 */
const headWeights: Array<[column: string, weight: number]> = [
  ['title', 10],
  ['expert_name', 5],
  ['tag_names', 5],
  ['lead', 3],
];

/** Beyond this many words and phrases, they are weighed as one (any of them): each costs one index lookup per column. */
const maxWeighedUnits = 4;

/** The days asked for as bounds on published_at, open ends as bounds that hold every date: one statement for every filter. */
const dateBounds = (filters: SearchFilters) => ({
  from: filters.from === undefined ? '' : `${filters.from}T00:00:00.000Z`,
  before: filters.to === undefined ? '~' : dayAfter(filters.to),
});

/** The filters other than dates as FTS5 expressions on the facets (see facetTokens), matched inside the index with the words. */
interface FacetExpressions {
  /** Facets a document must have; undefined without such a filter. */
  wanted?: string;
  /** Facets it must not have (the languages of the other editions), as one expression. */
  unwanted?: string;
}

/**
 * The filters as facets, intersected with the words inside the index, so a selective filter reads only its own
 * documents' postings; null when the filter can find nothing (an empty list of tags).
 */
function facetExpressions(filters: SearchFilters): FacetExpressions | null {
  // Tokens are unique to facets, so search_terms_fts (one column) needs no column filter.
  const all: string[] = [];
  if (filters.expertId !== undefined) all.push(`"${facetTokens.expert(filters.expertId)}"`);
  if (filters.language !== undefined) all.push(`"${facetTokens.language(filters.language)}"`);
  if (filters.tagIds !== undefined) {
    if (filters.tagIds.length === 0) return null;
    all.push(`(${filters.tagIds.map((id) => `"${facetTokens.tag(id)}"`).join(' OR ')})`);
  }
  const unwanted = (filters.exceptLanguages ?? []).map((language) => `"${facetTokens.language(language)}"`);
  return { wanted: all.length ? all.join(' AND ') : undefined, unwanted: unwanted.length ? unwanted.join(' OR ') : undefined };
}

/** The facets a document must have as a filter on a table with a facets column (search_head_terms_fts): the tokens within it. */
const inFacetsColumn = (facets: string | undefined) => (facets ? `{facets} : (${facets})` : undefined);

const withFacets = (expression: string, facets: string | undefined) => (facets ? `(${expression}) AND ${facets}` : expression);
const withoutFacets = (expression: string, facets: string | undefined) => (facets ? `(${expression}) NOT (${facets})` : expression);

/**
 * The (expression, weight) pairs that rank a match: each word or phrase (its tokens, as terms.ts makes them) in each
 * short column, as FTS5 expressions on search_head_terms_fts, whose postings hold only the short columns' tokens. The
 * languages left out need not be asked here: only the candidates, which are without them, are weighed.
 */
function headExpressions(units: string[], facets: string | undefined): Array<{ m: string; w: number }> {
  const weighed = units.length > maxWeighedUnits ? [units.map((u) => `(${u})`).join(' OR ')] : units;
  return weighed.flatMap((unit) => headWeights.map(([column, w]) => ({ m: withFacets(`{${column}} : (${unit})`, facets), w })));
}

/** The query in the forms each part needs: `terms` finds the matches, `units` (each word and phrase) rank them. */
interface SqliteMatch {
  /** Empty when no token is left to look for. */
  terms: string;
  units: string[];
}

/**
 * Search on SQLite's FTS5. Its cost follows what a page needs, not how many documents match:
 * - the candidates are the newest candidateLimit matches, which FTS5 reads newest first from the terms'
 *   index without positions (search_terms_fts, see terms.ts) and stops at, with the filters inside the same
 *   lookup (facets) and dates as a band of rowids; a phrase is the AND of its pairs of words;
 * - they are ranked by which short columns (title, expert, tags, lead) hold the query's words, asked of
 *   search_head_terms_fts within the candidates' rowid band: a few postings, not a bm25 pass over each candidate
 *   (bm25 also counts every document holding each word, for its weights, on every query);
 * - the page's rows come back with their text, for the excerpts (excerpt.ts).
 * Equal ranks go newest first.
 */
export function sqliteEngine({ db }: Db): Engine<SqliteMatch> {
  /**
   * The newest candidateLimit + 1 matches that pass the filters, newest first, as a subquery of (id, published_at).
   * Most searches read the terms' index alone: the documents not yet published (scheduled) are few, found through
   * search_documents_published_idx and left out as FTS5 yields its rows. Dates and sorting by date need each
   * match's date: it is read through search_documents_filter_idx, which holds it (the table's rows carry the
   * whole text, and looking up a thousand of them reads a thousand pages); the dates asked for are also a band of
   * rowids, since article ids follow publication.
   */
  function candidates(expression: string, filters: SearchFilters, sort: SearchSort) {
    const now = nowIso();
    if (filters.from === undefined && filters.to === undefined && sort === 'relevance') {
      return sql`select rowid as id, null as published_at from search_terms_fts where search_terms_fts match ${expression}
        and rowid not in (select article_id from search_documents where published_at > ${now})
        order by rowid desc limit ${candidateLimit + 1}`;
    }
    const { from, before } = dateBounds(filters);
    // The rowids come from min() and max() of INTEGER ids, so FTS5 takes them as a range of its own rowids.
    const band = (bound: 'min' | 'max') => sql`(select ${sql.raw(bound)}(article_id) from search_documents where published_at >= ${from} and published_at < ${before})`;
    const inBand = filters.from === undefined && filters.to === undefined ? sql`` : sql`and f.rowid between ${band('min')} and ${band('max')}`;
    return sql`select f.rowid as id, d.published_at
      from search_terms_fts f cross join search_documents d indexed by search_documents_filter_idx on d.article_id = f.rowid
      where f.search_terms_fts match ${expression} ${inBand}
        and d.published_at <= ${now} and d.published_at >= ${from} and d.published_at < ${before}
      order by f.rowid desc limit ${candidateLimit + 1}`;
  }

  return {
    match: (q) => ({ terms: termsQuery(q), units: wantedUnits(q) }),
    /**
     * One statement, so one trip to a reader thread and ten rows back: the candidates; the newest candidateLimit
     * of them ranked by the weights of the short columns holding the query's words (see headWeights), asked of
     * search_head_terms_fts within their band of rowids; the page of them in order. Only the candidates' hits count:
     * within the band, others (unpublished, outside the dates, without every word) can be many more when the
     * candidates are sparse, a rare word beside a common one. The unary + keeps the list a filter; as a constraint
     * FTS5 would seek to each id for each expression, which costs more than reading the band.
     */
    async page(match, filters, sort, limit, offset) {
      // The filters are facets matched with the words, and a band of rowids for the dates.
      const facets = facetExpressions(filters);
      if (facets === null || match.terms === '') return { rows: [], matched: 0 };
      const found = candidates(withoutFacets(withFacets(match.terms, facets.wanted), facets.unwanted), filters, sort);
      const heads = JSON.stringify(headExpressions(match.units, inFacetsColumn(facets.wanted)));
      const order = sort === 'date' ? sql`r.published_at desc, r.id desc` : sql`score desc, r.id desc`;
      const { rows } = await sql<{ id: number; score: number; matched: number; body: string; lead: string }>`
        with found as materialized (${found}),
        ranked as materialized (select id, published_at from found order by id desc limit ${candidateLimit}),
        weights as materialized (select h.rowid as id, json_extract(j.value, '$.w') as weight
          from json_each(${heads}) j cross join search_head_terms_fts h
          where h.search_head_terms_fts match json_extract(j.value, '$.m')
            and h.rowid between (select min(id) from ranked) and (select max(id) from ranked)
            and +h.rowid in (select id from ranked)),
        page as materialized (select r.id, r.published_at, 1 + coalesce((select sum(w.weight) from weights w where w.id = r.id), 0) as score
          from ranked r order by ${order} limit ${limit} offset ${offset})
        select r.id, r.score, (select count(*) from found) as matched, d.body, d.lead
        from page r cross join search_documents d on d.article_id = r.id order by ${order}`.execute(db);
      if (rows.length > 0) return { rows, matched: rows[0]!.matched };
      // A page past the end: the count alone.
      const { rows: counted } = await sql<{ matched: number }>`select count(*) as matched from (${found})`.execute(db);
      return { rows: [], matched: counted[0]!.matched };
    },
  };
}
