import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { listAuditEvents } from '../audit/store.ts';
import { glossaryMatcher } from './marking.ts';
import { createGlossaryTerm, listGlossaryTermsIn } from './store.ts';

/** The terms a glossary page lists, in its order. */
const termsOnPage = (html: string) => [...html.matchAll(/<dt>(.*?)<\/dt>/g)].map((m) => m[1]!);

for (const kind of await databaseKinds()) {
  describe(`glossaries per language on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    const create = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: bearer(t.tokens.editor), payload: payload as object });
    const setLanguages = async (languages: string[]) => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages } });
      assert.equal(res.statusCode, 200, res.body);
    };

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
    });
    after(() => t.close());

    test('a term is in one of the site’s languages: the default when none is given, 422 for any other', async () => {
      const plain = await create({ term: 'EU', expansion: 'European Union' });
      assert.equal(plain.statusCode, 201, plain.body);
      assert.equal(plain.json().language, 'en');
      const notOnSite = await create({ term: 'ЕС', expansion: 'Европейский союз', language: 'ru' });
      assert.equal(notOnSite.statusCode, 422, 'the site has no Russian edition yet');
      assert.equal(notOnSite.json().error.field, 'language');
      assert.match(notOnSite.json().error.message, /site’s languages: en/);
      await setLanguages(['en', 'ru']);
      for (const language of ['fr', 'EN', 'english', '', 7, null, ['ru']]) {
        const res = await create({ term: 'Неведомо', expansion: 'x', language });
        assert.equal(res.statusCode, 422, JSON.stringify(language));
        assert.equal(res.json().error.field, 'language');
      }
      const es = await create({ term: 'ЕС', expansion: 'Европейский союз', language: 'ru' });
      assert.equal(es.statusCode, 201, es.body);
      assert.equal(es.json().language, 'ru');
      assert.equal(es.json().url, `${t.db.config.publicUrl}/ru/glossary#term-es`, 'its entry is on the Russian edition’s page');
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.subjectLabel, 'ЕС');
    });

    test('terms are unique per language whatever the case, not across languages', async () => {
      assert.equal((await create({ term: 'санкции', expansion: 'Ограничительные меры', language: 'ru', definition: 'Меры давления.' })).statusCode, 201);
      const again = await create({ term: 'САНКЦИИ', expansion: 'Другое', language: 'ru' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.field, 'term');
      const english = await create({ term: 'санкции', expansion: 'The Russian word for sanctions', language: 'en' });
      assert.equal(english.statusCode, 201, 'the English glossary may have it too');
      assert.notEqual(english.json().slug, 'sankcii', 'anchors stay unique');
      // Moving a term to a language that has it already is the same conflict.
      const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/glossary/${english.json().id}`, headers: bearer(t.tokens.editor), payload: { language: 'ru' } });
      assert.equal(moved.statusCode, 409);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/glossary/${english.json().id}`, headers: bearer(t.tokens.editor) })).statusCode, 204);
    });

    test('each edition’s page lists its own terms, sorted as its language sorts them (Ё beside Е)', async () => {
      for (const [term, expansion] of [
        ['Ёмкость рынка', 'Объём спроса'],
        ['Евразия', 'Континент'],
        ['Жёсткая сила', 'Принуждение'],
        ['Аренда', 'Наём'],
        ['Йошкар-Ола', 'Город'],
        ['NATO', 'Северо-Атлантический альянс'],
      ]) {
        assert.equal((await create({ term, expansion, language: 'ru' })).statusCode, 201, term);
      }
      const ru = await t.app.inject({ url: '/ru/glossary' });
      assert.equal(ru.statusCode, 200);
      assert.match(ru.body, /<html lang="ru"/);
      assert.match(ru.body, /<h1>Глоссарий<\/h1>/);
      assert.deepEqual(termsOnPage(ru.body), ['Аренда', 'Евразия', 'Ёмкость рынка', 'ЕС', 'Жёсткая сила', 'Йошкар-Ола', 'санкции', 'NATO']);
      // The index is the Russian alphabet: Ё under Е, Й a letter of its own, Latin letters after it.
      assert.match(ru.body, /<a href="#letter-е">Е<\/a>/);
      assert.doesNotMatch(ru.body, /#letter-ё/);
      assert.match(ru.body, /<a href="#letter-й">Й<\/a>/);
      assert.match(ru.body, /<span class="letter-empty">Я<\/span>/);
      assert.match(ru.body, /<li><a href="#letter-n">N<\/a><\/li><\/ul>/);
      assert.match(ru.body, /<link rel="canonical" href="http:\/\/rostrum\.test\/ru\/glossary"/);
      assert.match(ru.body, /hreflang="en" href="http:\/\/rostrum\.test\/glossary"/);
      const en = await t.app.inject({ url: '/glossary' });
      assert.deepEqual(termsOnPage(en.body), ['EU']);
      assert.match(en.body, /<h1>Glossary<\/h1>/);
      const publicRu = (await t.app.inject({ url: '/api/v1/public/glossary?language=ru' })).json();
      assert.ok(publicRu.items.every((i: { language: string }) => i.language === 'ru'));
      assert.equal((await t.app.inject({ url: '/api/v1/public/glossary?language=xx' })).statusCode, 422);
    });

    test('articles mark only their language’s terms, inflected, linking to their edition’s page', async () => {
      const ru = await glossaryMatcher(t.db.handle, undefined, 'ru');
      const html = ru.mark('ЕСЛИ ЕС введёт новые санкций пакеты, NATO', new Set());
      assert.match(html, /^ЕСЛИ <a class="glossary-term" href="\/ru\/glossary#term-es"><abbr title="Европейский союз">ЕС<\/abbr><\/a> введёт/);
      assert.match(html, /<a class="glossary-term" href="\/ru\/glossary#term-sankcii"><abbr title="Ограничительные меры">санкций<\/abbr><\/a>/);
      assert.match(html, /href="\/ru\/glossary#term-nato"/);
      const en = await glossaryMatcher(t.db.handle, undefined, 'en');
      assert.equal(en.mark('санкций and ЕС', new Set()), 'санкций and ЕС', 'English articles are not marked with Russian terms');
      assert.match(en.mark('The EU', new Set()), /href="\/glossary#term-eu"/);
      assert.equal((await glossaryMatcher(t.db.handle, undefined)).size, (await listGlossaryTermsIn(t.db.handle, { only: 'en' })).length, 'English by default');
    });

    test('hostile terms are escaped on the edition’s page', async () => {
      for (const [i, hostile] of hostileStrings.entries()) {
        const res = await create({ term: `Термин${i}`, expansion: hostile, definition: hostile, language: 'ru' });
        assert.equal(res.statusCode, 201, res.body);
      }
      const page = await t.app.inject({ url: '/ru/glossary' });
      assert.doesNotMatch(page.body, /<script>alert|<img src=x|<svg onload/);
      assert.match(page.body, /&lt;script>alert/);
    });

    test('the office files a term under a language, lists each language’s terms, and refuses others', async () => {
      const form = await editor.get('/admin/glossary/new?language=ru');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<select id="field-language" name="language"[^>]*><option value="en">English \(en\)<\/option><option value="ru" selected>Русский \(ru\)<\/option>/);
      const saved = await editor.post('/admin/glossary/new', { term: 'Водозабор', expansion: 'Забор воды', definition: '', language: 'ru' });
      assert.equal(saved.statusCode, 303, saved.body);
      const id = Number(/\/admin\/glossary\/(\d+)/.exec(String(saved.headers.location))![1]);
      const edit = await editor.get(`/admin/glossary/${id}`);
      assert.match(edit.body, /<option value="ru" selected>/);
      const refused = await editor.post('/admin/glossary/new', { term: 'Terme', expansion: 'x', definition: '', language: 'fr' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /Language: is not a language Rostrum has an edition in/);
      assert.match(refused.body, /value="Terme"/);
      const list = await editor.get('/admin/glossary');
      assert.match(list.body, /<th scope="col">Language<\/th>/);
      assert.match(list.body, /Водозабор<\/a><\/td><td>Русский \(ru\)<\/td>/);
      assert.match(list.body, /href="\/ru\/glossary#term-vodozabor"/);
      // English first, then Russian, each A to Z as its language sorts.
      const listed = [...list.body.matchAll(/<a href="\/admin\/glossary\/\d+">(.*?)<\/a>/g)].map((m) => m[1]!);
      assert.equal(listed[0], 'EU');
      assert.ok(listed.indexOf('Евразия') < listed.indexOf('Ёмкость рынка') && listed.indexOf('Ёмкость рынка') < listed.indexOf('Жёсткая сила'), listed.join(', '));
    });
  });

  describe(`the glossary's languages on upgrade, ${kind}`, () => {
    test('terms made before languages are English, keep their ids, and ids are not reused', async () => {
      const t = await createTestDatabase(kind, {}, { migrate: false });
      try {
        await migrateToLatest(t.handle, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0034')));
        const now = nowIso();
        const old: Array<[string, string]> = [
          ['EU', 'eu'],
          ['LNG', 'lng'],
          ['GDP', 'gdp'],
        ];
        for (const [term, slug] of old) {
          await sql`insert into glossary_terms (term, term_key, slug, expansion, definition, created_at, updated_at) values (${term}, ${term.toLowerCase()}, ${slug}, 'x', '', ${now}, ${now})`.execute(
            t.handle.db,
          );
        }
        await sql`delete from glossary_terms where slug = 'gdp'`.execute(t.handle.db);
        await migrateToLatest(t.handle, migrations);
        const rows = await t.handle.db.selectFrom('glossaryTerms').select(['id', 'term', 'language']).orderBy('id').execute();
        assert.deepEqual(
          rows.map((r) => [r.term, r.language]),
          [
            ['EU', 'en'],
            ['LNG', 'en'],
          ],
        );
        const made = await createGlossaryTerm(t.handle, { term: 'ЕС', expansion: 'Европейский союз', definition: '', language: 'ru' });
        assert.ok(made.id > rows[1]!.id + 1, `a new term does not take the deleted term's id (${made.id})`);
        await assert.rejects(createGlossaryTerm(t.handle, { term: 'eu', expansion: 'again', definition: '' }), 'unique per language still');
        await createGlossaryTerm(t.handle, { term: 'eu', expansion: 'Latin letters in a Russian glossary', definition: '', language: 'ru' });
      } finally {
        await t.drop();
      }
    });
  });
}
