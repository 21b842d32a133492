import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getUserByEmail, listApiTokens } from './store.ts';

/** The token shown once, in the read-only box labelled "New token". */
function newTokenOn(html: string): string {
  const box = /<label for="new-token">New token<\/label>.*?<input id="new-token"[^>]*value="(rst_[A-Za-z0-9_-]+)"[^>]*readonly/s.exec(html);
  assert.ok(box, 'a read-only box labelled "New token"');
  assert.match(html, /<button type="button" class="button" data-copy-target="new-token">Copy token<\/button>/);
  return box[1]!;
}

for (const kind of await databaseKinds()) {
  describe(`API tokens in the office on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let editor: OfficeSession;
    let author: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    const tokensOf = async (email: string) => listApiTokens(t.db.handle, (await getUserByEmail(t.db.handle, email))!.id);
    // An authenticated read: 404 for a missing image with a good token, 401 with a bad one.
    const works = async (token: string) => (await t.app.inject({ url: '/api/v1/media/999999', headers: bearer(token) })).statusCode === 404;

    test('only administrators have the tokens page, the nav link, and its forms', async () => {
      for (const who of [editor, author]) {
        assert.equal((await who.get('/admin/tokens')).statusCode, 403);
        assert.equal((await who.post('/admin/tokens', { label: 'Mine', user: '1' })).statusCode, 403);
        const ownToken = (await listApiTokens(t.db.handle, (await getUserByEmail(t.db.handle, who === editor ? 'editor@rostrum.test' : 'author@rostrum.test'))!.id))[0]!;
        assert.equal((await who.post(`/admin/tokens/${ownToken.id}/revoke`)).statusCode, 403, 'not even their own');
        assert.doesNotMatch((await who.get('/admin')).body, /href="\/admin\/tokens"/);
      }
      assert.match((await admin.get('/admin')).body, /href="\/admin\/tokens"/);
      assert.ok((await works(t.tokens.editor)) && (await works(t.tokens.author)), 'refusals change nothing');
    });

    test('an administrator makes a token for any person, sees it once, and it works at once as that person', async () => {
      const author1 = (await getUserByEmail(t.db.handle, 'author@rostrum.test'))!;
      const page = await admin.get('/admin/tokens');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="field-user">Person<\/label>/);
      assert.match(page.body, /<label for="field-label">Label<\/label>/);
      assert.match(page.body, /editor@rostrum\.test/);

      const made = await admin.post('/admin/tokens', { user: String(author1.id), label: 'Newsletter importer' });
      assert.equal(made.statusCode, 201);
      assert.equal(made.headers['cache-control'], 'no-store');
      const token = newTokenOn(made.body);
      assert.ok(await works(token));
      const who = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'X' }) });
      assert.equal(who.statusCode, 403, 'the token acts with the author’s rights, not the administrator’s');
      assert.ok((await tokensOf('author@rostrum.test')).some((k) => k.label === 'Newsletter importer'));
      const later = await admin.get('/admin/tokens');
      assert.match(later.body, /Newsletter importer/);
      assert.ok(!later.body.includes(token), 'never shown again');
      const log = await listAuditEvents(t.db.handle, { limit: 50 });
      assert.ok(log.some((e) => e.action === 'token.create' && e.subjectLabel === 'Newsletter importer' && e.actorLabel === 'admin@rostrum.test' && e.detail === 'for author@rostrum.test'));
    });

    test('a person and a label are required and checked; hostile labels are escaped', async () => {
      const editorId = String((await getUserByEmail(t.db.handle, 'editor@rostrum.test'))!.id);
      const before = (await tokensOf('editor@rostrum.test')).length;
      const refused: Array<Record<string, string | string[]>> = [
        {},
        { user: editorId },
        { user: editorId, label: '  ' },
        { user: editorId, label: 'x'.repeat(201) },
        { user: editorId, label: ['a', 'b'] },
        { user: editorId, label: 'bell\u0007' },
        { label: 'No person' },
        { user: '999999', label: 'Nobody' },
        { user: 'abc', label: 'x' },
        { user: [editorId, editorId], label: 'x' },
      ];
      for (const fields of refused) {
        const res = await admin.post('/admin/tokens', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields));
        assert.match(res.body, /There is a problem/);
      }
      assert.equal((await tokensOf('editor@rostrum.test')).length, before);
      for (const evil of hostileStrings) {
        const res = await admin.post('/admin/tokens', { user: editorId, label: evil });
        assert.equal(res.statusCode, 201);
        if (/[<>]/.test(evil)) assert.ok(!res.body.includes(evil), evil);
      }
      const everyone = await admin.get('/admin/tokens');
      for (const evil of hostileStrings) if (/[<>]/.test(evil)) assert.ok(!everyone.body.includes(evil), evil);
    });

    test('an administrator revokes anyone’s token, once', async () => {
      const editorsToken = (await tokensOf('editor@rostrum.test'))[0]!;
      for (const id of ['999999', 'abc', '0']) assert.equal((await admin.post(`/admin/tokens/${id}/revoke`)).statusCode, 404, id);
      assert.equal((await admin.post(`/admin/tokens/${editorsToken.id}/revoke`, {}, { csrf: false })).statusCode, 403, 'CSRF');
      assert.ok(await works(t.tokens.editor));
      const revoked = await admin.post(`/admin/tokens/${editorsToken.id}/revoke`);
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, '/admin/tokens?notice=revoked');
      assert.equal(await works(t.tokens.editor), false);
      assert.equal((await admin.post(`/admin/tokens/${editorsToken.id}/revoke`)).statusCode, 404, 'once');
      assert.match((await admin.get('/admin/tokens?notice=revoked')).body, /The token is revoked/);
      const log = await listAuditEvents(t.db.handle, { limit: 50 });
      assert.ok(log.some((e) => e.action === 'token.revoke' && e.actorLabel === 'admin@rostrum.test' && e.detail === 'of editor@rostrum.test'));
    });
  });
}
