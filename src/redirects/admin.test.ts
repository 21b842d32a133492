import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getRedirect, listRedirects } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`redirects in the office on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let id = 0;
    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    test('an editor finds the section in the menu and adds a redirect through the form; hostile text comes back escaped', async () => {
      const dashboard = await editor.get('/admin');
      assert.match(dashboard.body, /href="\/admin\/redirects"/);
      assert.doesNotMatch((await author.get('/admin')).body, /href="\/admin\/redirects"/);
      const form = await editor.get('/admin/redirects/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="field-from">Old address<\/label>/);
      const saved = await editor.post('/admin/redirects/new', { from: '/2014/03/old-post/', to: '/blogs/author-expert', status: '301', note: hostileStrings[0]! });
      assert.equal(saved.statusCode, 303, saved.body);
      id = Number(/^\/admin\/redirects\/(\d+)\?notice=created$/.exec(String(saved.headers.location))?.[1]);
      const redirect = await getRedirect(t.db.handle, id);
      assert.equal(redirect?.fromPath, '/2014/03/old-post');
      assert.equal(redirect?.origin, 'office');
      assert.equal(redirect?.prefix, 0);
      assert.equal((await lastAudit()).action, 'redirect.create');
      const page = await editor.get(`/admin/redirects/${id}?notice=created`);
      assert.match(page.body, /Redirect added\./);
      assert.doesNotMatch(page.body, /<script>alert/);
      const list = await editor.get('/admin/redirects');
      assert.match(list.body, /\/2014\/03\/old-post/);
      assert.match(list.body, /There is 1 redirect\./);
      assert.equal((await t.app.inject({ method: 'GET', url: '/2014/03/old-post' })).headers.location, '/blogs/author-expert');
    });

    test('bad input comes back with the message and what was typed; loops and taken addresses are refused', async () => {
      await editor.post('/admin/redirects/new', { from: '/step-one', to: '/step-two', status: '301' });
      const cases: Array<[Record<string, string | string[]>, number, RegExp]> = [
        [{ from: '', to: '/x', status: '301' }, 422, /Old address: must be a path on this site/],
        [{ from: '/y', to: '//evil.example', status: '301' }, 422, /New address: must be a path on this site/],
        [{ from: '/y', to: '/x', status: '200' }, 422, /Kind:/],
        [{ from: '/step-two', to: '/step-one', status: '301' }, 422, /leads back to \/step-two/],
        [{ from: '/2014/03/old-post', to: '/x', status: '301' }, 409, /has a redirect already/],
        [{ from: ['/a', '/b'], to: '/x', status: '301' }, 422, /Old address:/],
      ];
      for (const [fields, status, message] of cases) {
        const res = await editor.post('/admin/redirects/new', fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields));
        assert.match(res.body, message);
      }
      const typed = await editor.post('/admin/redirects/new', { from: '"><b>', to: '', status: '301' });
      assert.match(typed.body, /value="&quot;>&lt;b>"|value="&quot;&gt;&lt;b&gt;"/);
      assert.equal((await listRedirects(t.db.handle, { limit: 100 })).length, 2);
    });

    test('the finder narrows the list; an editor edits a redirect, ticking "everything under it"', async () => {
      const found = await editor.get('/admin/redirects?q=STEP');
      assert.match(found.body, /\/step-one/);
      assert.doesNotMatch(found.body, /old-post/);
      assert.match((await editor.get('/admin/redirects?q=nothing-like-it')).body, /No redirect names that address\./);
      assert.equal((await editor.get('/admin/redirects?cursor=spoilt')).statusCode, 200);
      const saved = await editor.post(`/admin/redirects/${id}`, { from: '/2014/03/old-post', to: '/blogs', status: '302', prefix: '1', note: '' });
      assert.equal(saved.statusCode, 303);
      const redirect = await getRedirect(t.db.handle, id);
      assert.equal(redirect?.target, '/blogs');
      assert.equal(redirect?.status, 302);
      assert.equal(redirect?.prefix, 1);
      assert.equal((await lastAudit()).action, 'redirect.update');
    });

    test('deleting needs the confirmation; unknown ids are 404; authors and forged forms are refused', async () => {
      assert.equal((await editor.post(`/admin/redirects/${id}/delete`)).statusCode, 422);
      for (const url of ['/admin/redirects/99999', '/admin/redirects/abc']) assert.equal((await editor.get(url)).statusCode, 404, url);
      for (const url of ['/admin/redirects', '/admin/redirects/new', `/admin/redirects/${id}`]) assert.equal((await author.get(url)).statusCode, 403, url);
      assert.equal((await author.post('/admin/redirects/new', { from: '/mine', to: '/x', status: '301' })).statusCode, 403);
      assert.equal((await editor.post('/admin/redirects/new', { from: '/forged', to: '/x', status: '301' }, { csrf: false })).statusCode, 403);
      const deleted = await editor.post(`/admin/redirects/${id}/delete`, { confirm: '1' });
      assert.equal(deleted.headers.location, '/admin/redirects?notice=deleted');
      assert.equal(await getRedirect(t.db.handle, id), undefined);
      assert.equal((await lastAudit()).action, 'redirect.delete');
    });
  });
}
