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

    test('everyone makes a token, sees it once, and it works at once', async () => {
      const page = await author.get('/admin/tokens');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="field-label">Label<\/label>/);
      assert.match(page.body, /No label/, 'the token the author already had is listed');
      assert.doesNotMatch(page.body, /Everyone’s tokens/);

      const made = await author.post('/admin/tokens', { label: 'Newsletter importer' });
      assert.equal(made.statusCode, 201);
      assert.equal(made.headers['cache-control'], 'no-store');
      const token = newTokenOn(made.body);
      assert.ok(await works(token));
      assert.ok((await tokensOf('author@rostrum.test')).some((k) => k.label === 'Newsletter importer'));
      const later = await author.get('/admin/tokens');
      assert.match(later.body, /Newsletter importer/);
      assert.ok(!later.body.includes(token), 'never shown again');
      const log = await listAuditEvents(t.db.handle, { limit: 50 });
      assert.ok(log.some((e) => e.action === 'token.create' && e.subjectLabel === 'Newsletter importer' && e.actorLabel === 'author@rostrum.test'));
    });

    test('a label is required and checked like any text; hostile labels are escaped', async () => {
      const before = (await tokensOf('editor@rostrum.test')).length;
      const refused: Array<Record<string, string | string[]>> = [{}, { label: '  ' }, { label: 'x'.repeat(201) }, { label: ['a', 'b'] }, { label: 'bell\u0007' }];
      for (const fields of refused) {
        const res = await editor.post('/admin/tokens', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields));
        assert.match(res.body, /There is a problem/);
      }
      assert.equal((await tokensOf('editor@rostrum.test')).length, before);
      for (const evil of hostileStrings) {
        const res = await editor.post('/admin/tokens', { label: evil });
        assert.equal(res.statusCode, 201);
        if (/[<>]/.test(evil)) assert.ok(!res.body.includes(evil), evil);
      }
      const everyone = await admin.get('/admin/tokens');
      for (const evil of hostileStrings) if (/[<>]/.test(evil)) assert.ok(!everyone.body.includes(evil), evil);
    });

    test('people revoke their own tokens; only administrators revoke other people’s', async () => {
      const made = await author.post('/admin/tokens', { label: 'Short lived' });
      const token = newTokenOn(made.body);
      const own = (await tokensOf('author@rostrum.test')).find((k) => k.label === 'Short lived')!;
      const editorsToken = (await tokensOf('editor@rostrum.test'))[0]!;

      assert.equal((await author.post(`/admin/tokens/${editorsToken.id}/revoke`)).statusCode, 403);
      assert.equal((await editor.post(`/admin/tokens/${own.id}/revoke`)).statusCode, 403);
      assert.ok(await works(t.tokens.editor), 'refused revocations change nothing');
      for (const id of ['999999', 'abc', '0']) assert.equal((await author.post(`/admin/tokens/${id}/revoke`)).statusCode, 404, id);
      assert.equal((await author.post(`/admin/tokens/${own.id}/revoke`, {}, { csrf: false })).statusCode, 403, 'CSRF');
      assert.ok(await works(token));

      const revoked = await author.post(`/admin/tokens/${own.id}/revoke`);
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, '/admin/tokens?notice=revoked');
      assert.equal(await works(token), false);
      assert.equal((await author.post(`/admin/tokens/${own.id}/revoke`)).statusCode, 404, 'once');
      assert.match((await author.get('/admin/tokens?notice=revoked')).body, /The token is revoked/);

      const everyone = await admin.get('/admin/tokens');
      assert.match(everyone.body, /Everyone’s tokens/);
      assert.match(everyone.body, /editor@rostrum\.test/);
      assert.match(everyone.body, new RegExp(`action="/admin/tokens/${editorsToken.id}/revoke"`));
      assert.doesNotMatch((await editor.get('/admin/tokens')).body, /Everyone’s tokens/);
      assert.equal((await admin.post(`/admin/tokens/${editorsToken.id}/revoke`)).statusCode, 303);
      assert.equal(await works(t.tokens.editor), false);
      const log = await listAuditEvents(t.db.handle, { limit: 50 });
      assert.ok(log.some((e) => e.action === 'token.revoke' && e.actorLabel === 'admin@rostrum.test' && e.detail === 'of editor@rostrum.test'));
    });
  });
}
