import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getPortal } from './store.ts';

/** The card titles of a portal page's section, in order. */
function cardsIn(html: string, headingId: 'curated-heading' | 'latest-heading'): string[] {
  const section = new RegExp(`<h2 id="${headingId}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
  return [...section.matchAll(/<h3[^>]*>\s*<a href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => `${m[2]!} ${m[1]!}`);
}

for (const kind of await databaseKinds()) {
  describe(`portals in each edition on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    const ids: Record<string, number> = {};
    const put = (payload: unknown, slug = 'business') => t.app.inject({ method: 'PUT', url: `/api/v1/portals/${slug}`, headers: bearer(t.tokens.editor), payload: payload as object });

    async function article(key: string, payload: Record<string, unknown>) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'portal-expert', lead: 'Lead.', body: 'Body.', status: 'published', ...payload },
      });
      assert.equal(res.statusCode, 201, res.body);
      ids[key] = (res.json() as { id: number }).id;
    }

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const settings = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'] } });
      assert.equal(settings.statusCode, 200, settings.body);
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Portal Expert' } });
      await article('corridors', { title: 'Trade corridors explained', published_at: '2025-01-01T10:00:00Z' });
      await article('corridorsRu', { title: 'Торговые коридоры', language: 'ru', translation_of: ids.corridors, published_at: '2025-01-02T10:00:00Z' });
      await article('ports', { title: 'Ports and power', published_at: '2025-01-03T10:00:00Z' });
      await article('gasRu', { title: 'Газ и Арктика', language: 'ru', published_at: '2025-01-04T10:00:00Z' });
    });
    after(() => t.close());

    test('the API takes a portal’s words in other languages and answers with them', async () => {
      const res = await put({ intro: 'Briefings for **decision makers**.', articles: [ids.corridors, ids.ports], translations: { ru: { intro: 'Обзоры для **руководителей**.' } } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().translations, { ru: { title: '', intro: 'Обзоры для **руководителей**.' } });
      assert.equal(res.json().title, 'For business');
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.detail, 'Changed: introduction, selected articles, introduction (ru)');
    });

    test('/ru/for-business speaks Russian: its title and introduction, Russian versions of the chosen articles, the Russian edition’s latest', async () => {
      const res = await t.app.inject({ url: '/ru/for-business' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="ru"/);
      assert.match(res.body, /<h1>Бизнесу<\/h1>/, 'the portal’s name in Russian while editors have given it no title');
      assert.match(res.body, /Обзоры для <strong>руководителей<\/strong>/);
      assert.match(res.body, /<h2 id="curated-heading">Подборка для вас<\/h2>/);
      assert.match(res.body, /<h2 id="latest-heading">Свежая аналитика<\/h2>/);
      assert.deepEqual(cardsIn(res.body, 'curated-heading'), ['Торговые коридоры /ru/blogs/portal-expert/torgovye-koridory', 'Ports and power /blogs/portal-expert/ports-and-power']);
      assert.deepEqual(cardsIn(res.body, 'latest-heading'), ['Газ и Арктика /ru/blogs/portal-expert/gaz-i-arktika', 'Торговые коридоры /ru/blogs/portal-expert/torgovye-koridory']);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/rostrum\.test\/ru\/for-business"/);
      assert.match(res.body, /<link rel="alternate" hreflang="en" href="http:\/\/rostrum\.test\/for-business"/);
      assert.match(res.body, /<link rel="alternate" hreflang="ru" href="http:\/\/rostrum\.test\/ru\/for-business"/);
      const students = await t.app.inject({ url: '/ru/for-students' });
      assert.match(students.body, /<h1>Студентам<\/h1>/);
    });

    test('the English edition stays English', async () => {
      const res = await t.app.inject({ url: '/for-business' });
      assert.match(res.body, /<html lang="en"/);
      assert.match(res.body, /<h1>For business<\/h1>/);
      assert.match(res.body, /Briefings for <strong>decision makers<\/strong>/);
      assert.deepEqual(cardsIn(res.body, 'curated-heading'), ['Trade corridors explained /blogs/portal-expert/trade-corridors-explained', 'Ports and power /blogs/portal-expert/ports-and-power']);
      assert.deepEqual(cardsIn(res.body, 'latest-heading'), ['Ports and power /blogs/portal-expert/ports-and-power', 'Trade corridors explained /blogs/portal-expert/trade-corridors-explained']);
      assert.match(res.body, /Selected for you[\s\S]*Latest analysis/);
    });

    test('a title editors chose falls back to the default language’s until it has its own; a chosen Russian article shows once', async () => {
      assert.equal((await put({ title: 'Business briefings', articles: [ids.corridors, ids.corridorsRu] })).statusCode, 200);
      let ru = await t.app.inject({ url: '/ru/for-business' });
      assert.match(ru.body, /<h1>Business briefings<\/h1>/);
      assert.deepEqual(cardsIn(ru.body, 'curated-heading'), ['Торговые коридоры /ru/blogs/portal-expert/torgovye-koridory']);
      assert.equal((await put({ translations: { ru: { title: 'Деловые обзоры' } } })).statusCode, 200);
      ru = await t.app.inject({ url: '/ru/for-business' });
      assert.match(ru.body, /<h1>Деловые обзоры<\/h1>/);
      assert.match(ru.body, /<title>Деловые обзоры — /);
      const portal = await getPortal(t.db.handle, 'business', 'ru');
      assert.equal(portal.title, 'Деловые обзоры');
      assert.equal((await getPortal(t.db.handle, 'business')).title, 'Business briefings');
      assert.equal((await getPortal(t.db.handle, 'business', 'en')).title, 'Business briefings');
      assert.equal((await getPortal(t.db.handle, 'researchers', 'ru')).title, 'Исследователям', 'never saved: the catalogue’s name');
    });

    test('unknown languages, the default language, oversize and hostile texts', async () => {
      const cases: Array<[unknown, string]> = [
        [{ fr: { title: 'Pour les entreprises' } }, 'translations.fr'],
        [{ en: { title: 'For business' } }, 'translations.en'],
        [{ ru: { title: 'Т'.repeat(201) } }, 'translations.ru.title'],
        [{ ru: { intro: 'В'.repeat(20_001) } }, 'translations.ru.intro'],
        [{ ru: { heading: 'x' } }, 'translations.ru.heading'],
      ];
      for (const [translations, field] of cases) {
        const res = await put({ translations });
        assert.equal(res.statusCode, 422, JSON.stringify(translations).slice(0, 60));
        assert.equal(res.json().error.field, field);
      }
      assert.equal((await getPortal(t.db.handle, 'business', 'ru')).title, 'Деловые обзоры', 'nothing written');
      assert.equal((await put({ translations: { ru: { title: hostileStrings[0], intro: `${hostileStrings[1]}\n\n<script>alert(2)</script>` } } })).statusCode, 200);
      const ru = await t.app.inject({ url: '/ru/for-business' });
      assert.doesNotMatch(ru.body, /<script>alert|<img src=x/);
      assert.match(ru.body, /<h1>&lt;script>alert/);
    });

    test('the office edits the title and introduction per other language', async () => {
      const form = await editor.get('/admin/portals/business');
      assert.match(form.body, /<fieldset class="translation-fields"><legend>Русский<\/legend>/);
      assert.match(form.body, /<label for="field-translations\.ru\.title">Title in Русский<\/label>/);
      const saved = await editor.post('/admin/portals/business', { title: 'Business briefings', intro: 'English.', 'translations.ru.title': 'Бизнесу', 'translations.ru.intro': 'По-русски.' });
      assert.equal(saved.statusCode, 303, saved.body);
      const portal = await getPortal(t.db.handle, 'business');
      assert.deepEqual(portal.translations.ru, { title: 'Бизнесу', introMarkdown: 'По-русски.' });
      assert.match((await editor.get('/admin/portals/business')).body, /name="translations\.ru\.title" type="text" value="Бизнесу"/);
      const refused = await editor.post('/admin/portals/business', { title: 'Business briefings', intro: 'English.', 'translations.ru.title': 'Т'.repeat(201), 'translations.ru.intro': 'Оставлено' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /Title in Русский: must be at most 200 characters/);
      assert.match(refused.body, />Оставлено<\/textarea>/);
      const cleared = await editor.post('/admin/portals/business', { title: 'Business briefings', intro: 'English.', 'translations.ru.title': '', 'translations.ru.intro': '' });
      assert.equal(cleared.statusCode, 303);
      assert.deepEqual((await getPortal(t.db.handle, 'business')).translations, {}, 'nothing left in Russian: the page falls back');
      assert.match((await t.app.inject({ url: '/ru/for-business' })).body, /<h1>Business briefings<\/h1>/);
    });
  });
}
