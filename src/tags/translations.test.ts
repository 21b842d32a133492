import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { ensureTag, getTagById, getTagBySlug, getTagTranslations, tagsInLanguage } from './store.ts';

interface TagJson {
  id: number;
  slug: string;
  name: string;
  kind: string;
  translations: Record<string, { name: string }>;
}

for (const kind of await databaseKinds()) {
  describe(`tags’ names per language on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    const call = (method: 'POST' | 'PATCH', url: string, payload: unknown, token = t.tokens.editor) => t.app.inject({ method, url, headers: bearer(token), payload: payload as object });

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'] } });
      assert.equal(res.statusCode, 200, res.body);
    });
    after(() => t.close());

    test('the API takes a tag’s names in other languages, answers with them, and changes them', async () => {
      const made = await call('POST', '/api/v1/tags', { name: 'Energy security', translations: { ru: { name: ' Энергетическая безопасность ' } } });
      assert.equal(made.statusCode, 201, made.body);
      const tag = made.json() as TagJson;
      assert.deepEqual(tag.translations, { ru: { name: 'Энергетическая безопасность' } });
      assert.deepEqual(await getTagTranslations(t.db.handle, tag.id), { ru: 'Энергетическая безопасность' });
      const changed = await call('PATCH', `/api/v1/tags/${tag.slug}`, { translations: { ru: { name: 'Энергобезопасность' } } });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual((changed.json() as TagJson).translations, { ru: { name: 'Энергобезопасность' } });
      assert.equal((changed.json() as TagJson).name, 'Energy security', 'the default name stays');
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.action, 'tag.update');
      assert.equal(entry!.detail, 'name (ru) “Энергобезопасность”');
      const cleared = await call('PATCH', `/api/v1/tags/${tag.slug}`, { translations: { ru: { name: '' } } });
      assert.deepEqual((cleared.json() as TagJson).translations, {}, 'an empty name falls back to the default');
      const renamed = await call('PATCH', `/api/v1/tags/${tag.slug}`, { name: 'Energy policy', kind: 'topic' });
      assert.equal((renamed.json() as TagJson).name, 'Energy policy');
      assert.equal((renamed.json() as TagJson).slug, tag.slug);
    });

    test('bad names and languages are refused with 422, and nothing is written', async () => {
      const cases: Array<[unknown, string]> = [
        [{ name: 'Trade', translations: { fr: { name: 'Commerce' } } }, 'translations.fr'],
        [{ name: 'Trade', translations: { en: { name: 'Commerce' } } }, 'translations.en'],
        [{ name: 'Trade', translations: { ru: { name: 'т'.repeat(201) } } }, 'translations.ru.name'],
        [{ name: 'Trade', translations: { ru: { name: '!!!' } } }, 'translations.ru.name'],
        [{ name: 'Trade', translations: { ru: { name: 'Торговля', title: 'x' } } }, 'translations.ru.title'],
        [{ name: 'Trade', translations: { ru: 'Торговля' } }, 'translations.ru'],
        [{ name: 'Trade', translations: ['ru'] }, 'translations'],
        [{ name: 'Trade', translations: { ru: { name: 'bad\u0007bell' } } }, 'translations.ru.name'],
      ];
      for (const [payload, field] of cases) {
        const res = await call('POST', '/api/v1/tags', payload);
        assert.equal(res.statusCode, 422, JSON.stringify(payload));
        assert.equal((res.json() as { error: { field: string } }).error.field, field, JSON.stringify(payload));
      }
      assert.equal(await getTagBySlug(t.db.handle, 'trade'), undefined);
      assert.equal((await call('PATCH', '/api/v1/tags/no-such-tag', { name: 'X' })).statusCode, 404);
      assert.equal((await call('PATCH', '/api/v1/tags/no-such-tag', { name: 'X' }, t.tokens.author)).statusCode, 403);
      assert.equal((await call('PATCH', '/api/v1/tags/energy-security', {})).statusCode, 422);
    });

    test('tagsInLanguage: the stored name, else a place’s own name in that language, else the tag’s; same order, copies', async () => {
      const kazakhstan = await ensureTag(t.db.handle, 'Kazakhstan', 'country');
      const centralAsia = await ensureTag(t.db.handle, 'Central Asia', 'region');
      const norway = await ensureTag(t.db.handle, 'Norway', 'country');
      const water = await ensureTag(t.db.handle, 'Water', 'topic');
      const arctic = await ensureTag(t.db.handle, 'Arctic', 'region');
      await call('PATCH', `/api/v1/tags/${norway.slug}`, { translations: { ru: { name: 'Королевство Норвегия' } } });
      const tags = [water, kazakhstan, centralAsia, norway, arctic];
      const ru = await tagsInLanguage(t.db.handle, tags, 'ru');
      assert.deepEqual(
        ru.map((tag) => tag.name),
        ['Water', 'Казахстан', 'Центральная Азия', 'Королевство Норвегия', 'Арктика'],
      );
      assert.deepEqual(
        ru.map((tag) => tag.id),
        tags.map((tag) => tag.id),
      );
      assert.equal(kazakhstan.name, 'Kazakhstan', 'the tags given are left as they were');
      const en = await tagsInLanguage(t.db.handle, tags, 'en');
      assert.deepEqual(
        en.map((tag) => tag.name),
        ['Water', 'Kazakhstan', 'Central Asia', 'Norway', 'Arctic'],
      );
      assert.deepEqual(await tagsInLanguage(t.db.handle, [], 'ru'), []);
      const twice = await tagsInLanguage(t.db.handle, [kazakhstan, kazakhstan], 'ru');
      assert.deepEqual(
        twice.map((tag) => tag.name),
        ['Казахстан', 'Казахстан'],
      );
    });

    test('the office edits a name per other language; the list shows them, A to Z as the default language sorts', async () => {
      const tag = await ensureTag(t.db.handle, 'Sanctions', 'topic');
      const page = await editor.get(`/admin/tags/${tag.id}`);
      assert.match(page.body, /<label for="field-translations\.ru\.name">Name in Русский<\/label>/);
      const saved = await editor.post(`/admin/tags/${tag.id}`, { name: 'Sanctions', kind: 'topic', 'translations.ru.name': 'Санкции' });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.deepEqual(await getTagTranslations(t.db.handle, tag.id), { ru: 'Санкции' });
      assert.match((await editor.get(`/admin/tags/${tag.id}`)).body, /name="translations\.ru\.name" type="text" value="Санкции"/);
      const place = await getTagBySlug(t.db.handle, 'kazakhstan');
      assert.match((await editor.get(`/admin/tags/${place!.id}`)).body, /Left empty, pages in this language call it “Казахстан”/);
      const tooLong = await editor.post(`/admin/tags/${tag.id}`, { name: 'Sanctions', kind: 'topic', 'translations.ru.name': 'С'.repeat(201) });
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /Name in Русский: must be at most 200 characters/);
      assert.deepEqual(await getTagTranslations(t.db.handle, tag.id), { ru: 'Санкции' }, 'nothing written');
      const forged = await editor.post(`/admin/tags/${tag.id}`, { name: 'Sanctions', kind: 'topic', 'translations.xx.name': 'x' });
      assert.equal(forged.statusCode, 422);
      // Names the database would sort byte by byte ("Ёлка" after "Яблоко") come in the language's order.
      for (const name of ['Яблоко', 'Ёлка', 'Ель', 'Апельсин']) await ensureTag(t.db.handle, name, 'topic');
      const list = await editor.get('/admin/tags');
      assert.match(list.body, /<th scope="col">In other languages<\/th>/);
      assert.match(list.body, /ru: Санкции/);
      assert.match(list.body, /ru: Казахстан/);
      const topics = [...list.body.matchAll(/<a href="\/admin\/tags\/\d+">(.*?)<\/a><\/td><td>[^<]*<\/td><td>Topic/g)].map((m) => m[1]!);
      const cyrillic = topics.filter((name) => /^[А-ЯЁ]/.test(name));
      assert.deepEqual(cyrillic, ['Апельсин', 'Ёлка', 'Ель', 'Яблоко']);
    });

    test('names in other languages are escaped in the office and go with their tag', async () => {
      const made = await call('POST', '/api/v1/tags', { name: 'Hostile names', translations: { ru: { name: hostileStrings[0] } } });
      assert.equal(made.statusCode, 201, made.body);
      const { id } = made.json() as TagJson;
      const page = await editor.get(`/admin/tags/${id}`);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /value="&lt;script>alert/);
      assert.doesNotMatch((await editor.get('/admin/tags')).body, /<script>alert/);
      const deleted = await editor.post(`/admin/tags/${id}/delete`, { confirm: '1' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(await getTagById(t.db.handle, id), undefined);
      const left = await t.db.handle.db.selectFrom('tagTranslations').select('tagId').where('tagId', '=', id).execute();
      assert.deepEqual(left, [], 'its names in other languages went with it');
    });
  });

  describe(`tags on a one-language site, ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('the office asks for no other names, and the list has no column for them', async () => {
      const editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const tag = await ensureTag(t.db.handle, 'Trade', 'topic');
      assert.doesNotMatch((await editor.get(`/admin/tags/${tag.id}`)).body, /translations\./);
      assert.doesNotMatch((await editor.get('/admin/tags')).body, /In other languages/);
      // The API still keeps a name in a language Rostrum has an edition in, for when the site gets one.
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/tags/trade', headers: bearer(t.tokens.editor), payload: { translations: { ru: { name: 'Торговля' } } } });
      assert.equal(res.statusCode, 200, res.body);
    });
  });
}
