import { sql } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { fts5Query, fts5Wanted, markEnd, markStart } from './text.ts';
import { facetTokens } from './documents.ts';
import { candidateLimit, dayAfter, snippetWords, type Engine, type SearchFilters, type SearchSort } from './engine.ts';

/**
 * A rowid for FTS5 to constrain on. better-sqlite3 binds every JS number as a REAL, and FTS5 ignores a rowid
 * constraint whose value is not an INTEGER: `rowid >= ?` then reads the whole match (SQLite filters after),
 * and `rowid = ?` answers every matching row. The cast makes the value an INTEGER that FTS5 uses.
 */
const rowidValue = (id: number) => sql`cast(${id} as integer)`;

interface Candidate {
  id: number;
  /** Read only when the dates matter (a date filter or sorting by date). */
  publishedAt?: string;
}

/** Every rowid: the band of a search without dates. */
const allRowids = { low: 0, high: Number.MAX_SAFE_INTEGER };

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

/**
 * The filters other than dates as an FTS5 expression on the facets column (see facetTokens): matched inside
 * the index, intersected with the words, so a selective filter reads only its own documents' postings.
 * Undefined without such a filter; null when the filter can find nothing (an empty list of tags).
 */
function facetExpression(filters: SearchFilters): string | undefined | null {
  const all: string[] = [];
  if (filters.expertId !== undefined) all.push(`"${facetTokens.expert(filters.expertId)}"`);
  if (filters.language !== undefined) all.push(`"${facetTokens.language(filters.language)}"`);
  if (filters.tagIds !== undefined) {
    if (filters.tagIds.length === 0) return null;
    all.push(`(${filters.tagIds.map((id) => `"${facetTokens.tag(id)}"`).join(' OR ')})`);
  }
  return all.length ? `{facets} : (${all.join(' AND ')})` : undefined;
}

const withFacets = (expression: string, facets: string | undefined) => (facets ? `(${expression}) AND ${facets}` : expression);

/**
 * The (expression, weight) pairs that rank a match: each word or phrase in each short column, as FTS5
 * expressions on search_head_fts, whose postings hold only the short columns' words.
 */
function headExpressions(match: string, facets: string | undefined): Array<{ m: string; w: number }> {
  const wanted = fts5Wanted(match);
  const units = wanted.length > maxWeighedUnits ? [`(${wanted.join(' OR ')})`] : wanted;
  return units.flatMap((unit) => headWeights.map(([column, w]) => ({ m: withFacets(`{${column}} : ${unit}`, facets), w })));
}

/**
 * Search on SQLite's FTS5. Its cost follows what a page needs, not how many documents match:
 * - the candidates are the newest candidateLimit matches, which FTS5 reads newest first and stops at, with
 *   the filters inside the same index lookup (facets) and dates as a band of rowids;
 * - they are ranked by which short columns (title, expert, tags, lead) hold the query's words, asked of
 *   search_head_fts within the candidates' rowid band: a few postings, not a bm25 pass over each candidate
 *   (bm25 also counts every document holding each word, for its weights, on every query);
 * - excerpts are made for the page's rows alone.
 * Equal ranks go newest first.
 */
export function sqliteEngine({ db }: Db): Engine {
  /** The rowids of the documents published in the days asked for: article ids follow publication, so it is narrow. */
  async function dateBand(filters: SearchFilters) {
    const { from, before } = dateBounds(filters);
    const { rows } = await sql<{ low: number | null; high: number | null }>`select min(article_id) as low, max(article_id) as high
      from search_documents where published_at >= ${from} and published_at < ${before}`.execute(db);
    const { low, high } = rows[0] ?? { low: null, high: null };
    return low === null || high === null ? undefined : { low, high };
  }

  /**
   * The newest candidateLimit + 1 matches that pass the filters, newest first. Most searches read the index
   * alone: the documents not yet published (scheduled) are few, found through search_documents_published_idx
   * and left out afterwards. Dates and sorting by date need each match's date: it is read through
   * search_documents_filter_idx, which holds it (the table's rows carry the whole text, and looking up a
   * thousand of them reads a thousand pages).
   */
  async function candidates(expression: string, filters: SearchFilters, sort: SearchSort): Promise<Candidate[]> {
    const now = nowIso();
    if (filters.from === undefined && filters.to === undefined && sort === 'relevance') {
      const scheduled = new Set((await sql<{ id: number }>`select article_id as id from search_documents where published_at > ${now}`.execute(db)).rows.map((r) => r.id));
      const { rows } = await sql<Candidate>`select rowid as id from search_fts where search_fts match ${expression}
        order by rowid desc limit ${candidateLimit + 1 + scheduled.size}`.execute(db);
      return rows.filter((r) => !scheduled.has(r.id)).slice(0, candidateLimit + 1);
    }
    const band = filters.from === undefined && filters.to === undefined ? allRowids : await dateBand(filters);
    if (!band) return [];
    const { from, before } = dateBounds(filters);
    const { rows } = await sql<Candidate>`select f.rowid as id, d.published_at
      from search_fts f cross join search_documents d indexed by search_documents_filter_idx on d.article_id = f.rowid
      where f.search_fts match ${expression} and f.rowid between ${rowidValue(band.low)} and ${rowidValue(band.high)}
        and d.published_at <= ${now} and d.published_at >= ${from} and d.published_at < ${before}
      order by f.rowid desc limit ${candidateLimit + 1}`.execute(db);
    return rows;
  }

  /** Each candidate's rank: 1, and the weights of the short columns that hold the query's words (see headWeights). */
  async function ranks(match: string, facets: string | undefined, found: Candidate[]): Promise<Map<number, number>> {
    const scores = new Map(found.map((c) => [c.id, 1]));
    // Only the candidates' hits come back: within the band, others (unpublished, outside the dates, without
    // every word) can be many more when the candidates are sparse, a rare word beside a common one. The unary
    // + keeps the list a filter (a Bloom filter and a lookup per hit); as a constraint FTS5 would seek to each
    // id for each expression, which costs more than reading the band.
    const ids = found.map((c) => c.id);
    const { rows } = await sql<{ id: number; weight: number }>`select h.rowid as id, json_extract(j.value, '$.w') as weight
      from json_each(${JSON.stringify(headExpressions(match, facets))}) j cross join search_head_fts h
      where h.search_head_fts match json_extract(j.value, '$.m') and h.rowid between ${rowidValue(ids[ids.length - 1]!)} and ${rowidValue(ids[0]!)}
        and +h.rowid in (select value from json_each(${JSON.stringify(ids)}))`.execute(db);
    for (const { id, weight } of rows) scores.set(id, scores.get(id)! + weight);
    return scores;
  }

  return {
    match: fts5Query,
    async page(match, _where, filters, sort, limit, offset) {
      // The shared filterConditions (_where) are PostgreSQL's way; here the filters are facets and a date band.
      const facets = facetExpression(filters);
      if (facets === null) return { rows: [], matched: 0 };
      const found = await candidates(withFacets(match, facets), filters, sort);
      if (found.length === 0) return { rows: [], matched: 0 };
      const ranked = found.slice(0, candidateLimit);
      const scores = await ranks(match, facets, ranked);
      const newestFirst = (a: Candidate, b: Candidate) => b.id - a.id;
      const byDate = (a: Candidate, b: Candidate) => (a.publishedAt === b.publishedAt ? newestFirst(a, b) : a.publishedAt! < b.publishedAt! ? 1 : -1);
      const byRank = (a: Candidate, b: Candidate) => scores.get(b.id)! - scores.get(a.id)! || newestFirst(a, b);
      const rows = ranked
        .sort(sort === 'date' ? byDate : byRank)
        .slice(offset, offset + limit)
        .map((c) => ({ id: c.id, score: scores.get(c.id)! }));
      return { rows, matched: found.length };
    },
    async excerpts(match, ids) {
      // The ids come from json_each, as INTEGERs: FTS5 then seeks to each row. Bound directly (REALs, see
      // rowidValue) FTS5 would evaluate the whole match, every row of a common word, and SQLite filter after.
      // Columns 2 and 1 are the body and the lead: the title is on the card already.
      const { rows } = await sql<{ id: number; body: string; lead: string }>`
        select rowid as id, snippet(search_fts, 2, ${markStart}, ${markEnd}, '…', ${snippetWords}) as body,
          snippet(search_fts, 1, ${markStart}, ${markEnd}, '…', ${snippetWords}) as lead
        from search_fts where search_fts match ${match} and rowid in (select value from json_each(${JSON.stringify(ids)}))`.execute(db);
      return new Map(rows.map((r) => [r.id, r.body.includes(markStart) || !r.lead.includes(markStart) ? r.body : r.lead]));
    },
  };
}
