import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { ParsedQuery } from './text.ts';
import { candidateLimit, dayAfter, type Engine, type MatchedRow, type SearchFilters } from './engine.ts';

/** What the engine looks for, carried from match() to page(). */
interface PostgresMatch {
  /** The single words, each read as documents in either language read it (search_words_query, migration 0030). */
  words: string[];
  excluded: string[];
  /** Each phrase's words, space-joined; matched as the AND of its consecutive pairs (see migrations 0023 and 0030). */
  phrases: string[];
  /** Every word a reader wants to see, for ranking by where they are. */
  wanted: string[];
}

/** A lexeme of our own (a month, an expert) as a tsquery: no parser runs on it, so no word can be one. */
const ownLexeme = (lexeme: string) => sql`${`'${lexeme}'`}::tsquery`;

/** The month lexeme that search_month (migration 0023) gives a document, from a month number (year * 12 + month - 1). */
const monthLexeme = (month: number) => ownLexeme(`#m${month}`);
const monthOf = (iso: string) => {
  const d = new Date(iso);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const anyMonth = (months: number[]) => sql`(${sql.join(months.map(monthLexeme), sql` || `)})`;

/**
 * The newest matches are looked for in windows of months, newest first, each the whole of the match's
 * answer from GIN: the month lexeme is the rarest entry of the AND, so GIN steps through a common word's
 * postings instead of reading them all, and the heap is read only for matches in the window. A window
 * that yields enough stops the search; older ones are never read. Each window doubles the one before, so
 * the last one read holds at most about twice the matches needed. GIN tests every month of a window at each
 * candidate: what is older than the windows is the match alone, its newer rows dropped by date.
 */
const windowMonths = [1, 2, 4, 8, 16, 32];
/** A date filter wider than this many months, past the windows, is left to the row filter alone. */
const maxListedMonths = 120;

interface Window {
  /** The months GIN looks in, if any. */
  months?: RawBuilder<unknown>;
  /** Rows published before this are the window's (when GIN is not told the months). */
  before?: string;
}

const dayMonth = (day: string) => monthOf(`${day}T00:00:00.000Z`);
const monthStart = (month: number) => new Date(Date.UTC(Math.floor(month / 12), month % 12, 1)).toISOString();
const monthsFrom = (newest: number, count: number) => Array.from({ length: count }, (_, i) => newest - i);

/** The windows, newest first, within the filter's dates; none when the dates hold no month. */
function windows(now: string, filters: SearchFilters): Window[] {
  const newest = Math.min(monthOf(now), filters.to !== undefined ? dayMonth(filters.to) : Infinity);
  const oldest = filters.from !== undefined ? dayMonth(filters.from) : -Infinity;
  const result: Window[] = [];
  let next = newest;
  for (const size of windowMonths) {
    const months = monthsFrom(next, size).filter((m) => m >= oldest);
    if (months.length === 0) return result;
    result.push({ months: anyMonth(months) });
    next -= size;
  }
  if (next < oldest) return result;
  const rest = next - oldest + 1;
  result.push(rest <= maxListedMonths ? { months: anyMonth(monthsFrom(next, rest)) } : { before: monthStart(next + 1) });
  return result;
}

/** The filters as conditions on the documents (alias d), which the windows' rows are tested against after GIN. */
function filterConditions(filters: SearchFilters): RawBuilder<unknown>[] {
  const where = [sql`d.published_at <= ${nowIso()}`];
  if (filters.expertId !== undefined) where.push(sql`d.expert_id = ${filters.expertId}`);
  if (filters.language !== undefined) where.push(sql`d.language = ${filters.language}`);
  if (filters.exceptLanguages?.length) where.push(sql`d.language not in (${sql.join(filters.exceptLanguages.map((l) => sql`${l}`))})`);
  if (filters.from !== undefined) where.push(sql`d.published_at >= ${`${filters.from}T00:00:00.000Z`}`);
  if (filters.to !== undefined) where.push(sql`d.published_at < ${dayAfter(filters.to)}`);
  if (filters.tagIds !== undefined) {
    const tagIds = filters.tagIds.length ? sql.join(filters.tagIds.map((id) => sql`${id}`)) : sql`null`;
    where.push(sql`d.article_id in (select article_id from search_document_tags where tag_id in (${tagIds}))`);
  }
  return where;
}

const and = (where: RawBuilder<unknown>[]) => sql.join(where, sql` and `);

/** Documents carrying any of these tags, by the tag lexemes of migration 0023 (names, as the documents hold them). */
const anyTag = (tagIds: number[]) => sql`(select coalesce(string_agg(search_quoted('#t' || t.name), ' | '), '')::tsquery
  from (select (select s.name from search_document_tags s where s.tag_id = i limit 1) as name from unnest(${tagIds}::int[]) i) t where t.name is not null)`;

/** A document's language as the lexeme migration 0030 gives it, quoted as tsquery text (a tag holds no quote, but it is escaped all the same). */
const languageLexeme = (language: string) => sql`search_quoted('#l' || ${language})`;

/**
 * What the reader asked for, each part as a tsquery: the words (and the excluded ones), and each phrase as its
 * pairs. Each word is looked for as documents in either language read it (migration 0030).
 */
const readerParts = (m: PostgresMatch) => [
  ...(m.words.length || m.excluded.length ? [sql`search_words_query(${m.words}::text[], ${m.excluded}::text[])`] : []),
  ...m.phrases.map((p) => sql`search_query_phrase(${p})`),
];

/** The reader's query and the filters that GIN answers, as one tsquery. */
function matchQuery(m: PostgresMatch, filters: SearchFilters): RawBuilder<unknown> {
  const parts = readerParts(m);
  if (filters.expertId !== undefined) parts.push(ownLexeme(`#e${filters.expertId}`));
  if (filters.language !== undefined) parts.push(sql`${languageLexeme(filters.language)}::tsquery`);
  if (filters.exceptLanguages?.length)
    parts.push(
      sql`(${sql.join(
        filters.exceptLanguages.map((l) => sql`!!${languageLexeme(l)}::tsquery`),
        sql` && `,
      )})`,
    );
  if (filters.tagIds?.length) parts.push(anyTag(filters.tagIds));
  return sql`(${sql.join(parts, sql` && `)})`;
}

/**
 * Whether every part of the reader's query still asks for something once PostgreSQL has parsed it: a phrase
 * of stop words ("to be"), or a word its parser drops ("½"), is an empty tsquery, and `&&` with an empty
 * tsquery is the other side alone, which would find every document of the window. A constant condition:
 * PostgreSQL checks it once, before any scan.
 */
const everyPartAsks = (m: PostgresMatch) =>
  sql.join(
    readerParts(m).map((part) => sql`numnode(${part}) > 0`),
    sql` and `,
  );

export function postgresEngine({ db }: Db): Engine<PostgresMatch> {
  return {
    match(q: ParsedQuery) {
      return { words: q.terms, excluded: q.excluded, phrases: q.phrases.map((p) => p.join(' ')), wanted: [...q.terms, ...q.phrases.flat()] };
    },
    async page(m, filters, sort, limit, offset) {
      const where = filterConditions(filters);
      const now = nowIso();
      const query = matchQuery(m, filters);
      const asks = everyPartAsks(m);
      // The planner cannot see that a row's vectors are stored out of line: a sequential scan, or a b-tree walk
      // (published_at, expert_id) that tests each row's vector, would read them all. Sequential and plain index
      // scans are turned off for the statement, and OFFSET 0 keeps the filters out of the scan, so GIN is the
      // one way to the rows; the window bounds what the filters and the sort then read.
      const newestInWindow = (window: Window) => sql`(select d.article_id as id, d.published_at, d.head
        from (select article_id, published_at, expert_id, language, head from search_documents
          where terms @@ ${window.months ? sql`((select query from q) && ${window.months})` : sql`(select query from q)`} and (select asks from q) offset 0) d
        where ${and(window.before ? [...where, sql`d.published_at < ${window.before}`] : where)}
        order by d.published_at desc, d.article_id desc limit ${candidateLimit + 1})`;
      const order = sort === 'date' ? sql`r.published_at desc, r.id desc` : sql`r.score desc, r.id desc`;
      // The page's rows come back with their text (for the excerpts), in the same order.
      const pageOrder = sort === 'date' ? sql`p.published_at desc, p.id desc` : sql`p.score desc, p.id desc`;
      const searched = windows(now, filters);
      if (searched.length === 0) return { rows: [], matched: 0 };
      // Ranked by where the wanted words are, any of them: title, then expert and tags, then lead (their weights
      // in `head`); a mention in the body alone ranks none above another. Ties go to the newest (highest id).
      return db.transaction().execute(async (trx) => {
        await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
        const { rows } = await sql<{ id: number | null; score: number; matched: number; body: string; lead: string }>`
          with q as materialized (select ${query} as query, ${asks} as asks),
          c as materialized (select * from (${sql.join(searched.map(newestInWindow), sql` union all `)}) w limit ${candidateLimit + 1}),
          r as (select c.id, c.published_at, coalesce(ts_rank(c.head, q), 0) as score
            from c, search_any_query(${m.wanted}::text[]) q order by c.published_at desc, c.id desc limit ${candidateLimit})
          select p.id, p.score, n.matched, d.body, d.lead from (select count(*) as matched from c) n
          left join lateral (select r.id, r.score, r.published_at from r order by ${order} limit ${limit} offset ${offset}) p on true
          left join search_documents d on d.article_id = p.id
          order by ${pageOrder}`.execute(trx);
        const matched = Number(rows[0]?.matched ?? 0);
        return { rows: rows.flatMap((r): MatchedRow[] => (r.id === null ? [] : [{ id: r.id, score: r.score, body: r.body, lead: r.lead }])), matched };
      });
    },
  };
}
