import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createExpert } from '../experts/store.ts';
import { createArticle } from '../articles/store.ts';
import { getPortal } from './store.ts';

// The portals' picker reaches the whole archive: an article older than the sixty newest (all the old select
// offered) is found by its words, with JavaScript (the lookup) and without (the form's search), and added.

for (const kind of await databaseKinds()) {
  describe(`the portal picker searches the whole archive on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let oldest = 0;

    before(async () => {
      t = await startTestApp(kind);
      const expert = await createExpert(t.db.handle, { name: 'Archive Keeper', slug: 'archive-keeper' });
      const start = Date.parse('2024-01-01T00:00:00Z');
      oldest = (
        await createArticle(t.db.handle, {
          expertId: expert.id,
          title: 'A forgotten treatise on salt',
          lead: 'Lead.',
          bodyMarkdown: 'Salt roads of the Sahel, and who taxed them.',
          status: 'published',
          publishedAt: new Date(start - 400 * 86_400_000).toISOString(),
        })
      ).id;
      for (let i = 0; i < 70; i++) {
        await createArticle(t.db.handle, {
          expertId: expert.id,
          title: `Recent piece ${i}`,
          lead: 'Lead.',
          bodyMarkdown: 'Ordinary words.',
          status: 'published',
          publishedAt: new Date(start + i * 86_400_000).toISOString(),
        });
      }
      await createArticle(t.db.handle, { expertId: expert.id, title: 'Salt draft', lead: 'Lead.', bodyMarkdown: 'Salt again.', status: 'draft' });
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    test('with JavaScript: the lookup finds the old article by a word of its body, published ones only', async () => {
      const res = await t.app.inject({ url: '/admin/articles/lookup?status=published&q=salt', headers: { cookie: editor.cookie, accept: 'application/json' } });
      assert.equal(res.statusCode, 200);
      const answer = res.json() as { items: Array<{ id: string; label: string; hint: string }>; next_cursor: string | null };
      assert.deepEqual(answer.items, [{ id: String(oldest), label: 'A forgotten treatise on salt', hint: 'Archive Keeper · Published · 2022-11-27' }]);
      // Without words: the newest, 20 a page, and the cursor reaches the oldest.
      let cursor: string | null = null;
      const seen: string[] = [];
      do {
        const page = (await t.app.inject({ url: `/admin/articles/lookup?status=published${cursor ? `&cursor=${cursor}` : ''}`, headers: { cookie: editor.cookie } })).json() as typeof answer;
        seen.push(...page.items.map((i) => i.id));
        cursor = page.next_cursor;
      } while (cursor);
      assert.equal(seen.length, 71);
      assert.equal(seen[seen.length - 1], String(oldest), 'the oldest comes last');
    });

    test('without JavaScript: words and Add show the matches, each with its own Add, and the old article is added', async () => {
      const found = await editor.post('/admin/portals/researchers/articles', { add: 'treatise salt' });
      assert.equal(found.statusCode, 200);
      assert.match(found.body, /Published articles matching “treatise salt”/);
      assert.match(found.body, /A forgotten treatise on salt/);
      assert.doesNotMatch(found.body, /Salt draft/);
      assert.match(found.body, new RegExp(`name="add" value="${oldest}"`));
      assert.match(found.body, /value="treatise salt"/, 'the field keeps the words');
      const added = await editor.post('/admin/portals/researchers/articles', { add: String(oldest) });
      assert.equal(added.headers.location, '/admin/portals/researchers?notice=added');
      assert.deepEqual((await getPortal(t.db.handle, 'researchers')).articleIds, [oldest]);
      const again = await editor.post('/admin/portals/researchers/articles', { add: 'treatise' });
      assert.match(again.body, /No published article outside the list matches these words/, 'what is in the list already is not offered');
      const empty = await editor.post('/admin/portals/researchers/articles', { add: '   ' });
      assert.match(empty.body, /The newest published articles/);
      assert.match(empty.body, /Recent piece 69/);
      assert.match(empty.body, /More than 20 articles match/);
    });

    test('hostile words are shown escaped and never fail; authors may not search to add', async () => {
      for (const evil of [...hostileStrings, 'NEAR(', '"', '-', 'x'.repeat(5000)]) {
        const res = await editor.post('/admin/portals/students/articles', { add: evil });
        assert.equal(res.statusCode, 200, evil);
        assert.doesNotMatch(res.body, /<script>alert|<img src=x|<svg onload/);
      }
      const refused = await author.post('/admin/portals/students/articles', { add: 'salt' });
      assert.equal(refused.statusCode, 403);
      assert.doesNotMatch(refused.body, /forgotten treatise/);
      assert.deepEqual((await getPortal(t.db.handle, 'students')).articleIds, []);
    });
  });
}
