import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getGlossaryTerm, listGlossaryTerms } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`the glossary in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let termId: number;

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: bearer(t.tokens.editor), payload: { term: 'WTO', expansion: 'World Trade Organization' } });
      termId = res.json().id;
    });
    after(() => t.close());

    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    test('the office navigation and the list show the glossary to editors', async () => {
      const list = await editor.get('/admin/glossary');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /<a href="\/admin\/glossary" aria-current="page">Glossary<\/a>/);
      assert.match(list.body, new RegExp(`<a href="/admin/glossary/${termId}">WTO</a></td><td>World Trade Organization</td>`));
      assert.match(list.body, /<a class="button button-primary" href="\/admin\/glossary\/new">/);
      assert.doesNotMatch((await author.get('/admin')).body, /href="\/admin\/glossary"/);
    });

    test('an editor adds a term with the form; it is audited and shown escaped', async () => {
      const form = await editor.get('/admin/glossary/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="field-term">Term<\/label>/);
      assert.match(form.body, /<label for="field-definition">Definition<\/label>/);
      const saved = await editor.post('/admin/glossary/new', { term: 'ASEAN', expansion: hostileStrings[0]!, definition: hostileStrings[1]! });
      assert.equal(saved.statusCode, 303, saved.body);
      const id = Number(/^\/admin\/glossary\/(\d+)\?notice=created$/.exec(String(saved.headers.location))?.[1]);
      const term = await getGlossaryTerm(t.db.handle, id);
      assert.equal(term?.expansion, hostileStrings[0]);
      assert.equal((await lastAudit()).action, 'glossary.create');
      const page = await editor.get(`/admin/glossary/${id}?notice=created`);
      assert.match(page.body, /Term added\./);
      assert.doesNotMatch(page.body, /<script>alert|<img src=x/);
      const list = await editor.get('/admin/glossary');
      assert.doesNotMatch(list.body, /<script>alert/);
    });

    test('bad or duplicate input comes back with the message and the typed values', async () => {
      const cases: Array<[Record<string, string | string[]>, number, RegExp]> = [
        [{ term: '', expansion: 'x', definition: '' }, 422, /Term: must not be empty/],
        [{ term: '-x', expansion: 'x', definition: '' }, 422, /Term: must start with a letter or digit/],
        [{ term: 'OK', expansion: '', definition: '' }, 422, /Stands for: must not be empty/],
        [{ term: 'OK', expansion: 'x', definition: 'd'.repeat(4001) }, 422, /Definition: must be at most 4000 characters/],
        [{ term: ['a', 'b'], expansion: 'x', definition: '' }, 422, /Term: Expected string, received array/],
        [{ expansion: 'x', definition: '' }, 422, /Term: is required/],
        [{ term: 'wto', expansion: 'Again', definition: '' }, 409, /is in the glossary already/],
      ];
      for (const [fields, status, message] of cases) {
        const res = await editor.post('/admin/glossary/new', fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields).slice(0, 80));
        assert.match(res.body, message);
      }
      const typed = await editor.post('/admin/glossary/new', { term: '"><b>', expansion: '', definition: '' });
      assert.match(typed.body, /value="&quot;>&lt;b>"|value="&quot;&gt;&lt;b&gt;"/);
      assert.equal((await listGlossaryTerms(t.db.handle)).length, 2);
    });

    test('an editor edits a term: saved, audited; a clash with another term is refused', async () => {
      const saved = await editor.post(`/admin/glossary/${termId}`, { term: 'WTO', expansion: 'World Trade Organisation', definition: 'Geneva.' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/admin/glossary/${termId}?notice=saved`);
      assert.equal((await getGlossaryTerm(t.db.handle, termId))?.expansion, 'World Trade Organisation');
      const entry = await lastAudit();
      assert.equal(entry.action, 'glossary.update');
      assert.match(entry.detail, /Expansion was “World Trade Organization”; Definition changed/);
      const clash = await editor.post(`/admin/glossary/${termId}`, { term: 'asean', expansion: 'x', definition: '' });
      assert.equal(clash.statusCode, 409);
      assert.equal((await getGlossaryTerm(t.db.handle, termId))?.term, 'WTO');
    });

    test('deleting needs the confirmation; then the term goes, audited', async () => {
      const unconfirmed = await editor.post(`/admin/glossary/${termId}/delete`);
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /Tick the box to confirm/);
      const deleted = await editor.post(`/admin/glossary/${termId}/delete`, { confirm: '1' });
      assert.equal(deleted.headers.location, '/admin/glossary?notice=deleted');
      assert.equal(await getGlossaryTerm(t.db.handle, termId), undefined);
      assert.equal((await lastAudit()).action, 'glossary.delete');
      assert.match((await editor.get('/admin/glossary?notice=deleted')).body, /Term deleted\./);
    });

    test('unknown ids are 404; authors are refused; forms without the CSRF token are refused', async () => {
      for (const url of ['/admin/glossary/99999', '/admin/glossary/abc', '/admin/glossary/-1']) assert.equal((await editor.get(url)).statusCode, 404, url);
      assert.equal((await editor.post('/admin/glossary/99999', { term: 'X', expansion: 'x', definition: '' })).statusCode, 404);
      assert.equal((await editor.post('/admin/glossary/99999/delete', { confirm: '1' })).statusCode, 404);
      const [asean] = await listGlossaryTerms(t.db.handle);
      for (const url of ['/admin/glossary', '/admin/glossary/new', `/admin/glossary/${asean!.id}`]) assert.equal((await author.get(url)).statusCode, 403, url);
      assert.equal((await author.post('/admin/glossary/new', { term: 'Mine', expansion: 'x', definition: '' })).statusCode, 403);
      assert.equal((await author.post(`/admin/glossary/${asean!.id}/delete`, { confirm: '1' })).statusCode, 403);
      assert.equal((await editor.post('/admin/glossary/new', { term: 'Forged', expansion: 'x', definition: '' }, { csrf: false })).statusCode, 403);
      assert.equal((await editor.post(`/admin/glossary/${asean!.id}/delete`, { confirm: '1' }, { csrf: false })).statusCode, 403);
      assert.equal((await listGlossaryTerms(t.db.handle)).length, 1);
    });
  });
}
