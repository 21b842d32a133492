import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { listAuditEvents } from '../audit/store.ts';
import { listPageRevisions } from './store.ts';

type Role = 'admin' | 'editor' | 'author';

for (const kind of await databaseKinds()) {
  describe(`standalone pages through the API and on the site, ${kind}`, () => {
    let t: TestApp;
    const as = (role: Role) => bearer(t.tokens[role]);
    const create = (payload: unknown, role: Role = 'editor') => t.app.inject({ method: 'POST', url: '/api/v1/pages', headers: as(role), payload: payload as object });
    const patch = (id: number, payload: unknown, role: Role = 'editor') => t.app.inject({ method: 'PATCH', url: `/api/v1/pages/${id}`, headers: as(role), payload: payload as object });
    const read = (url: string) => t.app.inject({ url });
    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('an editor creates a page: 201 with its address; audited; a draft is not served', async () => {
      const res = await create({ title: 'About us', body: 'We study *Eurasia*.\n\nSecond paragraph.' });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(res.headers.location, `/api/v1/pages/${body.id}`);
      assert.deepEqual(Object.keys(body).sort(), ['body', 'id', 'menu', 'menu_order', 'path', 'published_at', 'status', 'title', 'updated_at', 'url']);
      assert.equal(body.path, 'about-us');
      assert.equal(body.url, `${t.db.config.publicUrl}/about-us`);
      assert.equal(body.status, 'draft');
      assert.equal(body.menu, 'none');
      assert.equal(body.menu_order, 0);
      assert.equal(body.published_at, null);
      const entry = await lastAudit();
      assert.equal(entry.action, 'page.create');
      assert.equal(entry.subjectLabel, 'About us');
      assert.equal((await read('/about-us')).statusCode, 404, 'a draft is not served');
    });

    test('publishing serves the page at its path with the site layout; taking it back to a draft hides it again', async () => {
      const id = (await create({ title: 'Mission', path: 'mission', body: 'To *inform* debate on the region & beyond.\n\n## How\n\nBy research.[^1]\n\n[^1]: Since 1998.' })).json().id;
      const published = await patch(id, { status: 'published' });
      assert.equal(published.statusCode, 200, published.body);
      assert.ok(published.json().published_at);
      assert.equal((await lastAudit()).detail, 'Published');
      const page = await read('/mission');
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /^text\/html/);
      assert.match(page.body, /<title>Mission — [^<]+<\/title>/);
      assert.match(page.body, new RegExp(`<link rel="canonical" href="${t.db.config.publicUrl}/mission"/>`));
      assert.match(page.body, /<meta name="description" content="To inform debate on the region &amp; beyond."\/>/);
      assert.match(page.body, /<main id="main"[^>]*>/);
      assert.match(page.body, /<h1 class="article-title">Mission<\/h1>/);
      assert.match(page.body, /<div class="article-body"><p>To <em>inform<\/em> debate/);
      assert.match(page.body, /<section class="footnotes">/);
      assert.match(page.body, /<h2>How<\/h2>/);
      const draft = await patch(id, { status: 'draft' });
      assert.equal(draft.json().published_at, null);
      assert.equal((await read('/mission')).statusCode, 404);
      assert.equal((await patch(id, { status: 'published' })).statusCode, 200);
    });

    test('a nested path is served at its address; the trailing slash and other spellings redirect to it', async () => {
      const res = await create({ title: 'Our team', path: '/about-us/team/', body: 'Fellows and staff.', status: 'published' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().path, 'about-us/team');
      assert.ok(res.json().published_at);
      const page = await read('/about-us/team');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1 class="article-title">Our team<\/h1>/);
      for (const url of ['/about-us/team/', '/about-us//team', '/about-us/te%61m']) {
        const moved = await read(url);
        assert.equal(moved.statusCode, 301, url);
        assert.equal(moved.headers.location, '/about-us/team', url);
      }
      assert.equal((await read('/about-us/team?utm_source=x')).statusCode, 200, 'a query does not hide the page');
      for (const url of ['/About-us/team', '/about-us/team/more', '/about-us/tea', '/%ff', '/about-us/team.html']) assert.equal((await read(url)).statusCode, 404, url);
    });

    test('an anonymous reader gets the page from the page cache; a change drops it', async () => {
      const first = await read('/about-us/team');
      const second = await read('/about-us/team');
      assert.equal(second.headers['x-cache'], 'hit', `first was ${String(first.headers['x-cache'])}`);
      assert.equal(second.body, first.body);
      const id = (await t.app.inject({ url: '/api/v1/pages', headers: as('editor') })).json().items.find((p: { path: string }) => p.path === 'about-us/team').id;
      assert.equal((await patch(id, { title: 'Our people' })).statusCode, 200);
      const changed = await read('/about-us/team');
      assert.notEqual(changed.headers['x-cache'], 'hit');
      assert.match(changed.body, /<h1 class="article-title">Our people<\/h1>/);
    });

    test('paths the site uses itself, or keeps for languages, are refused: 422 naming path', async () => {
      for (const path of ['blogs', 'blogs/about', 'search', 'admin', 'api/v1/x', 'glossary', 'for-business', 'polls', 'tags', 'places', 'feeds', 'sitemaps', 'ru', 'en/about', 'pt-br']) {
        const res = await create({ title: 'Shadow', path, status: 'published' });
        assert.equal(res.statusCode, 422, path);
        assert.equal(res.json().error.field, 'path', path);
        assert.match(res.json().error.message, /site uses for its own pages|language editions/, path);
      }
      // A path made from the title is held to the same rule rather than quietly changed.
      for (const title of ['Search', 'EU', 'Blogs']) {
        const res = await create({ title });
        assert.equal(res.statusCode, 422, title);
        assert.equal(res.json().error.field, 'path');
        assert.match(res.json().error.message, /type a path for this page/);
      }
      const id = (await create({ title: 'Movable' })).json().id;
      const moved = await patch(id, { path: 'tags/mine' });
      assert.equal(moved.statusCode, 422);
      assert.equal(moved.json().error.field, 'path');
      assert.equal((await read('/blogs')).statusCode, 200);
    });

    test('two pages cannot share a path (409 naming path); one made from a title takes the next free one', async () => {
      const clash = await create({ title: 'Another mission', path: 'mission' });
      assert.equal(clash.statusCode, 409);
      assert.equal(clash.json().error.field, 'path');
      const again = await create({ title: 'About us' });
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().path, 'about-us-2');
      const moved = await patch(again.json().id, { path: 'mission' });
      assert.equal(moved.statusCode, 409);
      assert.equal(moved.json().error.field, 'path');
      // An empty path is made afresh from the title.
      const renamed = await patch(again.json().id, { title: 'Contact', path: '' });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().path, 'contact');
      const same = await patch(again.json().id, { path: '' });
      assert.equal(same.json().path, 'contact', 'its own path is not taken from itself');
    });

    test('bad input is a 422 naming the field, never a 500', async () => {
      const cases: Array<[unknown, string]> = [
        [{}, 'title'],
        [{ title: '' }, 'title'],
        [{ title: '   ' }, 'title'],
        [{ title: 42 }, 'title'],
        [{ title: ['About'] }, 'title'],
        [{ title: 'x'.repeat(301) }, 'title'],
        [{ title: 'Bell\u0007' }, 'title'],
        [{ title: 'T', path: 'About' }, 'path'],
        [{ title: 'T', path: 'a//b' }, 'path'],
        [{ title: 'T', path: 'a/b/c/d/e/f' }, 'path'],
        [{ title: 'T', path: 'über' }, 'path'],
        [{ title: 'T', path: '../etc' }, 'path'],
        [{ title: 'T', path: 7 }, 'path'],
        [{ title: 'T', path: null }, 'path'],
        [{ title: 'T', body: 3 }, 'body'],
        [{ title: 'T', body: 'b'.repeat(200_001) }, 'body'],
        [{ title: 'T', status: 'live' }, 'status'],
        [{ title: 'T', status: true }, 'status'],
        [{ title: 'T', menu: 'sidebar' }, 'menu'],
        [{ title: 'T', menu_order: 'first' }, 'menu_order'],
        [{ title: 'T', menu_order: 1.5 }, 'menu_order'],
        [{ title: 'T', menu_order: 10_000 }, 'menu_order'],
        [{ title: 'T', menu_order: [1] }, 'menu_order'],
        [{ title: 'T', slug: 'x' }, 'slug'],
      ];
      for (const [payload, field] of cases) {
        const res = await create(payload);
        assert.equal(res.statusCode, 422, JSON.stringify(payload).slice(0, 80));
        assert.equal(res.json().error.field, field, JSON.stringify(payload).slice(0, 80));
      }
      const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/pages', headers: { ...as('editor'), 'content-type': 'application/json' }, payload: '{"title":' });
      assert.equal(notJson.statusCode, 400);
      const mission = (await t.app.inject({ url: '/api/v1/public/pages' })).json().items.find((p: { path: string }) => p.path === 'mission');
      assert.equal((await patch(mission.id, { status: 'gone' })).statusCode, 422);
      assert.equal((await patch(mission.id, { title: null })).statusCode, 422);
    });

    test('authors are refused (403) everywhere, anonymous callers too (401)', async () => {
      assert.equal((await create({ title: 'Mine' }, 'author')).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/api/v1/pages', headers: as('author') })).statusCode, 403);
      const id = (await t.app.inject({ url: '/api/v1/pages', headers: as('editor') })).json().items[0].id;
      assert.equal((await t.app.inject({ url: `/api/v1/pages/${id}`, headers: as('author') })).statusCode, 403);
      assert.equal((await patch(id, { title: 'Mine' }, 'author')).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/pages/${id}`, headers: as('author') })).statusCode, 403);
      for (const [method, url] of [
        ['GET', '/api/v1/pages'],
        ['POST', '/api/v1/pages'],
        ['GET', `/api/v1/pages/${id}`],
        ['PATCH', `/api/v1/pages/${id}`],
        ['DELETE', `/api/v1/pages/${id}`],
      ] as const) {
        const res = await t.app.inject({ method, url, ...(method === 'POST' || method === 'PATCH' ? { payload: { title: 'Anonymous' } } : {}) });
        assert.equal(res.statusCode, 401, `${method} ${url}`);
      }
      const admin = await create({ title: 'Terms of use', status: 'published', menu: 'footer' }, 'admin');
      assert.equal(admin.statusCode, 201);
    });

    test('unknown or malformed ids are 404', async () => {
      for (const url of ['/api/v1/pages/99999', '/api/v1/pages/abc', '/api/v1/pages/-1', '/api/v1/pages/1e3', '/api/v1/pages/0']) {
        assert.equal((await t.app.inject({ url, headers: as('editor') })).statusCode, 404, url);
        assert.equal((await t.app.inject({ method: 'PATCH', url, headers: as('editor'), payload: { title: 'x' } })).statusCode, 404, url);
        assert.equal((await t.app.inject({ method: 'DELETE', url, headers: as('editor') })).statusCode, 404, url);
      }
    });

    test('the lists: every page for editors, newest change first; published ones for everyone', async () => {
      const all = (await t.app.inject({ url: '/api/v1/pages', headers: as('editor') })).json();
      assert.equal(all.next_cursor, null);
      assert.ok(all.items.some((p: { status: string }) => p.status === 'draft'));
      const times = all.items.map((p: { updated_at: string }) => Date.parse(p.updated_at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const open = await t.app.inject({ url: '/api/v1/public/pages' });
      assert.equal(open.statusCode, 200);
      assert.deepEqual(
        open
          .json()
          .items.map((p: { path: string }) => p.path)
          .sort(),
        ['about-us/team', 'mission', 'terms-of-use'],
      );
      assert.ok(open.json().items.every((p: { status: string }) => p.status === 'published'));
      const one = (await t.app.inject({ url: `/api/v1/pages/${open.json().items[0].id}`, headers: as('editor') })).json();
      assert.deepEqual(one, open.json().items[0]);
    });

    test('hostile text in every field is refused or shown escaped', async () => {
      for (const [i, hostile] of hostileStrings.entries()) {
        const refused = await create({ title: 'Hostile', path: hostile });
        assert.equal(refused.statusCode, 422, hostile);
        assert.equal(refused.json().error.field, 'path');
        for (const field of ['status', 'menu', 'menu_order']) assert.equal((await create({ title: 'Hostile', [field]: hostile })).statusCode, 422, `${field} ${hostile}`);
        const res = await create({
          title: `${hostile} ${i}`,
          path: `hostile-${i}`,
          body: `${hostile}\n\n[link](javascript:alert(1)) ![x](https://evil.example/x.png) <b onmouseover=x>bold</b>`,
          status: 'published',
          menu: 'footer',
        });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.json().title, `${hostile} ${i}`);
      }
      for (const url of ['/hostile-0', '/hostile-1', '/hostile-3', '/']) {
        const page = await read(url);
        assert.equal(page.statusCode, 200, url);
        assert.doesNotMatch(page.body, /<script>alert|<img src=x|<svg onload|href="javascript:|<b onmouseover|evil\.example/, url);
      }
      assert.match((await read('/hostile-0')).body, /<h1 class="article-title">&lt;script>alert\(&quot;x&quot;\)&lt;\/script> 0<\/h1>/);
      for (const i of hostileStrings.keys()) {
        const id = (await t.app.inject({ url: '/api/v1/public/pages' })).json().items.find((p: { path: string }) => p.path === `hostile-${i}`).id;
        assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/pages/${id}`, headers: as('editor') })).statusCode, 204);
      }
    });

    test('menus: published pages in the masthead and the footer, by position then title, on every page', async () => {
      const made = async (payload: object) => (await create({ status: 'published', ...payload })).json().id as number;
      await made({ title: 'Contact us', path: 'contact-us', menu: 'masthead', menu_order: 2 });
      await made({ title: 'Donate', menu: 'masthead', menu_order: 1 });
      await made({ title: 'Careers', menu: 'masthead', menu_order: 2 });
      await create({ title: 'Hidden draft', menu: 'masthead', menu_order: -5 });
      await made({ title: 'Privacy', menu: 'footer', menu_order: 0 });
      for (const url of ['/', '/blogs', '/mission', '/glossary', '/nowhere-at-all']) {
        const page = await read(url);
        const nav = /<nav class="site-nav" aria-label="Sections">([\s\S]*?)<\/nav>/.exec(page.body)?.[1] ?? '';
        const labels = [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
        assert.deepEqual(labels.slice(-3), ['Donate /donate', 'Careers /careers', 'Contact us /contact-us'], url);
        assert.doesNotMatch(page.body, /Hidden draft/, url);
        const footer = /<nav aria-label="Site pages" class="footer-pages">([\s\S]*?)<\/nav>/.exec(page.body)?.[1] ?? '';
        assert.deepEqual(
          [...footer.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]),
          ['/privacy', '/terms-of-use'],
          url,
        );
      }
      assert.match((await read('/donate')).body, /<a href="\/donate" aria-current="page">Donate<\/a>/);
      // Taking a page back to a draft takes it out of the menus at once.
      const donate = (await t.app.inject({ url: '/api/v1/public/pages' })).json().items.find((p: { path: string }) => p.path === 'donate').id;
      await patch(donate, { status: 'draft' });
      assert.doesNotMatch((await read('/')).body, /href="\/donate"/);
    });

    test('every save is kept as a revision: title, path, text, status, menu, who and when', async () => {
      const id = (await create({ title: 'History', path: 'history', body: 'First.' })).json().id;
      await patch(id, { body: 'Second.', status: 'published', menu: 'footer', menu_order: 3 }, 'admin');
      await patch(id, { title: 'Our history', path: 'about-us/history' });
      const revisions = await listPageRevisions(t.db.handle, id);
      assert.deepEqual(
        revisions.map((r) => [r.number, r.title, r.path, r.status, r.menu, r.menuOrder, r.userId !== null]),
        [
          [3, 'Our history', 'about-us/history', 'published', 'footer', 3, true],
          [2, 'History', 'history', 'published', 'footer', 3, true],
          [1, 'History', 'history', 'draft', 'none', 0, true],
        ],
      );
      assert.ok(revisions.every((r) => r.savedBy && r.createdAt));
      const entry = await lastAudit();
      assert.equal(entry.action, 'page.update');
      assert.match(entry.detail, /Title was “History”; Moved from \/history to \/about-us\/history/);
      assert.equal((await read('/history')).headers.location, '/about-us/history', 'the old address leads to the new one');
      assert.equal((await read('/about-us/history')).statusCode, 200);
    });

    test('published pages are in the sitemap with their last change; drafts are not', async () => {
      const sitemap = (await read('/sitemap.xml')).body;
      const base = t.db.config.publicUrl;
      assert.match(sitemap, new RegExp(`<url><loc>${base}/about-us/team</loc><lastmod>\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z</lastmod></url>`));
      assert.match(sitemap, new RegExp(`<loc>${base}/mission</loc>`));
      assert.doesNotMatch(sitemap, new RegExp(`<loc>${base}/(about-us|movable|donate)</loc>`));
    });

    test('DELETE removes the page and its history, audited; its address is 404', async () => {
      const mission = (await t.app.inject({ url: '/api/v1/public/pages' })).json().items.find((p: { path: string }) => p.path === 'mission');
      const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/pages/${mission.id}`, headers: as('admin') });
      assert.equal(res.statusCode, 204);
      assert.equal((await lastAudit()).action, 'page.delete');
      assert.equal((await read('/mission')).statusCode, 404);
      assert.deepEqual(await listPageRevisions(t.db.handle, mission.id), []);
      assert.equal((await t.app.inject({ url: `/api/v1/pages/${mission.id}`, headers: as('editor') })).statusCode, 404);
      assert.doesNotMatch((await read('/sitemap.xml')).body, /\/mission</);
    });

    test('a published page that moves leaves a redirect at its old address; a draft that moves leaves none', async () => {
      const id = (await create({ title: 'Press', path: 'press', body: 'Contacts for journalists.', status: 'published' })).json().id;
      assert.equal((await patch(id, { path: 'about-us/press' })).statusCode, 200);
      const old = await read('/press');
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/about-us/press');
      assert.equal((await read('/about-us/press')).statusCode, 200);
      const draft = (await create({ title: 'Unsaid', path: 'unsaid', body: 'Not yet.' })).json().id;
      await patch(draft, { path: 'still-unsaid' });
      assert.equal((await read('/unsaid')).statusCode, 404);
    });
  });
}
