import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { saveSiteSettings } from '../site/store.ts';
import { attachmentDisposition } from './routes.ts';

const base = 'http://rostrum.test';
/** biblatex's convention is that styles may change a title's case; the round trip compares the text as written. */
const readAsWritten = { sentenceCase: false } as const;
const russian = {
  title: 'Подводные течения: «газ», "нефть", {скобки} & 50% </script><script>alert(1)</script>',
  lead: 'Кратко: кто платит за баланс сетей — и почему.',
  tags: ['Энергетика'],
  published_at: '2021-12-17T10:00:00Z',
  language: 'ru',
};
const english = { title: 'Storage and the Grid', lead: 'Batteries.', tags: ['Energy'], published_at: '2021-12-17T10:00:00Z', language: 'en' };

for (const kind of await databaseKinds()) {
  describe(`citation files in the Russian edition on ${kind}`, () => {
    let t: TestApp;
    let russianPath: string;
    let englishPath: string;
    before(async () => {
      t = await startTestApp(kind);
      await saveSiteSettings(t.db.handle, { languages: ['en', 'ru'], translations: { ru: { name: 'Институт Вренфилд' } } });
      t.ctx.contentChanged();
      for (const [name, slug] of [
        ['Иван Петрович Сидоров', 'ivan-sidorov'],
        ['Amara Okafor', 'amara-okafor'],
      ]) {
        const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name, slug } });
        assert.equal(expert.statusCode, 201, expert.body);
      }
      const paths: string[] = [];
      for (const [expert, article] of [
        ['ivan-sidorov', russian],
        ['amara-okafor', english],
      ] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/articles',
          headers: bearer(t.tokens.editor),
          payload: { expert, ...article, body: 'Текст.', status: 'published' },
        });
        assert.equal(created.statusCode, 201, created.body);
        paths.push(`/blogs/${expert}/${(created.json() as { slug: string }).slug}`);
      }
      [russianPath, englishPath] = paths as [string, string];
    });
    after(() => t.close());

    test('the BibTeX file of a Russian article: UTF-8, Cyrillic kept, langid russian, its /ru/ address', async () => {
      const res = await t.app.inject({ url: `/ru${russianPath}/cite.bib` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/x-bibtex; charset=utf-8');
      assert.equal(res.rawPayload.toString('utf8'), res.body);
      assert.ok(res.body.includes('Подводные течения'), 'Cyrillic is written as it is, not escaped');
      const { entries, errors } = parseBibtex(res.body, readAsWritten);
      assert.deepEqual(errors, []);
      assert.equal(entries.length, 1);
      const entry = entries[0]!;
      assert.equal(entry.type, 'online');
      assert.equal(entry.key, 'sidorov2021podvodnye');
      assert.equal(entry.fields.title, russian.title);
      assert.deepEqual(entry.fields.author, [{ lastName: 'Сидоров', firstName: 'Иван Петрович' }]);
      assert.equal(entry.fields.langid, 'russian');
      assert.equal(entry.fields.url, `${base}/ru${russianPath}`);
      assert.deepEqual(entry.fields.organization, ['Институт Вренфилд']);
      assert.equal(entry.fields.titleaddon, 'Иван Петрович Сидоров — блог эксперта');
      assert.equal(entry.fields.abstract, russian.lead);
      assert.deepEqual(entry.fields.keywords, ['Энергетика']);
    });

    test('the RIS file of a Russian article parses back with LA ru and its /ru/ address', async () => {
      const res = await t.app.inject({ url: `/ru${russianPath}/cite.ris` });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /\r\nLA {2}- ru\r\n/);
      const [item] = (await Cite.async(res.body)).data as Array<Record<string, any>>;
      assert.equal(item!.title, russian.title);
      assert.deepEqual(item!.author, [{ family: 'Сидоров', given: 'Иван Петрович' }]);
      assert.equal(item!.language, 'ru');
      assert.equal(item!.URL, `${base}/ru${russianPath}`);
      assert.equal(item!.publisher, 'Институт Вренфилд');
      assert.equal(item!.abstract, russian.lead);
    });

    test('the CSL-JSON file of a Russian article carries language ru and reads back through citation-js', async () => {
      const res = await t.app.inject({ url: `/ru${russianPath}/cite.json` });
      assert.equal(res.statusCode, 200, res.body);
      const [item] = res.json() as Array<Record<string, unknown>>;
      assert.deepEqual(item, {
        id: 'sidorov2021podvodnye',
        type: 'post-weblog',
        title: russian.title,
        author: [{ family: 'Сидоров', given: 'Иван Петрович' }],
        issued: { 'date-parts': [[2021, 12, 17]] },
        'container-title': 'Иван Петрович Сидоров — блог эксперта',
        publisher: 'Институт Вренфилд',
        URL: `${base}/ru${russianPath}`,
        abstract: russian.lead,
        language: 'ru',
        keyword: 'Энергетика',
      });
      const [read] = (await Cite.async(res.body)).data as Array<{ title: string; language: string }>;
      assert.deepEqual([read!.title, read!.language], [russian.title, 'ru']);
    });

    test('an English article’s files stay at its plain address, in English, as before', async () => {
      const res = await t.app.inject({ url: `${englishPath}/cite.bib` });
      assert.equal(res.statusCode, 200, res.body);
      const entry = parseBibtex(res.body, readAsWritten).entries[0]!;
      assert.equal(entry.fields.langid, 'english');
      assert.equal(entry.fields.url, base + englishPath);
      assert.deepEqual(entry.fields.organization, ['Rostrum']);
      assert.equal(entry.fields.titleaddon, "Amara Okafor's Blog");
    });

    test('a file asked for under the other edition’s address answers 301 with the article’s own', async () => {
      for (const ext of ['bib', 'ris', 'json']) {
        const toRussian = await t.app.inject({ url: `${russianPath}/cite.${ext}` });
        assert.equal(toRussian.statusCode, 301, `${russianPath}/cite.${ext}`);
        assert.equal(toRussian.headers.location, `/ru${russianPath}/cite.${ext}`);
        const toEnglish = await t.app.inject({ url: `/ru${englishPath}/cite.${ext}?x=1` });
        assert.equal(toEnglish.statusCode, 301);
        assert.equal(toEnglish.headers.location, `${englishPath}/cite.${ext}?x=1`);
      }
    });

    test('each edition’s files are cached by their own address; a cached file never answers for the other edition', async () => {
      const first = await t.app.inject({ url: `/ru${russianPath}/cite.ris` });
      const second = await t.app.inject({ url: `/ru${russianPath}/cite.ris` });
      assert.equal(second.headers['x-cache'], 'hit');
      assert.equal(second.body, first.body);
      assert.equal((await t.app.inject({ url: `${russianPath}/cite.ris` })).statusCode, 301);
      assert.equal((await t.app.inject({ url: `${russianPath}/cite.ris` })).statusCode, 301);
    });

    test('unknown articles are 404 under the prefix too', async () => {
      for (const ext of ['bib', 'ris', 'json']) {
        assert.equal((await t.app.inject({ url: `/ru/blogs/ivan-sidorov/nothing/cite.${ext}` })).statusCode, 404);
        assert.equal((await t.app.inject({ url: `/ru/blogs/%3Cscript%3E/x%22y/cite.${ext}` })).statusCode, 404);
      }
    });
  });
}

describe('the download’s file name', () => {
  test('a Latin slug as it is; a slug in another script transliterated, and given whole in filename*', () => {
    assert.equal(attachmentDisposition('storage-and-the-grid', 'bib'), 'attachment; filename="storage-and-the-grid.bib"');
    assert.equal(attachmentDisposition('подводные-течения', 'ris'), `attachment; filename="podvodnye-techeniya.ris"; filename*=UTF-8''${encodeURIComponent('подводные-течения.ris')}`);
    // Every byte of the header is ASCII, so Node can send it.
    assert.match(attachmentDisposition('подводные-течения', 'ris'), /^[\x20-\x7e]+$/);
  });
});
