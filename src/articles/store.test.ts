import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { createExpert } from '../experts/store.ts';
import { ensureTag } from '../tags/store.ts';
import { createArticle, getPublishedArticle, listPublishedArticles, tagIdsByArticle, updateArticle, getFeaturedArticle } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`article store on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    test('slugs come from titles and stay unique per expert, not across experts', async () => {
      const a = await createExpert(t.handle, { name: 'Amal Haddad' });
      const b = await createExpert(t.handle, { name: 'Amal Haddad' });
      assert.equal(a.slug, 'amal-haddad');
      assert.equal(b.slug, 'amal-haddad-2');
      const input = { title: 'Undercurrents in the Caspian', lead: 'L', bodyMarkdown: 'B', status: 'draft' as const };
      const first = await createArticle(t.handle, { ...input, expertId: a.id });
      const second = await createArticle(t.handle, { ...input, expertId: a.id });
      const other = await createArticle(t.handle, { ...input, expertId: b.id });
      assert.deepEqual([first.slug, second.slug, other.slug], ['undercurrents-in-the-caspian', 'undercurrents-in-the-caspian-2', 'undercurrents-in-the-caspian']);
      await assert.rejects(createArticle(t.handle, { ...input, expertId: a.id, slug: first.slug }), 'the database refuses a duplicate slug even when a caller skips the check');
    });

    test('publishing sets the time once; the HTML is rendered at save', async () => {
      const e = await createExpert(t.handle, { name: 'Publisher' });
      const draft = await createArticle(t.handle, { expertId: e.id, title: 'Draft', lead: 'L', bodyMarkdown: 'Hello *world*', status: 'draft' });
      assert.equal(draft.publishedAt, null);
      assert.equal(draft.bodyHtml, '<p>Hello <em>world</em></p>\n');
      const published = (await updateArticle(t.handle, draft.id, { status: 'published' }))!;
      assert.ok(published.publishedAt && Date.now() - Date.parse(published.publishedAt) < 60_000);
      const edited = (await updateArticle(t.handle, draft.id, { bodyMarkdown: 'Changed' }))!;
      assert.equal(edited.publishedAt, published.publishedAt);
      assert.equal(edited.bodyHtml, '<p>Changed</p>\n');
      assert.ok(await getPublishedArticle(t.handle, e.id, 'draft'));
    });

    test('keyset pages follow (published_at, id) with ties and filters by expert and tag', async () => {
      const e = await createExpert(t.handle, { name: 'Keyset' });
      const tag = await ensureTag(t.handle, 'Arctic', 'region');
      const same = '2023-05-01T00:00:00.000Z';
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) {
        const article = await createArticle(t.handle, {
          expertId: e.id,
          title: `K${i}`,
          lead: 'L',
          bodyMarkdown: 'B',
          status: 'published',
          publishedAt: i < 4 ? same : `2023-06-0${i}T00:00:00.000Z`,
          tagIds: i % 2 ? [tag.id] : [],
        });
        ids.push(article.id);
      }
      const walked: string[] = [];
      let cursor: { key: string; id: number } | undefined;
      for (;;) {
        const page = await listPublishedArticles(t.handle, { expertId: e.id, limit: 3, cursor });
        walked.push(...page.map((p) => p.title));
        if (page.length < 3) break;
        const last = page[page.length - 1]!;
        cursor = { key: last.publishedAt!, id: last.id };
      }
      assert.deepEqual(walked, ['K6', 'K5', 'K4', 'K3', 'K2', 'K1', 'K0']);
      const tagged = await listPublishedArticles(t.handle, { tagId: tag.id, limit: 10 });
      assert.deepEqual(
        tagged.map((a) => a.title),
        ['K5', 'K3', 'K1'],
      );
      const tags = await tagIdsByArticle(t.handle, [ids[1]!, ids[2]!]);
      assert.deepEqual(tags.get(ids[1]!), [tag.id]);
      assert.equal(tags.get(ids[2]!), undefined);
    });

    test('one featured article at a time', async () => {
      const e = await createExpert(t.handle, { name: 'Featured' });
      const one = await createArticle(t.handle, { expertId: e.id, title: 'One', lead: 'L', bodyMarkdown: 'B', status: 'published', publishedAt: '2020-01-01T00:00:00Z', featured: true });
      assert.equal((await getFeaturedArticle(t.handle))!.id, one.id);
      const two = await createArticle(t.handle, { expertId: e.id, title: 'Two', lead: 'L', bodyMarkdown: 'B', status: 'published', publishedAt: '2020-01-02T00:00:00Z' });
      await updateArticle(t.handle, two.id, { featured: true });
      assert.equal((await getFeaturedArticle(t.handle))!.id, two.id);
    });
  });
}
