import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../schema.ts';
import { fts5Query, markEnd, markStart } from './text.ts';
import { and, candidateLimit, snippetWords, type Engine, type MatchedRow, type SearchFilters } from './engine.ts';

/**
 * A rowid for FTS5 to constrain on. better-sqlite3 binds every JS number as a REAL, and FTS5 ignores a rowid
 * constraint whose value is not an INTEGER: `rowid >= ?` then reads the whole match (SQLite filters after),
 * and `rowid = ?` answers every matching row. The cast makes the value an INTEGER that FTS5 uses.
 */
const rowidValue = (id: number) => sql`cast(${id} as integer)`;

/** Matches the SQLite engine reads newest first before it judges a filter too selective to apply afterwards. */
const filterScanLimit = 5000;

export function sqliteEngine({ db }: Db): Engine {
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
