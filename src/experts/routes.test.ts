import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getExpertBySlug } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`the experts API's roles on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Other Expert' } });
      assert.equal(other.statusCode, 201, other.body);
    });
    after(() => t.close());

    const call = (method: 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: bearer(token), ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });
    const actions = async () => (await listAuditEvents(t.db.handle, { limit: 100 })).map((e) => `${e.action} ${e.subjectLabel} by ${e.actorLabel}`);

    test('only administrators add and delete experts', async () => {
      for (const role of ['editor', 'author'] as const) {
        const res = await call('POST', '/api/v1/experts', t.tokens[role], { name: `By ${role}` });
        assert.equal(res.statusCode, 403, role);
        assert.equal((res.json() as { error: { code: string } }).error.code, 'forbidden');
        assert.equal((await call('DELETE', '/api/v1/experts/other-expert', t.tokens[role])).statusCode, 403, role);
      }
      assert.equal(await getExpertBySlug(t.db.handle, 'by-editor'), undefined);
      const made = await call('POST', '/api/v1/experts', t.tokens.admin, { name: 'Brief Expert' });
      assert.equal(made.statusCode, 201);
      assert.equal((await call('DELETE', '/api/v1/experts/brief-expert', t.tokens.admin)).statusCode, 204);
      const log = await actions();
      assert.ok(log.includes('expert.create Brief Expert by admin@rostrum.test'));
      assert.ok(log.includes('expert.delete Brief Expert by admin@rostrum.test'));
    });

    test('a linked author keeps their own profile but not its name or address, nor another’s; editors keep any', async () => {
      const own = await call('PATCH', '/api/v1/experts/author-expert', t.tokens.author, { title: 'Fellow', bio: 'Own words' });
      assert.equal(own.statusCode, 200, own.body);
      assert.equal((await getExpertBySlug(t.db.handle, 'author-expert'))?.bio, 'Own words');
      for (const body of [{ slug: 'moved' }, { slug: 'author-expert', name: 'Same Address' }, { translations: { ru: { name: 'Другое имя' } } }]) {
        assert.equal((await call('PATCH', '/api/v1/experts/author-expert', t.tokens.author, body)).statusCode, 403, JSON.stringify(body));
      }
      assert.equal((await call('PATCH', '/api/v1/experts/other-expert', t.tokens.author, { title: 'Hijacked' })).statusCode, 403);
      assert.equal((await call('PATCH', '/api/v1/experts/no-such-expert', t.tokens.author, { title: 'X' })).statusCode, 404);
      assert.equal((await call('PATCH', '/api/v1/experts/no-such-expert', t.tokens.admin, { title: 'X' })).statusCode, 404);
      assert.equal((await getExpertBySlug(t.db.handle, 'other-expert'))?.position, '');
      assert.equal((await getExpertBySlug(t.db.handle, 'author-expert'))?.name, 'Author Expert');
      const byEditor = await call('PATCH', '/api/v1/experts/other-expert', t.tokens.editor, { title: 'Edited', name: 'Other Expert Renamed' });
      assert.equal(byEditor.statusCode, 200, byEditor.body);
      const byAdmin = await call('PATCH', '/api/v1/experts/other-expert', t.tokens.admin, { title: 'Director', slug: 'other-director', name: 'Other Expert' });
      assert.equal(byAdmin.statusCode, 200);
      assert.ok((await actions()).some((a) => a.startsWith('expert.update') && a.endsWith('by admin@rostrum.test')));
      assert.ok((await actions()).some((a) => a.startsWith('expert.update') && a.endsWith('by author@rostrum.test')));
    });

    test('the office’s own scripts reach the API with the session cookie and the CSRF header', async () => {
      const admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      assert.equal((await admin.json('PATCH', '/api/v1/experts/author-expert', { affiliation: 'Wrenfield' })).statusCode, 200);
      const noHeader = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/experts/author-expert',
        headers: { cookie: admin.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ affiliation: 'X' }),
      });
      assert.equal(noHeader.statusCode, 403);
      const author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      // Their own profile, as "My profile" in the office; another's, no.
      assert.equal((await author.json('PATCH', '/api/v1/experts/author-expert', { affiliation: 'Mine' })).statusCode, 200);
      assert.equal((await getExpertBySlug(t.db.handle, 'author-expert'))?.affiliation, 'Mine');
      assert.equal((await author.json('PATCH', '/api/v1/experts/other-director', { affiliation: 'Theirs' })).statusCode, 403);
    });
  });
}
