import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../schema.ts';
import { createExpert } from '../experts/store.ts';
import { ensureTag } from '../tags/store.ts';
import { createUser } from '../users/store.ts';
import { nowIso } from '../db/time.ts';
import { createArticle, saveArticleChanges, nextScheduledPublication, updateArticle } from './store.ts';
import { expertOfLastSave, getRevision, listRevisions } from './revisions.ts';

for (const kind of await databaseKinds()) {
  describe(`article revisions on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    test('each save is a numbered snapshot with its tags, saver and note; autosaves fold per person', async () => {
      const expert = await createExpert(t.handle, { name: 'Snapshot Keeper' });
      const user = await createUser(t.handle, { email: 'keeper@rostrum.test', role: 'author', expertId: expert.id });
      const tag = await ensureTag(t.handle, 'Arctic');
      const article = await createArticle(t.handle, { expertId: expert.id, title: 'First', lead: 'L', bodyMarkdown: 'One', status: 'draft', tagIds: [tag.id] }, { userId: user.id, note: 'Created' });
      await updateArticle(t.handle, article.id, { bodyMarkdown: 'Two' }, { userId: user.id, note: 'Autosave', autosave: true });
      const folded = await saveArticleChanges(t.handle, article.id, { bodyMarkdown: 'Three' }, { userId: user.id, note: 'Autosave', autosave: true });
      assert.deepEqual([folded!.revision, folded!.folded], [2, true]);
      await updateArticle(t.handle, article.id, { title: 'Second', tagIds: [] }, { userId: user.id, note: 'Saved draft' });
      const next = await saveArticleChanges(t.handle, article.id, { bodyMarkdown: 'Four' }, { userId: user.id, note: 'Autosave', autosave: true });
      assert.deepEqual([next!.revision, next!.folded], [4, false], 'an autosave after a real save starts a new revision');
      const revisions = await listRevisions(t.handle, article.id);
      assert.deepEqual(
        revisions.map((r) => [r.number, r.note, r.title, r.tags]),
        [
          [4, 'Autosave', 'Second', ''],
          [3, 'Saved draft', 'Second', ''],
          [2, 'Autosave', 'First', 'arctic'],
          [1, 'Created', 'First', 'arctic'],
        ],
      );
      assert.equal((await getRevision(t.handle, article.id, 2))!.bodyMarkdown, 'Three');
      assert.equal(await expertOfLastSave(t.handle, user.id), expert.id);
      assert.equal(await expertOfLastSave(t.handle, 999_999), undefined);
    });

    test('concurrent saves of one article take distinct numbers', async () => {
      const expert = await createExpert(t.handle, { name: 'Racer' });
      const article = await createArticle(t.handle, { expertId: expert.id, title: 'Raced', lead: 'L', bodyMarkdown: 'B', status: 'draft' });
      await Promise.all(Array.from({ length: 8 }, (_, i) => updateArticle(t.handle, article.id, { bodyMarkdown: `Body ${i}` }, { userId: null, note: `Save ${i}` })));
      const numbers = (await listRevisions(t.handle, article.id)).map((r) => r.number).sort((a, b) => a - b);
      assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    test('the next scheduled publication is the earliest future time of a published article', async () => {
      const expert = await createExpert(t.handle, { name: 'Scheduler' });
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      const later = new Date(Date.now() + 7_200_000).toISOString();
      await createArticle(t.handle, { expertId: expert.id, title: 'Later', lead: 'L', bodyMarkdown: 'B', status: 'published', publishedAt: later });
      await createArticle(t.handle, { expertId: expert.id, title: 'Soon', lead: 'L', bodyMarkdown: 'B', status: 'published', publishedAt: soon });
      await createArticle(t.handle, { expertId: expert.id, title: 'Draft with a time', lead: 'L', bodyMarkdown: 'B', status: 'draft', publishedAt: new Date(Date.now() + 60_000).toISOString() });
      await createArticle(t.handle, { expertId: expert.id, title: 'Past', lead: 'L', bodyMarkdown: 'B', status: 'published', publishedAt: '2020-01-01T00:00:00.000Z' });
      const next = await nextScheduledPublication(t.handle);
      assert.ok(next !== undefined && next <= soon && next > nowIso());
    });
  });

  test(`articles written before revisions were kept start their history on migration (${kind})`, async () => {
    const db = await createTestDatabase(kind, {}, { migrate: false });
    try {
      const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0014'));
      await migrateToLatest(db.handle, earlier);
      const { db: k } = db.handle;
      const now = nowIso();
      const expert = await k
        .insertInto('experts')
        .values({ slug: 'old-hand', name: 'Old Hand', position: '', affiliation: '', bio: '', photoMediaId: null, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const article = await k
        .insertInto('articles')
        .values({
          expertId: expert.id,
          slug: 'old-piece',
          title: 'Old piece',
          lead: 'L',
          bodyMarkdown: 'Old body',
          bodyHtml: '<p>Old body</p>',
          status: 'published',
          publishedAt: now,
          createdAt: now,
          updatedAt: now,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const slug of ['trade', 'energy']) {
        const tag = await k.insertInto('tags').values({ slug, name: slug, kind: 'topic' }).returning('id').executeTakeFirstOrThrow();
        await k.insertInto('articleTags').values({ articleId: article.id, tagId: tag.id }).execute();
      }
      await migrateToLatest(db.handle, migrations);
      const [first] = await listRevisions(db.handle, article.id);
      assert.ok(first);
      assert.deepEqual([first.number, first.userId, first.title, first.status, first.tags.split(',').sort().join(',')], [1, null, 'Old piece', 'published', 'energy,trade']);
    } finally {
      await db.drop();
    }
  });
}
