import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { databaseKinds } from '../../test/databases.ts';

for (const kind of await databaseKinds()) {
  describe(`scheduled publication on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('an article scheduled for a moment ahead appears by itself on cached pages when the moment comes', async () => {
      const blog = '/blogs/author-expert';
      const before = await t.app.inject({ url: blog });
      assert.equal(before.statusCode, 200);
      const at = new Date(Date.now() + 1500).toISOString();
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Due at the stroke', lead: 'A lead.', body: 'A body.', status: 'published', published_at: at },
      });
      assert.equal(made.statusCode, 201, made.body);
      const article = made.json() as { url: string };
      const path = new URL(article.url).pathname;

      // Readers load the blog before the moment: the page is cached without the article.
      const early = await t.app.inject({ url: blog });
      assert.doesNotMatch(early.body, /Due at the stroke/);
      assert.equal((await t.app.inject({ url: path })).statusCode, 404, 'not public before its time');
      assert.doesNotMatch((await t.app.inject({ url: blog })).body, /Due at the stroke/, 'the cached page');

      await new Promise((resolve) => setTimeout(resolve, Date.parse(at) - Date.now() + 300));
      assert.match((await t.app.inject({ url: blog })).body, /Due at the stroke/, 'the cache was dropped at the moment');
      assert.equal((await t.app.inject({ url: path })).statusCode, 200);
    });
  });
}
