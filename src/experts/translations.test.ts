import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { expertsInLanguage, getExpertBySlug, getExpertTranslations, listAllExperts } from './store.ts';

interface ExpertJson {
  id: number;
  slug: string;
  name: string;
  title: string;
  translations: Record<string, { name: string; title: string; affiliation: string; bio: string }>;
}

/** The messages of the error summary at the top of a refused form. */
const problemsOf = (html: string) => [...(/<div class="error-summary"[^>]*>(.*?)<\/div>/s.exec(html)?.[1]?.matchAll(/<li>(.*?)<\/li>/gs) ?? [])].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

for (const kind of await databaseKinds()) {
  describe(`experts’ texts per language on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    const call = (method: 'POST' | 'PATCH', url: string, payload: unknown) => t.app.inject({ method, url, headers: bearer(t.tokens.admin), payload: payload as object });

    /** The profile form as a browser sends it: multipart, the CSRF token in the address. */
    function submit(path: string, fields: Record<string, string>) {
      const body = multipartBody(undefined, fields, { fileField: 'photo_file', emptyFilePart: true });
      return t.app.inject({ method: 'POST', url: `${path}?_csrf=${encodeURIComponent(admin.csrf)}`, headers: { cookie: admin.cookie, ...body.headers }, payload: body.payload });
    }

    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
    });
    after(() => t.close());

    test('on a one-language site the form asks for nothing more', async () => {
      const form = await admin.get('/admin/experts/new');
      assert.doesNotMatch(form.body, /translations\./);
      assert.doesNotMatch(form.body, /<fieldset class="translation-fields">/);
    });

    test('the API takes the profile in another language, answers with it, and changes it text by text', async () => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'] } });
      assert.equal(res.statusCode, 200, res.body);
      const made = await call('POST', '/api/v1/experts', {
        name: 'Daniyar Seitkali',
        title: 'Senior Fellow',
        affiliation: 'Wrenfield Institute',
        bio: 'Writes on Central Asia.',
        translations: { ru: { name: ' Данияр Сейткали ', title: 'Старший научный сотрудник', bio: 'Пишет о Центральной Азии.\r\nИ о воде.' } },
      });
      assert.equal(made.statusCode, 201, made.body);
      const expert = made.json() as ExpertJson;
      assert.deepEqual(expert.translations, { ru: { name: 'Данияр Сейткали', title: 'Старший научный сотрудник', affiliation: '', bio: 'Пишет о Центральной Азии.\nИ о воде.' } });
      assert.equal(expert.name, 'Daniyar Seitkali');
      const [created] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(created!.action, 'expert.create');
      assert.equal(created!.detail, 'with name (ru), title (ru), bio (ru)');

      const patched = await call('PATCH', `/api/v1/experts/${expert.slug}`, { translations: { ru: { affiliation: 'Ренфилдский институт', bio: '' } } });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual((patched.json() as ExpertJson).translations.ru, { name: 'Данияр Сейткали', title: 'Старший научный сотрудник', affiliation: 'Ренфилдский институт', bio: '' });
      const [changed] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(changed!.detail, 'changed affiliation (ru), bio (ru)');
      const same = await call('PATCH', `/api/v1/experts/${expert.slug}`, { translations: { ru: { affiliation: 'Ренфилдский институт' } } });
      assert.equal(same.statusCode, 200);
      assert.equal((await listAuditEvents(t.db.handle, { limit: 1 }))[0]!.id, changed!.id, 'a change that changes nothing is not logged');

      const publicOne = (await t.app.inject({ url: `/api/v1/public/experts/${expert.slug}` })).json() as ExpertJson;
      assert.equal(publicOne.translations.ru!.name, 'Данияр Сейткали');
      const list = (await t.app.inject({ url: '/api/v1/public/experts' })).json() as { items: ExpertJson[] };
      assert.deepEqual(list.items.find((e) => e.slug === 'author-expert')!.translations, {});
      assert.equal(list.items.find((e) => e.slug === expert.slug)!.translations.ru!.affiliation, 'Ренфилдский институт');
    });

    test('unknown languages, the default language and oversize texts are refused with 422; nothing is written', async () => {
      const cases: Array<[unknown, string]> = [
        [{ fr: { name: 'Jean' } }, 'translations.fr'],
        [{ 'ru-RU': { name: 'Иван' } }, 'translations.ru-RU'],
        [{ en: { name: 'John' } }, 'translations.en'],
        [{ ru: { name: 'И'.repeat(201) } }, 'translations.ru.name'],
        [{ ru: { title: 'Т'.repeat(301) } }, 'translations.ru.title'],
        [{ ru: { affiliation: 'А'.repeat(301) } }, 'translations.ru.affiliation'],
        [{ ru: { bio: 'Б'.repeat(5001) } }, 'translations.ru.bio'],
        [{ ru: { position: 'x' } }, 'translations.ru.position'],
        [{ ru: { name: 42 } }, 'translations.ru.name'],
        [{ ru: { name: 'bad\u0000nul' } }, 'translations.ru.name'],
        [{ ru: null }, 'translations.ru'],
        ['ru', 'translations'],
      ];
      for (const [translations, field] of cases) {
        const res = await call('POST', '/api/v1/experts', { name: 'Refused Expert', translations });
        assert.equal(res.statusCode, 422, JSON.stringify(translations).slice(0, 80));
        assert.equal((res.json() as { error: { field: string } }).error.field, field, JSON.stringify(translations).slice(0, 80));
        const patch = await call('PATCH', '/api/v1/experts/author-expert', { translations });
        assert.equal(patch.statusCode, 422, JSON.stringify(translations).slice(0, 80));
      }
      assert.equal(await getExpertBySlug(t.db.handle, 'refused-expert'), undefined);
      assert.deepEqual(await getExpertTranslations(t.db.handle, (await getExpertBySlug(t.db.handle, 'author-expert'))!.id), {});
    });

    test('expertsInLanguage: copies in the order given, each text in the language where it has one, else the default’s', async () => {
      const daniyar = (await getExpertBySlug(t.db.handle, 'daniyar-seitkali'))!;
      const author = (await getExpertBySlug(t.db.handle, 'author-expert'))!;
      const ru = await expertsInLanguage(t.db.handle, [author, daniyar, author], 'ru');
      assert.deepEqual(
        ru.map((e) => [e.id, e.name, e.position, e.affiliation, e.bio]),
        [
          [author.id, 'Author Expert', '', '', ''],
          [daniyar.id, 'Данияр Сейткали', 'Старший научный сотрудник', 'Ренфилдский институт', 'Writes on Central Asia.'],
          [author.id, 'Author Expert', '', '', ''],
        ],
      );
      assert.notEqual(ru[1], daniyar, 'a copy');
      assert.equal(daniyar.name, 'Daniyar Seitkali', 'the experts given are left as they were');
      assert.deepEqual(
        (await expertsInLanguage(t.db.handle, [daniyar], 'en')).map((e) => e.name),
        ['Daniyar Seitkali'],
      );
      assert.deepEqual(await expertsInLanguage(t.db.handle, [], 'ru'), []);
    });

    test('the office’s form has a fieldset per other language; what is typed there is saved and shown again', async () => {
      const form = await admin.get('/admin/experts/new');
      assert.match(form.body, /<fieldset class="translation-fields"><legend>Русский<\/legend>/);
      for (const label of ['Name in Русский', 'Title in Русский', 'Affiliation in Русский', 'Biography in Русский']) assert.match(form.body, new RegExp(`>${label}</label>`), label);
      const res = await submit('/admin/experts/new', {
        name: 'Maren Solheim',
        title: 'Senior Fellow',
        'translations.ru.name': 'Марен Сульхейм',
        'translations.ru.title': 'Старший научный сотрудник',
        'translations.ru.affiliation': '',
        'translations.ru.bio': 'Энергетика и Арктика.',
      });
      assert.equal(res.statusCode, 303, res.body);
      const id = Number(/^\/admin\/experts\/(\d+)\?/.exec(String(res.headers.location))![1]);
      assert.deepEqual(await getExpertTranslations(t.db.handle, id), { ru: { name: 'Марен Сульхейм', position: 'Старший научный сотрудник', affiliation: '', bio: 'Энергетика и Арктика.' } });
      const page = await admin.get(`/admin/experts/${id}`);
      assert.match(page.body, /name="translations\.ru\.name" type="text" value="Марен Сульхейм"/);
      assert.match(page.body, /name="translations\.ru\.bio"[^>]*>Энергетика и Арктика\.<\/textarea>/);

      const edited = await submit(`/admin/experts/${id}`, { name: 'Maren Solheim', title: 'Senior Fellow', 'translations.ru.name': 'Марен Сульхейм', 'translations.ru.bio': '' });
      assert.equal(edited.statusCode, 303, edited.body);
      assert.equal((await getExpertTranslations(t.db.handle, id)).ru!.bio, '');
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.detail, 'changed bio (ru)');

      const refused = await submit(`/admin/experts/${id}`, { name: 'Maren Solheim', 'translations.ru.bio': 'Б'.repeat(5001), 'translations.ru.name': 'Марен' });
      assert.equal(refused.statusCode, 422);
      assert.ok(
        problemsOf(refused.body).some((p) => p.startsWith('Biography in Русский: must be at most 5000 characters')),
        problemsOf(refused.body).join(' | '),
      );
      assert.match(refused.body, /value="Марен"/, 'what was typed is kept');
      assert.equal((await getExpertTranslations(t.db.handle, id)).ru!.name, 'Марен Сульхейм', 'nothing written');
    });

    test('the office lists experts A to Z as the default language sorts names; hostile texts are escaped', async () => {
      for (const name of ['Яшин Лев', 'Ёлкин Пётр', 'Егоров Иван', 'Абрамов Олег']) assert.equal((await call('POST', '/api/v1/experts', { name })).statusCode, 201, name);
      const hostile = await call('POST', '/api/v1/experts', { name: 'Hostile Translation', translations: { ru: { name: hostileStrings[0], title: hostileStrings[1], bio: hostileStrings[3] } } });
      assert.equal(hostile.statusCode, 201, hostile.body);
      const list = await admin.get('/admin/experts');
      const names = [...list.body.matchAll(/<a href="\/admin\/experts\/\d+">(.*?)<\/a>/g)].map((m) => m[1]!);
      assert.deepEqual(
        names.filter((n) => /^[А-ЯЁ]/.test(n)),
        ['Абрамов Олег', 'Егоров Иван', 'Ёлкин Пётр', 'Яшин Лев'],
      );
      const form = await admin.get(`/admin/experts/${(hostile.json() as ExpertJson).id}`);
      assert.doesNotMatch(form.body, /<script>alert|<img src=x|<svg onload/);
      assert.match(form.body, /value="&lt;script>alert/);
    });

    // A linked author keeps their own profile (src/experts/policies.ts): every language's texts but the name, the editors' byline.
    test('a linked author edits their profile in each language, but not its name', async () => {
      const authorExpert = (await getExpertBySlug(t.db.handle, 'author-expert'))!;
      assert.equal((await call('PATCH', '/api/v1/experts/author-expert', { translations: { ru: { name: 'Автор Эксперт', title: 'Научный сотрудник' } } })).statusCode, 200);
      const author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      const page = await author.get(`/admin/experts/${authorExpert.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<legend>Русский<\/legend>/);
      assert.match(page.body, /name="translations\.ru\.title" type="text" value="Научный сотрудник"/);
      assert.match(page.body, /name="translations\.ru\.bio"/);
      assert.doesNotMatch(page.body, /name="translations\.ru\.name"/);
      // The form as the author sends it (no name): the Russian title changes, the Russian name stays.
      const saved = await author.post(`/admin/experts/${authorExpert.id}`, { title: '', affiliation: '', bio: '', 'translations.ru.title': 'Старший научный сотрудник' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      const ru = (await getExpertTranslations(t.db.handle, authorExpert.id)).ru;
      assert.equal(ru?.position, 'Старший научный сотрудник');
      assert.equal(ru?.name, 'Автор Эксперт');
    });

    test('deleting an expert deletes their texts in other languages', async () => {
      const maren = (await listAllExperts(t.db.handle)).find((e) => e.slug === 'maren-solheim')!;
      assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/experts/maren-solheim', headers: bearer(t.tokens.admin) })).statusCode, 204);
      const left = await t.db.handle.db.selectFrom('expertTranslations').select('expertId').where('expertId', '=', maren.id).execute();
      assert.deepEqual(left, []);
    });
  });
}
