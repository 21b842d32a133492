import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getTagById, getTagBySlug } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`tags in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let regionId: number;
    let hostileId: number;

    async function makeTag(name: string, tagKind = 'topic') {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/tags', headers: bearer(t.tokens.editor), payload: { name, kind: tagKind } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; slug: string };
    }

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      regionId = (await makeTag('South Asia', 'region')).id;
      hostileId = (await makeTag(hostileStrings[0]!)).id;
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Tag Expert' } });
      const article = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'tag-expert', title: 'Monsoon economics', lead: 'Lead.', body: 'Body.', status: 'published', tags: ['South Asia'] },
      });
      assert.equal(article.statusCode, 201, article.body);
    });
    after(() => t.close());

    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    test('the list shows every tag with its slug and kind, and whether readers see it; names are escaped', async () => {
      const res = await editor.get('/admin/tags');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /South Asia<\/a><\/td><td>south-asia<\/td><td>Region<\/td><td><a href="\/tags\/south-asia">Yes/);
      assert.match(res.body, /&lt;script>alert/);
      assert.doesNotMatch(res.body, /<script>alert/);
      assert.match(res.body, /No, on drafts or on nothing/);
    });

    test('an editor renames a tag and changes its kind; the slug stays, the change is audited', async () => {
      const page = await editor.get(`/admin/tags/${regionId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="field-name">Name<\/label>/);
      const saved = await editor.post(`/admin/tags/${regionId}`, { name: 'Southern Asia', kind: 'country' });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, `/admin/tags/${regionId}?notice=saved`);
      const tag = await getTagById(t.db.handle, regionId);
      assert.equal(tag?.name, 'Southern Asia');
      assert.equal(tag?.kind, 'country');
      assert.equal(tag?.slug, 'south-asia');
      const entry = await lastAudit();
      assert.equal(entry.action, 'tag.update');
      assert.match(entry.detail, /Renamed from “South Asia”/);
      const topic = await t.app.inject({ url: '/tags/south-asia' });
      assert.match(topic.body, /<h1>Southern Asia<\/h1>/);
      const hostile = await editor.post(`/admin/tags/${hostileId}`, { name: hostileStrings[1]!, kind: 'topic' });
      assert.equal(hostile.statusCode, 303);
      const shown = await editor.get(`/admin/tags/${hostileId}`);
      assert.doesNotMatch(shown.body, /<img src=x/);
      assert.match(shown.body, /&quot;>&lt;img src=x|"&gt;&lt;img src=x|&quot;&gt;&lt;img src=x/);
    });

    test('bad names and kinds come back with 422 and the message, as typed', async () => {
      const cases: Array<[Record<string, string | string[]>, RegExp]> = [
        [{ name: '!!!', kind: 'topic' }, /Name: must contain a letter or digit/],
        [{ name: '  ', kind: 'topic' }, /Name: must not be empty/],
        [{ name: 'n'.repeat(201), kind: 'topic' }, /must be at most 200 characters/],
        [{ name: 'Fine', kind: 'planet' }, /Kind: choose topic, region or country/],
        [{ name: ['a', 'b'], kind: 'topic' }, /Name: Expected string, received array/],
        [{ kind: 'topic' }, /Name: is required/],
      ];
      for (const [fields, message] of cases) {
        const res = await editor.post(`/admin/tags/${regionId}`, fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields).slice(0, 80));
        assert.match(res.body, message);
      }
      const typed = await editor.post(`/admin/tags/${regionId}`, { name: '???', kind: 'topic' });
      assert.match(typed.body, /value="\?\?\?"/);
      assert.equal((await getTagById(t.db.handle, regionId))?.name, 'Southern Asia');
    });

    test('deleting needs the confirmation; the tag goes and its articles lose it', async () => {
      const unconfirmed = await editor.post(`/admin/tags/${regionId}/delete`);
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /Tick the box to confirm/);
      assert.ok(await getTagById(t.db.handle, regionId));
      const deleted = await editor.post(`/admin/tags/${regionId}/delete`, { confirm: '1' });
      assert.equal(deleted.headers.location, '/admin/tags?notice=deleted');
      assert.equal(await getTagBySlug(t.db.handle, 'south-asia'), undefined);
      const entry = await lastAudit();
      assert.equal(entry.action, 'tag.delete');
      assert.equal(entry.subjectLabel, 'Southern Asia');
      assert.equal((await t.app.inject({ url: '/tags/south-asia' })).statusCode, 404);
      assert.match((await editor.get('/admin/tags?notice=deleted')).body, /Tag deleted/);
    });

    test('unknown ids are 404; authors are refused; forms without the CSRF token are refused', async () => {
      for (const url of ['/admin/tags/99999', '/admin/tags/abc', '/admin/tags/-1']) assert.equal((await editor.get(url)).statusCode, 404, url);
      assert.equal((await editor.post('/admin/tags/99999', { name: 'X', kind: 'topic' })).statusCode, 404);
      assert.equal((await editor.post('/admin/tags/99999/delete', { confirm: '1' })).statusCode, 404);
      for (const url of ['/admin/tags', `/admin/tags/${hostileId}`]) assert.equal((await author.get(url)).statusCode, 403, url);
      assert.equal((await author.post(`/admin/tags/${hostileId}`, { name: 'Mine', kind: 'topic' })).statusCode, 403);
      assert.equal((await author.post(`/admin/tags/${hostileId}/delete`, { confirm: '1' })).statusCode, 403);
      assert.equal((await editor.post(`/admin/tags/${hostileId}/delete`, { confirm: '1' }, { csrf: false })).statusCode, 403);
      assert.equal((await editor.post(`/admin/tags/${hostileId}`, { name: 'Forged', kind: 'topic' }, { csrf: false })).statusCode, 403);
      assert.equal((await getTagById(t.db.handle, hostileId))?.name, hostileStrings[1]);
    });
  });
}
