import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getStandalonePage, listPageRevisions, listStandalonePages } from './store.ts';

const fields = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: 'Contact',
  path: '',
  body: 'Write to us.',
  status: 'draft',
  menu: 'none',
  menu_order: '0',
  ...over,
});

for (const kind of await databaseKinds()) {
  describe(`standalone pages in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let pageId: number;

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/pages', headers: bearer(t.tokens.editor), payload: { title: 'About', body: 'Who we are.', status: 'published', menu: 'footer' } });
      pageId = res.json().id;
    });
    after(() => t.close());

    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    test('the office menu and the list show the pages to editors, not to authors', async () => {
      const list = await editor.get('/admin/pages');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<a href="\/admin\/pages" aria-current="page">Pages<\/a>/);
      assert.match(
        list.body,
        new RegExp(`<a href="/admin/pages/${pageId}">About</a></td><td><a href="/about">/about</a></td><td><span class="status page-status-published">Published</span></td><td>Footer, 0</td>`),
      );
      assert.match(list.body, /<a class="button button-primary" href="\/admin\/pages\/new">/);
      assert.doesNotMatch((await author.get('/admin')).body, /href="\/admin\/pages"/);
    });

    test('an editor creates a page with the form; it is audited, kept as a revision, and served once published', async () => {
      const form = await editor.get('/admin/pages/new');
      assert.equal(form.statusCode, 200);
      for (const [name, label] of [
        ['title', 'Title'],
        ['path', 'Path'],
        ['body', 'Text'],
        ['status', 'Status'],
        ['menu', 'Menu'],
        ['menu_order', 'Position in the menu'],
      ]) {
        assert.match(form.body, new RegExp(`<label for="field-${name}">${label}</label>`), name);
      }
      const saved = await editor.post(
        '/admin/pages/new',
        fields({ title: 'Our team', path: '/about/team/', body: `${hostileStrings[0]}\n\nFellows.[^1]\n\n[^1]: Since 1998.`, status: 'published', menu: 'masthead', menu_order: '5' }),
      );
      assert.equal(saved.statusCode, 303, saved.body);
      const id = Number(/^\/admin\/pages\/(\d+)\?notice=created$/.exec(String(saved.headers.location))?.[1]);
      const page = await getStandalonePage(t.db.handle, id);
      assert.deepEqual([page?.path, page?.status, page?.menu, page?.menuOrder], ['about/team', 'published', 'masthead', 5]);
      assert.equal((await lastAudit()).action, 'page.create');
      assert.equal((await listPageRevisions(t.db.handle, id)).length, 1);
      const edit = await editor.get(`/admin/pages/${id}?notice=created`);
      assert.match(edit.body, /Page created\./);
      assert.match(edit.body, /<a href="\/about\/team">View the page<\/a>/);
      assert.doesNotMatch(edit.body, /<script>alert/);
      const served = await t.app.inject({ url: '/about/team' });
      assert.equal(served.statusCode, 200);
      assert.doesNotMatch(served.body, /<script>alert/);
      assert.match(served.body, /<a href="\/about\/team" aria-current="page">Our team<\/a>/);
    });

    test('bad, reserved or duplicate input comes back with the message and the typed values', async () => {
      const cases: Array<[Record<string, string | string[]>, number, RegExp]> = [
        [fields({ title: '' }), 422, /Title: must not be empty/],
        [fields({ path: 'About Us' }), 422, /Path: must be lower-case letters, digits and single hyphens/],
        [fields({ path: 'blogs/ours' }), 422, /Path: cannot start with \/blogs, which the site uses for its own pages/],
        [fields({ path: 'ru' }), 422, /Path: cannot start with \/ru: two-letter segments/],
        [fields({ title: 'Search' }), 422, /Path: cannot start with \/search, which the site uses for its own pages \(the title makes \/search\); type a path for this page/],
        [fields({ status: 'live' }), 422, /Status: must be draft or published/],
        [fields({ menu: 'side' }), 422, /Menu: must be masthead, footer or none/],
        [fields({ menu_order: 'first' }), 422, /Position in the menu: must be a whole number/],
        [fields({ title: ['a', 'b'] }), 422, /Title: Expected string, received array/],
        [fields({ path: 'about' }), 409, /\/about is the address of another page already; choose another path/],
      ];
      for (const [sent, status, message] of cases) {
        const res = await editor.post('/admin/pages/new', sent);
        assert.equal(res.statusCode, status, JSON.stringify(sent).slice(0, 80));
        assert.match(res.body, message);
      }
      const typed = await editor.post('/admin/pages/new', fields({ title: '"><b>', path: 'blogs' }));
      assert.match(typed.body, /value="&quot;>&lt;b>"|value="&quot;&gt;&lt;b&gt;"/);
      assert.match(typed.body, /value="blogs"/);
      assert.equal((await listStandalonePages(t.db.handle)).length, 2);
    });

    test('an editor edits a page: saved, audited, a new revision; a clash with another page is refused', async () => {
      const saved = await editor.post(`/admin/pages/${pageId}`, fields({ title: 'About us', path: 'about', body: 'Who we are, and why.', status: 'published', menu: 'footer', menu_order: '1' }));
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, `/admin/pages/${pageId}?notice=saved`);
      assert.equal((await getStandalonePage(t.db.handle, pageId))?.title, 'About us');
      const entry = await lastAudit();
      assert.equal(entry.action, 'page.update');
      assert.match(entry.detail, /Title was “About”; Now in the footer at position 1; Text changed/);
      const clash = await editor.post(`/admin/pages/${pageId}`, fields({ title: 'About us', path: 'about/team' }));
      assert.equal(clash.statusCode, 409);
      assert.equal((await getStandalonePage(t.db.handle, pageId))?.path, 'about');
      // The form sends every field: one missing is refused, not left as it was.
      const partial = await editor.post(`/admin/pages/${pageId}`, { title: 'About us' });
      assert.equal(partial.statusCode, 422);
      assert.match(partial.body, /is required/);
    });

    test('the history lists every save, and shows an earlier revision’s text', async () => {
      const history = await editor.get(`/admin/pages/${pageId}/revisions`);
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /History of “About us”/);
      assert.match(history.body, new RegExp(`<a href="/admin/pages/${pageId}/revisions/2">Revision 2</a>`));
      assert.match(history.body, new RegExp(`<a href="/admin/pages/${pageId}/revisions/1">Revision 1</a>`));
      assert.match(history.body, /editor@rostrum\.test|Editor/);
      const first = await editor.get(`/admin/pages/${pageId}/revisions/1`);
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /<pre class="revision-text">Who we are\.<\/pre>/);
      assert.match(first.body, /<dd>About<\/dd>/);
      for (const url of [`/admin/pages/${pageId}/revisions/9`, `/admin/pages/${pageId}/revisions/x`, '/admin/pages/99999/revisions', '/admin/pages/99999/revisions/1']) {
        assert.equal((await editor.get(url)).statusCode, 404, url);
      }
    });

    test('deleting needs the confirmation; then the page goes, audited, and its address is 404', async () => {
      const unconfirmed = await editor.post(`/admin/pages/${pageId}/delete`);
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /Tick the box to confirm/);
      const deleted = await editor.post(`/admin/pages/${pageId}/delete`, { confirm: '1' });
      assert.equal(deleted.headers.location, '/admin/pages?notice=deleted');
      assert.equal(await getStandalonePage(t.db.handle, pageId), undefined);
      assert.equal((await lastAudit()).action, 'page.delete');
      assert.match((await editor.get('/admin/pages?notice=deleted')).body, /Page deleted\./);
      assert.equal((await t.app.inject({ url: '/about' })).statusCode, 404);
    });

    test('unknown ids are 404; authors are refused; forms without the CSRF token are refused', async () => {
      for (const url of ['/admin/pages/99999', '/admin/pages/abc', '/admin/pages/-1']) assert.equal((await editor.get(url)).statusCode, 404, url);
      assert.equal((await editor.post('/admin/pages/99999', fields())).statusCode, 404);
      assert.equal((await editor.post('/admin/pages/99999/delete', { confirm: '1' })).statusCode, 404);
      const [team] = await listStandalonePages(t.db.handle);
      for (const url of ['/admin/pages', '/admin/pages/new', `/admin/pages/${team!.id}`, `/admin/pages/${team!.id}/revisions`, `/admin/pages/${team!.id}/revisions/1`]) {
        assert.equal((await author.get(url)).statusCode, 403, url);
      }
      assert.equal((await author.post('/admin/pages/new', fields({ title: 'Mine' }))).statusCode, 403);
      assert.equal((await author.post(`/admin/pages/${team!.id}`, fields({ title: 'Mine' }))).statusCode, 403);
      assert.equal((await author.post(`/admin/pages/${team!.id}/delete`, { confirm: '1' })).statusCode, 403);
      assert.equal((await editor.post('/admin/pages/new', fields({ title: 'Forged' }), { csrf: false })).statusCode, 403);
      assert.equal((await editor.post(`/admin/pages/${team!.id}/delete`, { confirm: '1' }, { csrf: false })).statusCode, 403);
      assert.equal((await listStandalonePages(t.db.handle)).length, 1);
    });
  });
}
