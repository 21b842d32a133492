import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../schema.ts';
import { getArticleById, type Article } from '../articles/store.ts';
import { answerOfficeSearch } from '../articles/office-list.ts';
import { htmlToText, isSearchable, parseQuery, plainText, type ParsedQuery } from './text.ts';
import { termsQuery } from './terms.ts';

/**
 * The office's search: the whole archive, drafts and articles in review included, with the same words,
 * stems and phrases as the site's search.
 *
 * Published (and scheduled) articles are found in the site's own index (search_documents). The articles not
 * yet published are kept in an index of their own, search_drafts (migration 0042), read by the same means:
 * SQLite's tokens from terms.ts into a contentless FTS5 table, PostgreSQL's search_document_terms into a GIN
 * index. Why a second index rather than putting drafts into the first: the site's search is tuned on the
 * premise that everything in search_documents is published or about to be (its candidate scans leave out
 * the few scheduled rows one by one; PostgreSQL's windows are months of publication, which a draft has not),
 * and a reader's query must never be one filter away from a draft. Why an index at all rather than a scan of
 * the drafts' text: an archive keeps its abandoned drafts for years, and a scan's cost would grow with them.
 *
 * Both indexes answer with the newest matching ids (by id, which follows creation), officeMatchLimit at most
 * from each; the office list then filters, orders and pages them as it does without a query (office-list.ts
 * in articles). A word found in more articles than that says so, and asks for another word or a filter.
 */
export const officeMatchLimit = 1000;

export interface OfficeMatches {
  ids: number[];
  /** True when either index had more matches than it gave. */
  capped: boolean;
}

/** An unpublished article's text as search_drafts keeps it: what the office looks in. */
function draftRow(article: Article) {
  return { articleId: article.id, language: article.language, title: plainText(article.title), lead: plainText(article.lead), body: htmlToText(article.bodyHtml) };
}

/**
 * Keeps one article's draft row current: present while it is not published, gone once it is (the site's index
 * then has it) or once it is deleted. Observes the article store's saves inside the save's transaction.
 */
export async function indexDraft(handle: Db, articleId: number): Promise<void> {
  const { db } = handle;
  const [article, kept] = await Promise.all([getArticleById(handle, articleId), db.selectFrom('searchDrafts').selectAll().where('articleId', '=', articleId).executeTakeFirst()]);
  const row = article && article.status !== 'published' ? draftRow(article) : undefined;
  // A save that leaves the words as they were (a status step, a restored identical revision) leaves the index alone.
  if (row && kept && (Object.keys(row) as Array<keyof typeof row>).every((k) => row[k] === kept[k])) return;
  if (kept) await db.deleteFrom('searchDrafts').where('articleId', '=', articleId).execute();
  if (row) await db.insertInto('searchDrafts').values(row).execute();
}

/** The draft rows of a batch of articles (the unpublished ones), for the index's rebuild. */
export async function indexDrafts({ db }: Db, articles: Article[]): Promise<void> {
  const rows = articles.filter((a) => a.status !== 'published').map(draftRow);
  if (rows.length) await db.insertInto('searchDrafts').values(rows).execute();
}

/** The reader's words and phrases as PostgreSQL's search functions read them (migration 0030), one tsquery; null when nothing is left. */
function postgresQuery(q: ParsedQuery): RawBuilder<unknown> {
  const parts = [
    ...(q.terms.length || q.excluded.length ? [sql`search_words_query(${q.terms}::text[], ${q.excluded}::text[])`] : []),
    ...q.phrases.map((p) => sql`search_query_phrase(${p.join(' ')})`),
  ];
  // A part that asks for nothing once parsed (a phrase of stop words) would widen the AND to the others alone.
  return sql`(select case when ${sql.join(
    parts.map((p) => sql`coalesce(numnode(${p}), 0) > 0`),
    sql` and `,
  )} then ${sql.join(parts, sql` && `)} end)`;
}

async function newestMatches(handle: Db, q: ParsedQuery, table: 'published' | 'drafts', limit: number): Promise<number[]> {
  if (handle.dialect === 'sqlite') {
    const expression = termsQuery(q);
    if (expression === '') return [];
    const fts = sql.raw(table === 'published' ? 'search_terms_fts' : 'search_draft_terms_fts');
    const { rows } = await sql<{ id: number }>`select rowid as id from ${fts} where ${fts} match ${expression} order by rowid desc limit ${limit}`.execute(handle.db);
    return rows.map((r) => r.id);
  }
  const from = sql.raw(table === 'published' ? 'search_documents' : 'search_drafts');
  // As the site's engine does: the vectors live out of line, so GIN must be the one way to the rows.
  return handle.db.transaction().execute(async (trx) => {
    await sql`select set_config('enable_seqscan', 'off', true)`.execute(trx);
    const { rows } = await sql<{ id: number }>`with q as materialized (select ${postgresQuery(q)} as query)
      select article_id as id from ${from} where terms @@ (select query from q) order by article_id desc limit ${limit}`.execute(trx);
    return rows.map((r) => r.id);
  });
}

/**
 * The ids of the articles of any status whose words match what was typed (read as the site's search reads it),
 * the newest first from each index; undefined when the text has nothing to look for ("the", "-word").
 */
export async function findArticlesForOffice(handle: Db, text: string, limit = officeMatchLimit): Promise<OfficeMatches | undefined> {
  const parsed = parseQuery(text);
  if (!isSearchable(parsed)) return undefined;
  const [published, drafts] = await Promise.all([newestMatches(handle, parsed, 'published', limit + 1), newestMatches(handle, parsed, 'drafts', limit + 1)]);
  return { ids: [...published.slice(0, limit), ...drafts.slice(0, limit)], capped: published.length > limit || drafts.length > limit };
}

/** The office's article list asks search through articles' answerOfficeSearch (articles sit below search); composeCapabilities() calls this. */
export function answerTheOfficesSearch(): void {
  answerOfficeSearch(findArticlesForOffice);
}
