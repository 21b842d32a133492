import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';

for (const kind of await databaseKinds()) {
  describe(`search finds the site's own pages on ${kind}`, () => {
    let t: TestApp;
    const search = (query: string) => t.app.inject({ url: `/api/v1/public/search?${query}` });

    before(async () => {
      t = await startTestApp(kind);
      const create = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/pages', headers: bearer(t.tokens.editor), payload });
      await create({ title: 'Governance', path: 'governance', body: 'The board oversees the council’s governing documents and its audits.', status: 'published' });
      await create({ title: 'Contact <us>', path: 'contact', body: 'Write to the press office about governance questions.', status: 'published' });
      await create({ title: 'Secret plans', path: 'plans', body: 'Governance reform, not yet public.' });
    });
    after(() => t.close());

    test('published pages match by their words’ stems, title matches first; drafts never', async () => {
      const res = await search('q=governed');
      assert.equal(res.statusCode, 200, res.body);
      const pages = res.json().pages_of_site as Array<{ title: string; url: string; excerpt_html: string }>;
      assert.deepEqual(
        pages.map((p) => p.title),
        ['Governance', 'Contact <us>'],
      );
      assert.equal(pages[0]!.url, `${t.db.config.publicUrl}/governance`);
      assert.match(pages[1]!.excerpt_html, /<mark>governance<\/mark>/);
      assert.deepEqual(
        (await search('q="press office"')).json().pages_of_site.map((p: { title: string }) => p.title),
        ['Contact <us>'],
      );
      assert.deepEqual((await search('q=governance -press')).json().pages_of_site.length, 1);
      assert.deepEqual((await search('q=reform')).json().pages_of_site, []);
    });

    test('a search narrowed to an expert, a tag or a later page shows no site pages', async () => {
      assert.deepEqual((await search('q=governance&expert=author-expert')).json().pages_of_site, []);
      assert.deepEqual((await search('q=governance&page=2')).json().pages_of_site, []);
    });

    test('the search page lists them before the articles, escaped', async () => {
      const res = await t.app.inject({ url: '/search?q=governance' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Pages of this site/);
      assert.match(res.body, /<a href="\/contact">Contact &lt;us><\/a>|<a href="\/contact">Contact &lt;us&gt;<\/a>/);
      assert.match(res.body, /and 2 pages of the site/);
    });
  });
}
