import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import type { Db } from '../schema.ts';
import { createExpert } from '../experts/store.ts';
import { createTag } from '../tags/store.ts';
import { listArchivePage, type ListFilters, type ListScope } from './office-list.ts';
import type { Tag } from '../tags/store.ts';

// The office's article list must cost what one page costs, whatever the size of the archive and whichever
// filters are set: these read the plans the engines choose for its queries on an archive large enough that
// reading everything and sorting it would also be a candidate, with the statistics a running site has (ANALYZE),
// as listing-plans.test.ts does for the public listings.

/** Keeps the queries a piece of code runs, compiled as they were sent, to be explained afterwards. */
class QueryRecorder implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The plans of every query `run` sends, one text per query (SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN lines). */
async function plansOf(handle: Db, run: (recording: Db) => Promise<unknown>): Promise<string[]> {
  const recorder = new QueryRecorder();
  await run({ ...handle, db: handle.db.withPlugin(recorder) });
  const executor = handle.db.getExecutor();
  const plans: string[] = [];
  for (const node of recorder.nodes) {
    const compiled = executor.compileQuery(node, { queryId: 'plan' });
    const prefix = handle.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
    const { rows } = await handle.db.executeQuery<Record<string, string>>(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
    plans.push(rows.map((r) => (handle.dialect === 'sqlite' ? r.detail : Object.values(r)[0])).join('\n'));
  }
  return plans;
}

const articleCount = 6000;
const expertCount = 20;

for (const kind of await databaseKinds()) {
  describe(`the office's article list uses its indexes on ${kind}`, () => {
    let t: TestDatabase;
    const tags: { common?: Tag; rare?: Tag } = {};
    const expertIds: number[] = [];
    const start = Date.parse('2025-01-01T00:00:00Z');
    const at = (id: number) => new Date(start - id * 3_600_000).toISOString();

    before(async () => {
      t = await createTestDatabase(kind);
      const { db } = t.handle;
      for (let i = 0; i < expertCount; i++) expertIds.push((await createExpert(t.handle, { name: `Expert ${i + 1}`, slug: `expert-${i + 1}` })).id);
      tags.common = await createTag(t.handle, { name: 'Common', kind: 'topic' });
      tags.rare = await createTag(t.handle, { name: 'Rare', kind: 'topic' });
      // One article an hour going back; every tenth a draft, every fiftieth in review; "Common" on every other, "Rare" on five.
      for (let first = 0; first < articleCount; first += 500) {
        const ids = Array.from({ length: Math.min(500, articleCount - first) }, (_, k) => first + k + 1);
        await db
          .insertInto('articles')
          .values(
            ids.map((id) => {
              const status = id % 50 === 0 ? 'in_review' : id % 10 === 0 ? 'draft' : 'published';
              return {
                id,
                expertId: expertIds[id % expertCount]!,
                slug: `article-${id}`,
                title: `Article ${id}`,
                lead: 'Lead.',
                language: 'en',
                featured: 0,
                status,
                publishedAt: status === 'published' ? at(id) : null,
                createdAt: at(id),
                updatedAt: at(id),
                bodyMarkdown: 'Body.',
                bodyHtml: '<p>Body.</p>',
              } as const;
            }),
          )
          .execute();
        const tagRows = ids.flatMap((id) => [...(id % 2 === 1 ? [{ articleId: id, tagId: tags.common!.id }] : []), ...(id % 1000 === 1 ? [{ articleId: id, tagId: tags.rare!.id }] : [])]);
        await db.insertInto('articleTags').values(tagRows).execute();
      }
      if (kind === 'postgres') await sql`select setval(pg_get_serial_sequence('articles', 'id'), ${articleCount})`.execute(db);
      await sql`analyze`.execute(db);
    });

    after(async () => {
      await t.drop();
    });

    const all: ListScope = { all: true };
    const deep = { key: at(articleCount / 2), id: articleCount / 2 };

    /** The plan of the page's own query (the last one sent: resolving a co-author check comes first). */
    async function planOf(scope: ListScope, filters: ListFilters): Promise<string> {
      const plans = await plansOf(t.handle, (h) => listArchivePage(h, scope, filters, 50));
      return plans[plans.length - 1]!;
    }

    const cases = (): Array<[string, ListScope, ListFilters, RegExp]> => [
      ['everything, by last change', all, { dates: 'updated' }, /articles_updated_idx/],
      ['everything, deep', all, { dates: 'updated', cursor: deep }, /articles_updated_idx/],
      ['drafts', all, { dates: 'updated', shown: 'draft' }, /articles_status_updated_idx/],
      ['in review, deep', all, { dates: 'updated', shown: 'in_review', cursor: deep }, /articles_status_updated_idx/],
      ['an author’s own', { expertId: expertIds[3]! }, { dates: 'updated' }, /articles_expert_updated_idx/],
      ['an expert', all, { dates: 'updated', expert: { id: expertIds[5]! } as never }, /articles_expert_updated_idx/],
      ['an expert, deep', all, { dates: 'updated', expert: { id: expertIds[5]! } as never, cursor: deep }, /articles_expert_updated_idx/],
      ['by publication date', all, { dates: 'published' }, /articles_published_at_idx/],
      ['published within dates', all, { dates: 'published', shown: 'published', from: at(3000), before: at(2000) }, /articles_published_idx|articles_published_at_idx/],
      ['a common tag', all, { dates: 'updated', tag: tags.common! }, /articles_updated_idx/],
    ];

    test('each filter walks an index in the list’s order: no sort of the archive, no scan of it', async () => {
      for (const [label, scope, filters, index] of cases()) {
        const plan = await planOf(scope, filters);
        assert.match(plan, index, `${label}:\n${plan}`);
        if (kind === 'sqlite') assert.doesNotMatch(plan, /USE TEMP B-TREE FOR ORDER BY|SCAN articles\b(?! USING)/, `${label}:\n${plan}`);
        else assert.doesNotMatch(plan, /Seq Scan on articles|Sort Key: articles/, `${label}:\n${plan}`);
      }
    });

    test('a rare tag reads its few articles rather than walking the archive', async () => {
      const plan = await planOf(all, { dates: 'updated', tag: tags.rare! });
      assert.match(plan, kind === 'sqlite' ? /article_tags_tag_idx/ : /article_tags_tag_idx|article_tags_pk/, plan);
      assert.doesNotMatch(plan, kind === 'sqlite' ? /SCAN articles\b(?! USING)/ : /Seq Scan on articles/, plan);
    });

    test('the pages hold what the filters ask, in order', async () => {
      const drafts = await listArchivePage(t.handle, all, { dates: 'updated', shown: 'draft', cursor: deep }, 5);
      assert.deepEqual(
        drafts.items.map((a) => a.id),
        [3010, 3020, 3030, 3040, 3060],
      );
      const rare = await listArchivePage(t.handle, all, { dates: 'published', tag: tags.rare! }, 50);
      assert.deepEqual(
        rare.items.map((a) => a.id),
        [1, 1001, 2001, 3001, 4001, 5001],
      );
    });
  });
}
