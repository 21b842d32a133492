import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, type Insertable } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import type { Db } from '../schema.ts';
import type { ArticlesTable } from '../articles/tables.ts';
import { createExpert } from '../experts/store.ts';
import { ensureTag } from '../tags/store.ts';
import { listPublishedArticles } from '../articles/store.ts';
import { searchArticles, type SearchRequest } from './search.ts';
import { facetTokens } from './documents.ts';
import type { SearchDocumentsTable } from './tables.ts';

// Enough rows that a wrong plan (a scan of the documents, a sort of every match) would be a real cost;
// written in bulk, as rows, so that the test stays fast.
const articleCount = 4000;
const batch = 400;

interface Plan {
  sql: string;
  plan: string[];
}

/** Every statement `run` sends, with SQLite's plan for it (EXPLAIN QUERY PLAN, with the same parameters). */
async function plansOf(handle: Db, run: (handle: Db) => Promise<unknown>): Promise<Plan[]> {
  const compiled: CompiledQuery[] = [];
  const executor = handle.db.getExecutor();
  const recording = handle.db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      compiled.push(executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  await run({ ...handle, db: recording });
  const plans: Plan[] = [];
  for (const query of compiled) {
    const { rows } = await handle.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    plans.push({ sql: query.sql, plan: rows.map((r) => r.detail) });
  }
  return plans;
}

/**
 * A table read whole: SQLite says SCAN for it. json_each and full-text lookups are scans of their own kind, and
 * fine; so are the search's own candidates (found, ranked, page; r and w within it), at most candidateLimit + 1 rows.
 */
const boundedSets = /^SCAN (found|ranked|page|r|w)$/;
const tableScans = (plans: Plan[]) => plans.flatMap((p) => p.plan.filter((line) => /^SCAN /.test(line) && !/VIRTUAL TABLE|json_each|^SCAN CONSTANT ROW/.test(line) && !boundedSets.test(line)));
const describePlans = (plans: Plan[]) => plans.map((p) => `${p.sql}\n  ${p.plan.join('\n  ')}`).join('\n');

describe('SQLite query plans at some thousands of articles', () => {
  let t: TestDatabase;
  let expertIds: number[];
  let tagIds: number[];

  before(async () => {
    t = await createTestDatabase('sqlite');
    expertIds = [];
    for (let i = 0; i < 10; i++) expertIds.push((await createExpert(t.handle, { name: `Planner ${i}` })).id);
    tagIds = [(await ensureTag(t.handle, 'Energy')).id, (await ensureTag(t.handle, 'Trade')).id];
    const start = Date.parse('2020-01-01T00:00:00.000Z');
    for (let first = 1; first <= articleCount; first += batch) {
      const articles: Array<Insertable<ArticlesTable>> = [];
      const documents: SearchDocumentsTable[] = [];
      const tags: Array<{ articleId: number; tagId: number; name: string }> = [];
      for (let id = first; id < first + batch; id++) {
        const expertId = expertIds[id % expertIds.length]!;
        const tagId = tagIds[id % tagIds.length]!;
        const publishedAt = new Date(start + id * 3_600_000).toISOString();
        const title = `Report ${id} on ${id % 7 === 0 ? 'tariffs' : 'harvests'}`;
        const lead = `A lead about grain, number ${id}.`;
        const body = `The common words of every report, grain and policy, and ${id % 50 === 0 ? 'a rare zeppelin' : 'nothing rare'}.`;
        articles.push({
          id,
          expertId,
          slug: `report-${id}`,
          title,
          lead,
          bodyMarkdown: body,
          bodyHtml: `<p>${body}</p>`,
          status: 'published',
          language: 'en',
          featured: 0,
          publishedAt,
          createdAt: publishedAt,
          updatedAt: publishedAt,
        });
        documents.push({
          articleId: id,
          expertId,
          language: 'en',
          publishedAt,
          title,
          lead,
          body,
          expertName: `Planner ${id % 10}`,
          tagNames: 'Energy',
          facets: [facetTokens.expert(expertId), facetTokens.language('en'), facetTokens.tag(tagId)].join(' '),
        });
        tags.push({ articleId: id, tagId, name: 'Energy' });
      }
      await t.handle.db.insertInto('articles').values(articles).execute();
      await t.handle.db
        .insertInto('articleTags')
        .values(tags.map(({ articleId, tagId }) => ({ articleId, tagId })))
        .execute();
      await t.handle.db.insertInto('searchDocuments').values(documents).execute();
      await t.handle.db.insertInto('searchDocumentTags').values(tags).execute();
    }
  });
  after(() => t.drop());

  const searches: Array<[string, SearchRequest]> = [
    ['a word in every document', { query: 'grain' }],
    ['a rare word', { query: 'zeppelin' }],
    ['a phrase', { query: '"grain and policy"' }],
    ['an exclusion', { query: 'grain -tariffs' }],
    ['by date, third page', { query: 'policy', sort: 'date', page: 3 }],
    ['an expert', { query: 'grain', filters: { expertId: 1 } }],
    ['tags', { query: 'grain', filters: { tagIds: [1, 2] } }],
    ['a language', { query: 'grain', filters: { language: 'en' } }],
    ['dates', { query: 'grain', filters: { from: '2020-02-01', to: '2020-02-10' } }],
  ];
  for (const [name, request] of searches) {
    test(`search, ${name}: full-text lookups and index searches, no table scan and no sort but the page's`, async () => {
      const plans = await plansOf(t.handle, async (handle) => {
        const result = await searchArticles(handle, request);
        assert.ok(result.items.length > 0, `${name} finds something`);
      });
      const text = describePlans(plans);
      assert.deepEqual(tableScans(plans), [], text);
      // The only sorts are the page's, of the ranked candidates (at most candidateLimit) and of its rows, in the
      // statement that ranks them.
      const sorts = plans.flatMap((p) => p.plan.filter((line) => /TEMP B-TREE/.test(line)).map(() => /^\s*with found as materialized/.test(p.sql)));
      assert.ok(sorts.length > 0 && sorts.every(Boolean), `only the ranked candidates sorted by SQLite:\n${text}`);
      const planOf = (pattern: RegExp) => plans.find((p) => pattern.test(p.sql))?.plan.join('\n') ?? '';
      // The candidates come from the terms' FTS5 table newest first: the index number 192 is FTS5's "ORDER BY rowid
      // DESC" (its bits 0x40 and 0x80), so FTS5 reads in that order and stops at the limit; M is the MATCH.
      assert.match(planOf(/order by (f\.)?rowid desc limit/), /SCAN (f|search_terms_fts) VIRTUAL TABLE INDEX 192:M/, text);
      // Ranking asks the short columns' index, each expression within the candidates' band of rowids (> and <).
      assert.match(planOf(/search_head_terms_fts/), /SCAN h VIRTUAL TABLE INDEX \d+:M\d*></, text);
      // The page's rows are read with their text by their ids, not the whole match.
      assert.match(planOf(/with found as materialized/), /SEARCH d USING INTEGER PRIMARY KEY \(rowid=\?\)/, text);
      if (request.filters?.from !== undefined || request.sort === 'date') {
        // With dates, each candidate's is read through the covering index, by rowid.
        assert.match(planOf(/order by f\.rowid desc limit/), /SEARCH d USING COVERING INDEX search_documents_filter_idx \(article_id=\?/, text);
      } else {
        assert.match(planOf(/published_at > \?/), /SEARCH search_documents USING COVERING INDEX search_documents_published_idx \(published_at>\?\)/, text);
      }
      if (request.filters?.from !== undefined) {
        assert.match(planOf(/min\(article_id\)/), /SEARCH search_documents USING COVERING INDEX search_documents_published_idx \(published_at>\? AND published_at<\?\)/, text);
      }
    });
  }

  const listings: Array<[string, (handle: Db) => Promise<unknown>]> = [
    ['the newest', (handle) => listPublishedArticles(handle, { limit: 11 })],
    ['after a cursor', (handle) => listPublishedArticles(handle, { limit: 11, cursor: { key: '2020-03-01T00:00:00.000Z', id: 1440 } })],
    ['an expert', (handle) => listPublishedArticles(handle, { limit: 11, expertId: expertIds[3] })],
    ['a tag', (handle) => listPublishedArticles(handle, { limit: 11, tagId: tagIds[0] })],
  ];
  for (const [name, list] of listings) {
    test(`the public listing API's query, ${name}: an index in publication order, no table scan and no sort`, async () => {
      const plans = await plansOf(t.handle, list);
      const text = describePlans(plans);
      // A tag's listing first asks (from the tag's index) whether the tag is common enough to walk the articles in order.
      const listing = plans.filter((p) => /from "articles"/.test(p.sql));
      assert.equal(listing.length, 1, text);
      // "SCAN capped" walks the tag's count subquery (at most its limit of rows), not a table.
      assert.deepEqual(
        tableScans(plans).filter((line) => line !== 'SCAN capped'),
        [],
        text,
      );
      assert.ok(
        listing[0]!.plan.some((line) => /SEARCH articles USING INDEX articles_(expert_)?published_idx/.test(line)),
        text,
      );
      assert.ok(!plans.some((p) => p.plan.some((line) => /TEMP B-TREE/.test(line))), text);
    });
  }
});
