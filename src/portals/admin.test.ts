import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getPortal } from './store.ts';
import { reorder } from './admin.tsx';

test('reorder moves one article a place, or takes it out, and leaves the ends alone', () => {
  assert.deepEqual(reorder([1, 2, 3], 2, 'up'), [2, 1, 3]);
  assert.deepEqual(reorder([1, 2, 3], 2, 'down'), [1, 3, 2]);
  assert.deepEqual(reorder([1, 2, 3], 1, 'up'), [1, 2, 3]);
  assert.deepEqual(reorder([1, 2, 3], 3, 'down'), [1, 2, 3]);
  assert.deepEqual(reorder([1, 2, 3], 2, 'remove'), [1, 3]);
  assert.deepEqual(reorder([1, 2, 3], 9, 'up'), [1, 2, 3]);
});

for (const kind of await databaseKinds()) {
  describe(`portals in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    const articles: Record<string, number> = {};

    async function article(title: string, status: 'published' | 'draft') {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'portal-office-expert', title, lead: 'Lead.', body: 'Body.', status },
      });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: number }).id;
    }

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Portal Office Expert' } });
      articles.first = await article('Trade corridors explained', 'published');
      articles.second = await article('Ports and power', 'published');
      articles.third = await article(hostileStrings[0]!, 'published');
      articles.draft = await article('Not ready yet', 'draft');
    });
    after(() => t.close());

    const curated = async () => (await getPortal(t.db.handle, 'business')).articleIds;
    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    test('the portals list names the three portals', async () => {
      const res = await editor.get('/admin/portals');
      assert.equal(res.statusCode, 200);
      for (const name of ['For business', 'For researchers', 'For students']) assert.match(res.body, new RegExp(name));
      assert.match(res.body, /href="\/admin\/portals\/researchers"/);
    });

    test('an editor writes the title and introduction; the portal page shows them, escaped and sanitised', async () => {
      const form = await editor.get('/admin/portals/business');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="field-title">Title<\/label>/);
      assert.match(form.body, /<label for="field-intro">Introduction<\/label>/);
      const intro = `Briefings for **decision makers**.\n\n${hostileStrings[0]}\n\n${hostileStrings[1]}`;
      const saved = await editor.post('/admin/portals/business', { title: `Business ${hostileStrings[1]}`, intro });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, '/admin/portals/business?notice=saved');
      const portal = await getPortal(t.db.handle, 'business');
      assert.equal(portal.title, `Business ${hostileStrings[1]}`);
      assert.equal(portal.introMarkdown, intro);
      const entry = await lastAudit();
      assert.equal(entry.action, 'portal.update');
      assert.equal(entry.subjectLabel, 'For business');
      const office = await editor.get('/admin/portals/business?notice=saved');
      assert.match(office.body, /Portal text saved/);
      assert.doesNotMatch(office.body, /<script>alert|<img src=x/);
      assert.match(office.body, /&lt;script>alert/);
      const page = await t.app.inject({ url: '/for-business' });
      assert.match(page.body, /Briefings for <strong>decision makers<\/strong>/);
      assert.doesNotMatch(page.body, /<script>alert|<img src=x/);
    });

    test('a refused text comes back with 422, the message and what was typed', async () => {
      const cases: Array<[Record<string, string | string[]>, RegExp]> = [
        [{ title: '   ', intro: 'Kept intro' }, /Title: must not be empty/],
        [{ title: 'x'.repeat(201), intro: '' }, /must be at most 200 characters/],
        [{ title: 'Fine', intro: 'y'.repeat(20_001) }, /must be at most 20000 characters/],
        [{ title: 'Fine', intro: 'bell\u0007' }, /must not contain control characters/],
        [{ title: ['a', 'b'], intro: '' }, /Title: Expected string, received array/],
        [{ intro: 'No title' }, /Title: is required/],
      ];
      for (const [fields, message] of cases) {
        const res = await editor.post('/admin/portals/business', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields).slice(0, 100));
        assert.match(res.body, message);
      }
      const typed = await editor.post('/admin/portals/business', { title: '', intro: 'Kept intro' });
      assert.match(typed.body, />Kept intro<\/textarea>/);
      assert.equal((await getPortal(t.db.handle, 'business')).title, `Business ${hostileStrings[1]}`, 'nothing was written');
    });

    test('an editor curates the list without JavaScript: add, move up and down, remove', async () => {
      const page = await editor.get('/admin/portals/business');
      assert.match(page.body, /<label for="field-add">Article to add<\/label>/);
      assert.match(page.body, /data-picker="\/admin\/articles\/lookup\?status=published"/, 'the picker searches every published article');
      // Without JavaScript, words in the field and Add show the published articles they find, each with its own Add.
      const found = await editor.post('/admin/portals/business/articles', { add: 'corridors' });
      assert.equal(found.statusCode, 200);
      assert.match(found.body, /Trade corridors explained <span class="field-hint">— Portal Office Expert/);
      assert.match(found.body, new RegExp(`name="add" value="${articles.first}"`));
      const drafts = await editor.post('/admin/portals/business/articles', { add: 'ready' });
      assert.doesNotMatch(drafts.body, /Not ready yet/, 'drafts are not offered');
      for (const id of [articles.first, articles.second, articles.third]) {
        const added = await editor.post('/admin/portals/business/articles', { add: String(id) });
        assert.equal(added.headers.location, '/admin/portals/business?notice=added');
      }
      assert.deepEqual(await curated(), [articles.first, articles.second, articles.third]);
      assert.equal((await editor.post('/admin/portals/business/articles', { article: String(articles.third), move: 'up' })).headers.location, '/admin/portals/business?notice=moved');
      assert.deepEqual(await curated(), [articles.first, articles.third, articles.second]);
      await editor.post('/admin/portals/business/articles', { article: String(articles.first), move: 'down' });
      assert.deepEqual(await curated(), [articles.third, articles.first, articles.second]);
      const listed = await editor.get('/admin/portals/business');
      assert.match(listed.body, /Move up<span class="visually-hidden">: Trade corridors explained<\/span>/);
      assert.doesNotMatch(listed.body, /<script>alert/);
      const publicPage = await t.app.inject({ url: '/for-business' });
      assert.match(publicPage.body, /Selected for you[\s\S]*Trade corridors explained[\s\S]*Ports and power[\s\S]*Latest analysis/);
      assert.equal((await editor.post('/admin/portals/business/articles', { article: String(articles.third), move: 'remove' })).headers.location, '/admin/portals/business?notice=removed');
      assert.deepEqual(await curated(), [articles.first, articles.second]);
      assert.equal((await lastAudit()).action, 'portal.update');
    });

    test('the list refuses unknown, unpublished and repeated articles and nonsense moves with 422', async () => {
      const before = await curated();
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ add: '99999' }, /not published/],
        [{ add: String(articles.draft) }, /not published/],
        [{ add: String(before[0]) }, /in the list already/],
        [{ article: String(before[0]), move: 'sideways' }, /Choose an article/],
        [{ article: '99999', move: 'up' }, /not in the list any more/],
        [{}, /Choose an article/],
      ];
      for (const [fields, message] of cases) {
        const res = await editor.post('/admin/portals/business/articles', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields));
        assert.match(res.body, message);
      }
      assert.deepEqual(await curated(), before);
    });

    test('unknown portals are 404; authors are refused; forms without the CSRF token are refused', async () => {
      assert.equal((await editor.get('/admin/portals/everyone')).statusCode, 404);
      assert.equal((await editor.post('/admin/portals/everyone', { title: 'X', intro: '' })).statusCode, 404);
      assert.equal((await editor.post('/admin/portals/everyone/articles', { add: String(articles.first) })).statusCode, 404);
      for (const url of ['/admin/portals', '/admin/portals/business']) assert.equal((await author.get(url)).statusCode, 403, url);
      assert.equal((await author.post('/admin/portals/business', { title: 'Mine', intro: '' })).statusCode, 403);
      assert.equal((await author.post('/admin/portals/business/articles', { add: String(articles.second) })).statusCode, 403);
      assert.equal((await editor.post('/admin/portals/students', { title: 'Forged', intro: '' }, { csrf: false })).statusCode, 403);
      assert.equal((await editor.post('/admin/portals/students/articles', { add: String(articles.first) }, { csrf: false })).statusCode, 403);
      const students = await getPortal(t.db.handle, 'students');
      assert.equal(students.title, 'For students');
      assert.deepEqual(students.articleIds, []);
    });
  });
}
