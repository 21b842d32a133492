import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';

for (const kind of await databaseKinds()) {
  describe(`portals, settings, tags and experts over HTTP on ${kind}`, () => {
    let t: TestApp;
    let articleId: number;
    before(async () => {
      t = await startTestApp(kind);
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Portal Expert' } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'portal-expert', title: 'Supply chains for managers', lead: 'What to watch.', body: 'Text.', status: 'published' },
      });
      articleId = (res.json() as { id: number }).id;
    });
    after(() => t.close());

    test('an editor writes a portal text and curates its list; the portal page shows both', async () => {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/portals/business',
        headers: bearer(t.tokens.editor),
        payload: { title: 'For business', intro: 'Briefings for **decision makers**.\n\n<script>alert(1)</script>', articles: [articleId] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const page = await t.app.inject({ url: '/for-business' });
      assert.match(page.body, /Briefings for <strong>decision makers<\/strong>/);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /Selected for you[\s\S]*Supply chains for managers[\s\S]*Latest analysis/);
      const refused = [
        { url: '/api/v1/portals/business', token: t.tokens.author, payload: { title: 'X' }, status: 403 },
        { url: '/api/v1/portals/everyone', token: t.tokens.editor, payload: { title: 'X' }, status: 404 },
        { url: '/api/v1/portals/business', token: t.tokens.editor, payload: { articles: [99999] }, status: 422 },
        { url: '/api/v1/portals/business', token: t.tokens.editor, payload: { articles: 'all' }, status: 422 },
      ];
      for (const r of refused) {
        const answer = await t.app.inject({ method: 'PUT', url: r.url, headers: bearer(r.token), payload: r.payload });
        assert.equal(answer.statusCode, r.status, JSON.stringify(r.payload));
      }
    });

    test('an admin renames the site and changes its brand colour; every page follows', async () => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { name: 'Meridian <Council>', brand_color: '#1d4e89' } });
      assert.equal(res.statusCode, 200, res.body);
      const home = await t.app.inject({ url: '/' });
      assert.match(home.body, /<title>Meridian &lt;Council><\/title>/);
      const stylesheet = /<link rel="stylesheet" href="(\/assets\/screen\.[0-9a-f]{12}\.css)"/.exec(home.body)?.[1];
      assert.ok(stylesheet, 'the page links one screen stylesheet');
      assert.ok((await t.app.inject({ url: stylesheet })).body.endsWith(':root{--brand:#1d4e89}'), 'with the brand colour in it');
      const css = await t.app.inject({ url: '/assets/brand.css?c=1d4e89' });
      assert.equal(css.body, ':root{--brand:#1d4e89}');
      const hostileCss = await t.app.inject({ url: '/assets/brand.css?c=red;}body{display:none' });
      assert.equal(hostileCss.body, ':root{--brand:#8a1c2b}');
      const bad = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { brand_color: 'red;}' } });
      assert.equal(bad.statusCode, 422);
      assert.equal((bad.json() as { error: { field: string } }).error.field, 'brand_color');
    });

    test('tags and expert profiles are managed by editors; slugs clash with 409', async () => {
      const tag = await t.app.inject({ method: 'POST', url: '/api/v1/tags', headers: bearer(t.tokens.editor), payload: { name: 'South Asia', kind: 'region' } });
      assert.equal(tag.statusCode, 201);
      assert.equal((tag.json() as { slug: string }).slug, 'south-asia');
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/tags', headers: bearer(t.tokens.editor), payload: { name: 'X', kind: 'planet' } })).statusCode, 422);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/tags', headers: bearer(t.tokens.editor), payload: { name: 'South Asia', kind: 'country' } })).statusCode, 409);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/tags', headers: bearer(t.tokens.editor), payload: { name: '!!!' } })).statusCode, 422);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/tags', headers: bearer(t.tokens.author), payload: { name: 'Mine' } })).statusCode, 403);
      const hidden = (await t.app.inject({ url: '/api/v1/public/tags' })).json() as { items: Array<{ slug: string; kind: string }> };
      assert.ok(!hidden.items.some((i) => i.slug === 'south-asia'), 'a tag no published article carries is not listed');
      await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${articleId}`, headers: bearer(t.tokens.editor), payload: { tags: ['South Asia'] } });
      const tags = (await t.app.inject({ url: '/api/v1/public/tags' })).json() as { items: Array<{ slug: string; kind: string }> };
      assert.ok(tags.items.some((i) => i.slug === 'south-asia' && i.kind === 'region'));
      const clash = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Someone', slug: 'portal-expert' } });
      assert.equal(clash.statusCode, 409);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/experts/portal-expert',
        headers: bearer(t.tokens.admin),
        payload: { title: 'Director, Trade Programme', bio: 'Writes about trade.' },
      });
      assert.equal(patched.statusCode, 200);
      const blog = await t.app.inject({ url: '/blogs/portal-expert' });
      assert.match(blog.body, /Director, Trade Programme/);
      assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/experts/portal-expert', headers: bearer(t.tokens.editor) })).statusCode, 403);
      const deleted = await t.app.inject({ method: 'DELETE', url: '/api/v1/experts/portal-expert', headers: bearer(t.tokens.admin) });
      assert.equal(deleted.statusCode, 204);
      assert.equal((await t.app.inject({ url: '/blogs/portal-expert' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/blogs/portal-expert/supply-chains-for-managers' })).statusCode, 404);
    });
  });
}
