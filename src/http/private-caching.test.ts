import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { registeredRoutes, sampleUrl } from '../../test/routes.ts';

const isPrivate = (path: string) => path === '/admin' || path.startsWith('/admin/') || (path.startsWith('/api/') && !path.startsWith('/api/v1/public/'));

for (const kind of await databaseKinds()) {
  describe(`what browsers and proxies may keep, on ${kind}`, () => {
    let t: TestApp;
    let office: OfficeSession;
    let draftId: number;
    before(async () => {
      t = await startTestApp(kind);
      office = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      const draft = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'A draft nobody should keep', lead: 'Lead.', body: 'Body.', status: 'draft' },
      });
      assert.equal(draft.statusCode, 201, draft.body);
      draftId = (draft.json() as { id: number }).id;
    });
    after(() => t.close());

    test('a signed-in reading of a draft through the API is marked no-store', async () => {
      const res = await t.app.inject({ url: `/api/v1/articles/${draftId}`, headers: bearer(t.tokens.author) });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    test('every answer of every API route that needs a token, and of every office route, is no-store', async () => {
      const routes = registeredRoutes(t.app).filter((route) => isPrivate(route.path));
      assert.ok(routes.length > 60, `only ${routes.length} private routes found`);
      // Reads first, then changes; the session's own end (sign-out) comes last.
      const order = (method: string, path: string) => (method === 'GET' ? 0 : path === '/admin/logout' ? 2 : 1);
      routes.sort((a, b) => order(a.method, a.path) - order(b.method, b.path));
      const missing: string[] = [];
      for (const { method, path } of routes) {
        const url = sampleUrl(path, { id: String(draftId), slug: 'author-expert' });
        const signedIn = path.startsWith('/api/')
          ? await t.app.inject({
              method: method as 'GET',
              url,
              headers: { ...bearer(t.tokens.admin), ...(method !== 'GET' && method !== 'DELETE' && { 'content-type': 'application/json' }) },
              ...(method !== 'GET' && method !== 'DELETE' && { payload: '{}' }),
            })
          : method === 'GET'
            ? await office.get(url)
            : await office.post(url, {});
        const anonymous = await t.app.inject({ method: method as 'GET', url });
        for (const [who, res] of [
          ['signed in', signedIn],
          ['anonymous', anonymous],
        ] as const) {
          if (res.headers['cache-control'] !== 'no-store') missing.push(`${method} ${url} ${who}: ${res.statusCode} ${String(res.headers['cache-control'])}`);
        }
      }
      assert.deepEqual(missing, []);
    });

    test('public pages and the public API keep their own caching', async () => {
      for (const url of ['/blogs', '/feed.xml', '/sitemap.xml']) {
        const first = await t.app.inject({ url });
        const cached = await t.app.inject({ url });
        assert.equal(first.headers['cache-control'], 'public, max-age=0, must-revalidate', url);
        assert.equal(cached.headers['x-cache'], 'hit', url);
        assert.equal(cached.headers['cache-control'], 'public, max-age=0, must-revalidate', url);
      }
      const list = await t.app.inject({ url: '/api/v1/public/articles' });
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(String(list.headers['cache-control']), /private|no-store/);
    });
  });
}
