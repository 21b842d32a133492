import { sql } from 'kysely';
import { authorIds, coauthorIdsByArticle, coWrittenArticleIdsOf } from '../articles/authors.ts';
import type { Db } from '../schema.ts';
import { articleSaved, getArticleById, listArticlesAfter, tagIdsByArticle, type Article } from '../articles/store.ts';
import { expertRenamed, getExpertsByIds } from '../experts/store.ts';
import { getTagsByIds, tagRemoved, tagRenamed } from '../tags/store.ts';
import { htmlToText, plainText, tagNameSeparator } from './text.ts';
import { sqliteTermsFunctions, termsVersion } from './terms.ts';
import { defineSqliteFunction } from '../db/connect.ts';
import type { SearchDocumentsTable } from './tables.ts';
import { indexDraft, indexDrafts } from './office.ts';

interface DocumentWithTags {
  document: SearchDocumentsTable;
  tags: Array<{ tagId: number; name: string }>;
}

const joinedNames = (tags: Array<{ name: string }>) => tags.map((t) => plainText(t.name)).join(tagNameSeparator);

/**
 * A document's filters as tokens for SQLite's full-text index, which matches them with the words (see
 * sqliteEngine). Each starts with a private-use character: FTS5's tokenizer keeps it in the token, and no
 * query can hold one (parseQuery keeps letters, marks and digits), so no reader's word finds a filter's
 * token. The rest is letters and digits, the language spelled in hex, so the tokenizer keeps each one whole.
 */
const facet = (name: string) => `\uE000${name}`;
export const facetTokens = {
  expert: (expertId: number) => facet(`e${expertId}`),
  tag: (tagId: number) => facet(`t${tagId}`),
  language: (language: string) => facet(`l${Buffer.from(language, 'utf8').toString('hex')}`),
};

/** The expert facet is the lead's, as PostgreSQL's index reads it from expert_id (migration 0023): the engines agree. */
const facetsOf = (expertId: number, language: string, tagIds: number[]) => [facetTokens.expert(expertId), facetTokens.language(language), ...tagIds.map(facetTokens.tag)].join(' ');

/** The search documents of these articles (the published ones), in three queries whatever their number. */
async function documentsOf(handle: Db, articles: Article[]): Promise<DocumentWithTags[]> {
  const published = articles.filter((a) => a.status === 'published' && a.publishedAt !== null);
  if (published.length === 0) return [];
  const coauthors = await coauthorIdsByArticle(
    handle,
    published.map((a) => a.id),
  );
  const [experts, tagIds] = await Promise.all([
    getExpertsByIds(handle, [...published.map((a) => a.expertId), ...[...coauthors.values()].flat()]),
    tagIdsByArticle(
      handle,
      published.map((a) => a.id),
    ),
  ]);
  const tags = await getTagsByIds(handle, [...tagIds.values()].flat());
  return published.map((a) => {
    const authors = authorIds(a, coauthors.get(a.id));
    const own = (tagIds.get(a.id) ?? []).flatMap((id) => {
      const tag = tags.get(id);
      return tag ? [{ tagId: id, name: tag.name }] : [];
    });
    const document: SearchDocumentsTable = {
      articleId: a.id,
      expertId: a.expertId,
      language: a.language,
      publishedAt: a.publishedAt!,
      title: plainText(a.title),
      lead: plainText(a.lead),
      body: htmlToText(a.bodyHtml),
      expertName: plainText(authors.map((id) => experts.get(id)?.name ?? '').join(', ')),
      tagNames: joinedNames(own),
      facets: facetsOf(
        a.expertId,
        a.language,
        own.map((t) => t.tagId),
      ),
    };
    return { document, tags: own };
  });
}

async function insertDocuments({ db }: Db, documents: DocumentWithTags[]): Promise<void> {
  if (documents.length === 0) return;
  await db
    .insertInto('searchDocuments')
    .values(documents.map((d) => d.document))
    .execute();
  const tagRows = documents.flatMap((d) => d.tags.map((t) => ({ articleId: d.document.articleId, ...t })));
  if (tagRows.length) await db.insertInto('searchDocumentTags').values(tagRows).execute();
}

/**
 * Brings one article's document up to date: indexed while published, gone otherwise. Observes the
 * article store's saves inside the save's transaction (pass the transaction's handle), so the index
 * never disagrees with what was saved.
 */
export async function indexArticle(handle: Db, articleId: number): Promise<void> {
  await handle.db.deleteFrom('searchDocuments').where('articleId', '=', articleId).execute();
  const article = await getArticleById(handle, articleId);
  if (article) await insertDocuments(handle, await documentsOf(handle, [article]));
}

/** An expert's new name reaches the documents of their articles; those written with others are made again. */
export async function renameExpertInSearch(handle: Db, expertId: number, name: string): Promise<void> {
  await handle.db
    .updateTable('searchDocuments')
    .set({ expertName: plainText(name) })
    .where('expertId', '=', expertId)
    .execute();
  for (const articleId of await coWrittenArticleIdsOf(handle, expertId)) await indexArticle(handle, articleId);
}

/** Documents whose tag text is rewritten per statement: bound parameters stay far below either database's limit. */
const refreshBatch = 500;

/** Rewrites the tag text of these documents from the tags they keep, a batch at a time. */
async function refreshTagNames({ db }: Db, articleIds: number[]): Promise<void> {
  for (let start = 0; start < articleIds.length; start += refreshBatch) {
    const batch = articleIds.slice(start, start + refreshBatch);
    const rows = await db.selectFrom('searchDocumentTags').select(['articleId', 'tagId', 'name']).where('articleId', 'in', batch).orderBy('tagId').execute();
    const documents = await db.selectFrom('searchDocuments').select(['articleId', 'expertId', 'language']).where('articleId', 'in', batch).execute();
    const tagsOf = new Map<number, Array<{ tagId: number; name: string }>>(batch.map((id) => [id, []]));
    for (const row of rows) tagsOf.get(row.articleId)!.push(row);
    for (const d of documents) {
      const tags = tagsOf.get(d.articleId)!;
      await db
        .updateTable('searchDocuments')
        .set({
          tagNames: joinedNames(tags),
          facets: facetsOf(
            d.expertId,
            d.language,
            tags.map((t) => t.tagId),
          ),
        })
        .where('articleId', '=', d.articleId)
        .execute();
    }
  }
}

async function documentsWithTag({ db }: Db, tagId: number): Promise<number[]> {
  return (await db.selectFrom('searchDocumentTags').select('articleId').where('tagId', '=', tagId).execute()).map((r) => r.articleId);
}

/** A tag's new name reaches the documents that carry it. */
export async function renameTagInSearch(handle: Db, tagId: number, name: string): Promise<void> {
  await handle.db.updateTable('searchDocumentTags').set({ name }).where('tagId', '=', tagId).execute();
  await refreshTagNames(handle, await documentsWithTag(handle, tagId));
}

/** Takes a tag off every document before the tag itself goes. */
export async function removeTagFromSearch(handle: Db, tagId: number): Promise<void> {
  const articleIds = await documentsWithTag(handle, tagId);
  await handle.db.deleteFrom('searchDocumentTags').where('tagId', '=', tagId).execute();
  await refreshTagNames(handle, articleIds);
}

const rebuildBatch = 500;

/** Indexes every published article afresh, in one transaction; returns how many documents the index holds. */
export async function rebuildSearchIndex(handle: Db): Promise<number> {
  return handle.db.transaction().execute(async (trx) => {
    const inTrx = { ...handle, db: trx };
    await trx.deleteFrom('searchDocuments').execute();
    await trx.deleteFrom('searchDrafts').execute();
    let indexed = 0;
    for (let afterId = 0; ;) {
      const batch = await listArticlesAfter(inTrx, afterId, rebuildBatch);
      if (batch.length === 0) break;
      afterId = batch[batch.length - 1]!.id;
      const documents = await documentsOf(inTrx, batch);
      await insertDocuments(inTrx, documents);
      await indexDrafts(inTrx, batch);
      indexed += documents.length;
    }
    await trx.deleteFrom('searchState').where('key', '=', 'rebuild').execute();
    // A bulk load leaves FTS5 with many small segments, each consulted by every query: merge them into one.
    if (handle.dialect === 'sqlite') {
      await trx
        .insertInto('searchState')
        .values({ key: termsVersionKey, value: termsVersion })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: termsVersion }))
        .execute();
      await sql`insert into search_head_terms_fts(search_head_terms_fts) values ('optimize')`.execute(trx);
      await sql`insert into search_terms_fts(search_terms_fts) values ('optimize')`.execute(trx);
    }
    return indexed;
  });
}

/** The search_state row that says which termsVersion made SQLite's terms. */
const termsVersionKey = 'sqlite_terms_version';

/**
 * Rebuilds the index if a migration asked for it (the first start after an upgrade), or if SQLite's terms were
 * made by another version of terms.ts than this one; otherwise does nothing.
 */
export async function ensureSearchIndex(handle: Db): Promise<void> {
  const state = new Map((await handle.db.selectFrom('searchState').select(['key', 'value']).execute()).map((r) => [r.key, r.value]));
  const termsOutOfStep = handle.dialect === 'sqlite' && state.get(termsVersionKey) !== termsVersion;
  if (state.has('rebuild') || termsOutOfStep) await rebuildSearchIndex(handle);
}

/**
 * Keeps the index current from within every write of what it is made of: articles, their experts' names,
 * their tags. Called once per process where the database is composed (src/schema.ts), so the app, the
 * CLI, the demo loader and tests that write through the stores all index in the writer's transaction.
 */
export function keepSearchIndexCurrent(): void {
  for (const f of sqliteTermsFunctions) defineSqliteFunction(f);
  articleSaved.observe(indexArticle);
  articleSaved.observe(indexDraft);
  expertRenamed.observe(renameExpertInSearch);
  tagRenamed.observe(renameTagInSearch);
  tagRemoved.observe(removeTagFromSearch);
}
