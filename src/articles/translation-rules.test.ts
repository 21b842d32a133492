// The rules of linked translations and editions that a review of the first version found broken, each kept
// as a case: groups keep a live name, links need the right to edit, addresses keep their edition.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor } from '../../test/office.ts';

const hreflangs = (html: string) => Object.fromEntries([...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/?>/g)].map((m) => [m[1]!, m[2]!]));

for (const kind of await databaseKinds()) {
  describe(`translations and editions: the reviewed cases on ${kind}`, () => {
    let t: TestApp;
    const ex = 'author-expert';
    before(async () => {
      t = await startTestApp(kind);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'] } });
    });
    after(() => t.close());
    const create = async (payload: Record<string, unknown>, token = t.tokens.editor) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(token),
        payload: { expert: ex, lead: 'L.', body: 'B.', status: 'published', published_at: '2021-12-17T10:00:00Z', ...payload },
      });
    const idOf = async (p: Record<string, unknown>) => (await create(p)).json() as { id: number; url: string };
    const api = (id: number, token = t.tokens.editor) => t.app.inject({ url: `/api/v1/articles/${id}`, headers: bearer(token) });
    const patch = (id: number, payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.editor), payload });

    test('a group whose first version leaves is named by another: a new translation of the one that left starts afresh', async () => {
      const x = await idOf({ title: 'X' });
      await idOf({ title: 'Игрек', language: 'ru', translation_of: x.id });
      await idOf({ title: 'Zett', language: 'de', translation_of: x.id });
      assert.equal((await patch(x.id, { translation_of: null })).statusCode, 200);
      const w = await create({ title: 'Дубль-вэ', language: 'ru', translation_of: x.id });
      assert.equal(w.statusCode, 201, w.body);
      assert.deepEqual(
        (w.json() as { translations: Array<{ language: string }> }).translations.map((v) => v.language),
        ['en'],
      );
    });
    test('after the first version is deleted, translation_of names a version that exists', async () => {
      const x = await idOf({ title: 'X2' });
      const y = await idOf({ title: 'Игрек2', language: 'ru', translation_of: x.id });
      await idOf({ title: 'Zett2', language: 'de', translation_of: x.id });
      await t.app.inject({ method: 'DELETE', url: `/api/v1/articles/${x.id}`, headers: bearer(t.tokens.admin) });
      assert.notEqual(((await api(y.id)).json() as { translation_of: number }).translation_of, x.id);
    });
    test('an author cannot link a translation to another blog’s article', async () => {
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Other Expert' } });
      const slug = (other.json() as { slug: string }).slug;
      const p = (
        await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(t.tokens.editor), payload: { expert: slug, title: 'P', lead: 'l', body: 'b', status: 'published' } })
      ).json() as { id: number };
      const squat = await create({ title: 'Черновик', status: 'draft', published_at: undefined, language: 'ru', translation_of: p.id }, t.tokens.author);
      assert.equal(squat.statusCode, 403, squat.body);
      // An editor may: and the author then sees that the article has a Russian version only where they may read it.
      const linked = await create({ title: 'Перевод', status: 'draft', published_at: undefined, language: 'ru', translation_of: p.id });
      assert.equal(linked.statusCode, 201, linked.body);
    });
    test('a Russian article’s blog header leads to the blog in the Russian edition', async () => {
      const r = await idOf({ title: 'По-русски', language: 'ru' });
      const page = await t.app.inject({ url: new URL(r.url).pathname });
      assert.equal(/<p class="blog-header"><a href="([^"]+)"/.exec(page.body)?.[1], `/ru/blogs/${ex}`);
    });
    test('/ru/polls is in Russian', async () => {
      const res = await t.app.inject({ url: '/ru/polls' });
      assert.match(res.body, /<html lang="ru" data-time-zone="UTC">/);
    });
    test('a topic with no Russian articles names no Russian alternate', async () => {
      await create({ title: 'Tagged', tags: ['Energy security'] });
      const alt = hreflangs((await t.app.inject({ url: '/tags/energy-security' })).body);
      assert.equal(alt.ru, undefined);
      assert.equal((await t.app.inject({ url: '/ru/tags/energy-security' })).statusCode, 404);
      await create({ title: 'Энергобезопасность', language: 'ru', tags: ['Energy security'] });
      const both = hreflangs((await t.app.inject({ url: '/tags/energy-security' })).body);
      assert.equal(both.ru, 'http://rostrum.test/ru/tags/energy-security');
      assert.equal((await t.app.inject({ url: '/ru/tags/energy-security' })).statusCode, 200);
    });
    test('a version in a language without an edition is not announced as another language', async () => {
      const e = await idOf({ title: 'Caspian' });
      const f = await idOf({ title: 'Caspienne', language: 'fr', translation_of: e.id });
      await idOf({ title: 'Каспий', language: 'ru', translation_of: e.id });
      assert.notEqual(hreflangs((await t.app.inject({ url: new URL(f.url).pathname })).body).en, f.url);
    });
    test('an author starts a translation of their own article in review from the office', async () => {
      const a = (await create({ title: 'Mine', status: 'draft', published_at: undefined }, t.tokens.author)).json() as { id: number };
      await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${a.id}`, headers: bearer(t.tokens.author), payload: { status: 'in_review' } });
      const s = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      assert.ok((await s.get(`/admin/articles/${a.id}`)).body.includes(`/admin/articles/${a.id}/translate`));
      const started = await s.post(`/admin/articles/${a.id}/translate`, { language: 'ru' });
      assert.equal(started.statusCode, 303, started.body);
      assert.match(started.headers.location as string, /^\/admin\/articles\/\d+\?notice=translation$/);
    });
    test('dropping the Russian edition sends /ru/ article links on to their plain address', async () => {
      const r = await idOf({ title: 'Уйдёт', language: 'ru' });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en'] } });
      const old = await t.app.inject({ url: new URL(r.url).pathname });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'] } });
      assert.equal(old.statusCode, 301);
    });
  });
}
