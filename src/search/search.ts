import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { excerptHtml, fts5Query, isSearchable, markEnd, markStart, parseQuery, websearchQuery, type ParsedQuery } from './text.ts';

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
/** Deep pages cost what the first ones do plus the offset: nobody reads page 200 of a search. */
export const maxSearchPage = 100;

interface MatchedRow {
  id: number;
  score: number;
}

/**
 * A common word matches most of a large corpus, and ranking every match would cost a read of each
 * one's statistics. Ranking is done among the newest `candidateLimit` matches (after filters) instead,
 * and a count beyond it is reported as "more than" (SearchResults.totalIsExact false).
 */
export const candidateLimit = 1000;

interface EnginePage {
  rows: MatchedRow[];
  /** Matches that passed the filters, counted up to candidateLimit + 1. */
  matched: number;
}

interface Engine {
  page(match: string, where: RawBuilder<unknown>[], filters: SearchFilters, sort: SearchSort, limit: number, offset: number): Promise<EnginePage>;
  excerpts(match: string, ids: number[]): Promise<Map<number, string>>;
  match(q: ParsedQuery): string;
}

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/** Conditions on the documents (alias d) that every engine applies the same way. */
function filterConditions(filters: SearchFilters): RawBuilder<unknown>[] {
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

const and = (where: RawBuilder<unknown>[]) => sql.join(where, sql` and `);
const snippetWords = 24;

/**
 * A rowid for FTS5 to constrain on. better-sqlite3 binds every JS number as a REAL, and FTS5 ignores a rowid
 * constraint whose value is not an INTEGER: `rowid >= ?` then reads the whole match (SQLite filters after),
 * and `rowid = ?` answers every matching row. The cast makes the value an INTEGER that FTS5 uses.
 */
const rowidValue = (id: number) => sql`cast(${id} as integer)`;

/** Matches the SQLite engine reads newest first before it judges a filter too selective to apply afterwards. */
const filterScanLimit = 5000;

function sqliteEngine({ db }: Db): Engine {
  // CROSS JOIN fixes the join order. Full-text first: SQLite reads the matches newest first and checks each
  // one's document. Documents first: SQLite walks the filter's index and checks each document against the
  // match with `rowid = ?` (cheap now that the rowid reaches FTS5 as an INTEGER). A match's document is read
  // through search_documents_filter_idx, which holds the filtered columns: the table's rows carry the whole
  // text, and looking up thousands of them reads thousands of pages (70 ms instead of 7 for 5,000 matches).
  const matches = (match: string, where: RawBuilder<unknown>[]) =>
    sql`from search_fts cross join search_documents d indexed by search_documents_filter_idx on d.article_id = search_fts.rowid where search_fts match ${match} and ${and(where)}`;
  const documentsFirst = (match: string, where: RawBuilder<unknown>[]) =>
    sql`from search_documents d cross join search_fts on search_fts.rowid = d.article_id where search_fts match ${match} and ${and(where)}`;
  /**
   * The newest candidateLimit + 1 matches that pass the filters. Without a filter (only the publication
   * date), nearly every match passes: full-text first stops early. With dates, full-text first within the
   * band of ids that the days hold. With another filter, the newest filterScanLimit matches are tried
   * first; if they are all the matches or yield enough, that is the answer, otherwise the filter is
   * selective (an expert, a tag) and walking its documents costs less than reading the rest of a common
   * word's matches.
   */
  async function candidates(match: string, where: RawBuilder<unknown>[], filters: SearchFilters): Promise<Array<{ id: number }>> {
    // filterConditions always holds the publication date; anything more is a filter the reader chose.
    if (where.length === 1) {
      return (await sql<{ id: number }>`select search_fts.rowid as id ${matches(match, where)} order by search_fts.rowid desc limit ${candidateLimit + 1}`.execute(db)).rows;
    }
    if (filters.from !== undefined || filters.to !== undefined) {
      // Articles get their ids about when they are published, so the days asked for are a narrow band of
      // rowids: full-text first within it reads little. (Were they unrelated, the band would be wide, and
      // the answer the same.)
      const { rows: band } = await sql<{ low: number | null; high: number | null }>`select min(d.article_id) as low, max(d.article_id) as high
        from search_documents d where ${and(where)}`.execute(db);
      const { low, high } = band[0] ?? { low: null, high: null };
      if (low === null || high === null) return [];
      return (
        await sql<{ id: number }>`select search_fts.rowid as id ${matches(match, where)} and search_fts.rowid between ${rowidValue(low)} and ${rowidValue(high)}
        order by search_fts.rowid desc limit ${candidateLimit + 1}`.execute(db)
      ).rows;
    }
    const { rows } = await sql<{ id: number; scanned: number }>`
      with f(id) as materialized (select rowid from search_fts where search_fts match ${match} order by rowid desc limit ${filterScanLimit})
      select -1 as id, count(*) as scanned from f
      union all
      select * from (select d.article_id as id, 0 as scanned from f cross join search_documents d indexed by search_documents_filter_idx on d.article_id = f.id
        where ${and(where)} order by f.id desc limit ${candidateLimit + 1})`.execute(db);
    const scanned = Number(rows[0]!.scanned);
    const found = rows.slice(1);
    if (scanned < filterScanLimit || found.length > candidateLimit) return found;
    return (await sql<{ id: number }>`select d.article_id as id ${documentsFirst(match, where)} order by d.article_id desc limit ${candidateLimit + 1}`.execute(db)).rows;
  }
  return {
    match: fts5Query,
    async page(match, where, filters, sort, limit, offset) {
      // The candidates are the newest matches by id, which FTS5 reads in descending order and can stop early.
      const found = await candidates(match, where, filters);
      if (found.length === 0) return { rows: [], matched: 0 };
      const ids = found.slice(0, candidateLimit).map((c) => c.id);
      const lowest = ids[ids.length - 1]!;
      // FTS5's rank is bm25 with the column weights set in the migration; lower is better, so it is negated.
      // The candidates are ranked in one pass over their rowid range, their ids checked against a list: FTS5
      // collects bm25's statistics once per query (a `rowid = ?` per candidate would collect them 1,000 times), the
      // unary + keeps SQLite from turning the list into such lookups, and ordering outside the subquery keeps
      // FTS5 from ranking every match in the range before the list is applied.
      const order = sort === 'date' ? sql`d.published_at desc, d.article_id desc` : sql`f.score desc, f.id desc`;
      const { rows } = await sql<MatchedRow>`
        with f as materialized (select search_fts.rowid as id, -search_fts.rank as score from search_fts
          where search_fts match ${match} and search_fts.rowid >= ${rowidValue(lowest)} and +search_fts.rowid in (select value from json_each(${JSON.stringify(ids)})))
        select f.id, f.score from f cross join search_documents d indexed by search_documents_filter_idx on d.article_id = f.id order by ${order} limit ${limit} offset ${offset}`.execute(db);
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

const headlineOptions = `StartSel="${markStart}", StopSel="${markEnd}", MaxWords=${snippetWords + 8}, MinWords=${snippetWords - 8}, MaxFragments=2, FragmentDelimiter=" … "`;

function postgresEngine({ db }: Db): Engine {
  const query = (match: string) => sql`websearch_to_tsquery('english', ${match})`;
  return {
    match: websearchQuery,
    async page(match, where, _filters, sort, limit, offset) {
      // The query is written into the WHERE clause, not joined as a FROM item: the planner then evaluates it
      // for its estimates and can choose between walking published_at newest first (a common word) and the
      // GIN index (a rare one). The candidates, their count and their ranks come back in one statement, each
      // candidate ranked as it is found: its vector, stored out of line, is then read once, not twice.
      // ts_rank costs half what ts_rank_cd does on 1,000 vectors.
      const order = sort === 'date' ? sql`c.published_at desc, c.id desc` : sql`c.score desc, c.id desc`;
      const { rows } = await sql<MatchedRow & { matched: number }>`
        with c as materialized (
          select d.article_id as id, d.published_at, ts_rank(d.document, ${query(match)}) as score,
            row_number() over (order by d.published_at desc, d.article_id desc) as n
          from search_documents d where d.document @@ ${query(match)} and ${and(where)}
          order by d.published_at desc, d.article_id desc limit ${candidateLimit + 1})
        select c.id, c.score, (select count(*) from c) as matched from c
        where c.n <= ${candidateLimit} order by ${order} limit ${limit} offset ${offset}`.execute(db);
      if (rows.length === 0 && offset > 0) {
        // A page past the last one: the count alone.
        const { rows: counted } = await sql<{ matched: number }>`select count(*) as matched from (select 1 from search_documents d
          where d.document @@ ${query(match)} and ${and(where)} limit ${candidateLimit + 1}) m`.execute(db);
        return { rows: [], matched: Number(counted[0]!.matched) };
      }
      if (rows.length === 0) return { rows: [], matched: 0 };
      return { rows: rows.map((r) => ({ id: r.id, score: r.score })), matched: Number(rows[0]!.matched) };
    },
    async excerpts(match, ids) {
      // Only the page's rows get headlines: ts_headline reads the whole text and is the costly part.
      const { rows } = await sql<{ id: number; body: string; lead: string }>`
        select d.article_id as id, ts_headline('english', d.body, q, ${headlineOptions}) as body, ts_headline('english', d.lead, q, ${headlineOptions}) as lead
        from search_documents d, ${query(match)} q where d.article_id = any(${ids})`.execute(db);
      return new Map(rows.map((r) => [r.id, r.body.includes(markStart) || !r.lead.includes(markStart) ? r.body : r.lead]));
    },
  };
}

const engineOf = (handle: Db): Engine => (handle.dialect === 'postgres' ? postgresEngine(handle) : sqliteEngine(handle));

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
  const where = filterConditions(filters);
  const { rows, matched } = await engine.page(match, where, filters, request.sort ?? 'relevance', pageSize, (page - 1) * pageSize);
  const excerpts = rows.length
    ? await engine.excerpts(
        match,
        rows.map((r) => r.id),
      )
    : new Map<number, string>();
  const items = rows.map((r) => ({ articleId: r.id, rank: Number(r.score), excerptHtml: excerptHtml(excerpts.get(r.id) ?? '') }));
  return { total: Math.min(matched, candidateLimit), totalIsExact: matched <= candidateLimit, page, pageSize, items };
}

/** The languages readers can find articles in, for the language filter. */
export async function searchableLanguages({ db }: Db): Promise<string[]> {
  const rows = await db.selectFrom('searchDocuments').select('language').distinct().where('publishedAt', '<=', nowIso()).orderBy('language').execute();
  return rows.map((r) => r.language);
}
