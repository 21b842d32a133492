import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import type { Db } from '../schema.ts';
import { createExpert } from '../experts/store.ts';
import { createTag } from '../tags/store.ts';
import { encodeCursor } from '../core/cursor.ts';
import { latestPublishedByExpert, listPublishedArticles, publishedTagIds, tagWalkThreshold } from './store.ts';

// The listings of the public pages must cost what one page costs, whatever the size of the archive:
// these read the plans the engines choose for them on an archive large enough that reading everything
// and sorting it would also be a candidate, with the statistics a running site has (ANALYZE).

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
  describe(`public listings use their indexes on ${kind}`, () => {
    let t: TestDatabase;
    const tags = { common: 0, rare: 0 };
    const expertIds: number[] = [];
    let deepCursor = '';

    before(async () => {
      t = await createTestDatabase(kind);
      const { db } = t.handle;
      for (let i = 0; i < expertCount; i++) expertIds.push((await createExpert(t.handle, { name: `Expert ${i + 1}` })).id);
      tags.common = (await createTag(t.handle, { name: 'Common', kind: 'topic' })).id;
      tags.rare = (await createTag(t.handle, { name: 'Rare', kind: 'topic' })).id;
      await createTag(t.handle, { name: 'Drafts only', kind: 'topic' });
      // One article an hour going back, every tenth a draft; "Common" on every other article, "Rare" on five.
      const start = Date.parse('2025-01-01T00:00:00Z');
      for (let first = 0; first < articleCount; first += 500) {
        const ids = Array.from({ length: Math.min(500, articleCount - first) }, (_, k) => first + k + 1);
        const at = (id: number) => new Date(start - id * 3_600_000).toISOString();
        await db
          .insertInto('articles')
          .values(
            ids.map((id) => ({
              id,
              expertId: expertIds[id % expertCount]!,
              slug: `article-${id}`,
              title: `Article ${id}`,
              lead: 'Lead.',
              language: 'en',
              featured: 0,
              status: id % 10 === 0 ? 'draft' : 'published',
              publishedAt: id % 10 === 0 ? null : at(id),
              createdAt: at(id),
              updatedAt: at(id),
              bodyMarkdown: 'Body.',
              bodyHtml: '<p>Body.</p>',
            })),
          )
          .execute();
        const tagRows = ids.flatMap((id) => [...(id % 2 === 1 ? [{ articleId: id, tagId: tags.common }] : []), ...(id % 1000 === 1 ? [{ articleId: id, tagId: tags.rare }] : [])]);
        await db.insertInto('articleTags').values(tagRows).execute();
      }
      if (kind === 'postgres') await sql`select setval(pg_get_serial_sequence('articles', 'id'), ${articleCount})`.execute(db);
      await sql`analyze`.execute(db);
      deepCursor = encodeCursor({ key: new Date(start - (articleCount / 2 + 1) * 3_600_000).toISOString(), id: articleCount / 2 + 1 });
    });

    after(async () => {
      await t.drop();
    });

    test('a common tag is listed newest first along the published index, each article checked for the tag: no sort, no list of all its articles', async () => {
      const cursor = { key: Buffer.from(deepCursor, 'base64url').toString().split('|')[0]!, id: articleCount / 2 + 1 };
      for (const q of [{ tagId: tags.common }, { tagId: tags.common, cursor }, { tagIds: [tags.common, tags.rare] }]) {
        const plans = await plansOf(t.handle, (h) => listPublishedArticles(h, { ...q, limit: 13 }));
        const listing = plans[plans.length - 1]!;
        if (kind === 'sqlite') {
          assert.match(listing, /SEARCH articles USING (COVERING )?INDEX articles_published_idx/, listing);
          assert.doesNotMatch(listing, /TEMP B-TREE|LIST SUBQUERY|SCAN article_tags/, listing);
        } else {
          // Either walk is in order and reads only published rows' neighbours: the status index, or the office's
          // (published_at, id) of 0042 with the status checked on the way (published articles are nearly all that have a date).
          assert.match(listing, /Index (Only )?Scan( Backward)? using articles_published(_at)?_idx/, listing);
          assert.doesNotMatch(listing, /Sort|Seq Scan on article_tags|Hash/, listing);
        }
      }
    });

    test('a rare tag reads its few articles and sorts them, rather than walking the archive', async () => {
      const plans = await plansOf(t.handle, (h) => listPublishedArticles(h, { tagId: tags.rare, limit: 13 }));
      const listing = plans[plans.length - 1]!;
      assert.match(listing, kind === 'sqlite' ? /article_tags_tag_idx/ : /article_tags_tag_idx|article_tags_pk/, listing);
      assert.doesNotMatch(listing, kind === 'sqlite' ? /SCAN articles/ : /Seq Scan/, listing);
    });

    test('the threshold between the two is counted along the tag index, stopping at the threshold', async () => {
      const rows = await listPublishedArticles(t.handle, { tagId: tags.common, limit: 5 });
      assert.ok(tagWalkThreshold < articleCount / 2, 'the common tag is common by the threshold');
      assert.deepEqual(
        rows.map((r) => r.id),
        [1, 3, 5, 7, 9],
      );
      assert.deepEqual(
        (await listPublishedArticles(t.handle, { tagId: tags.rare, limit: 13 })).map((r) => r.id),
        [1, 1001, 2001, 3001, 4001, 5001],
      );
    });

    test("each expert's newest article is one step along the expert's index, not a window over all their articles", async () => {
      const plans = await plansOf(t.handle, (h) => latestPublishedByExpert(h, expertIds));
      const plan = plans.join('\n');
      if (kind === 'sqlite') {
        assert.match(plan, /articles_expert_published_idx/, plan);
        assert.doesNotMatch(plan, /SCAN articles|TEMP B-TREE/, plan);
      } else {
        assert.match(plan, /Index (Only )?Scan Backward using articles_expert_published_idx/, plan);
        assert.doesNotMatch(plan, /WindowAgg|Seq Scan on articles|Sort/, plan);
      }
      const latest = await latestPublishedByExpert(t.handle, expertIds);
      // The expert at position p wrote the articles whose id is p modulo 20, the newest being id p; those at
      // 0 and 10 wrote only drafts (every tenth article), and have none.
      assert.deepEqual(
        latest.map((a) => a.id).sort((a, b) => a - b),
        Array.from({ length: expertCount - 1 }, (_, i) => i + 1).filter((id) => id !== 10),
      );
    });

    test('the tags readers may see are found tag by tag, each stopping at its first published article', async () => {
      const plans = await plansOf(t.handle, (h) => publishedTagIds(h));
      const plan = plans.join('\n');
      if (kind === 'sqlite') {
        assert.match(plan, /SEARCH article_tags USING COVERING INDEX article_tags_tag_idx \(tag_id=\?\)/, plan);
        assert.doesNotMatch(plan, /SCAN article_tags|SCAN articles/, plan);
      } else {
        assert.doesNotMatch(plan, /Seq Scan on article_tags|Seq Scan on articles/, plan);
      }
      assert.deepEqual([...(await publishedTagIds(t.handle))].sort(), [tags.common, tags.rare].sort());
    });
  });
}
