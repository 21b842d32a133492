import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import vnuJar from 'vnu-jar';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { saveSiteSettings } from '../site/store.ts';

/** The titles of the results on a search page, in order: the edition's own list, and each other edition's section. */
function titlesOf(html: string) {
  const titlesIn = (part: string) => [...part.matchAll(/<h[23] class="card-title"><a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, title: m[2]! }));
  const [own = '', ...sections] = html.split('<section class="search-other-edition"');
  // The masthead's live results are a list too: the page's own follows the status.
  const main = own.split('<ol class="card-list search-list" data-search-list')[1] ?? '';
  return { own: titlesIn(main), others: sections.map((section) => ({ edition: /data-search-edition="(\w+)"/.exec(section)?.[1], cards: titlesIn(section) })) };
}

for (const kind of await databaseKinds()) {
  describe(`search in a site's English and Russian editions on ${kind}`, () => {
    let t: TestApp;
    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const api = (params: Record<string, string>) => get(`/api/v1/public/search?${new URLSearchParams(params)}`);
    const page = (prefix: string, params: Record<string, string>) => get(`${prefix}/search?${new URLSearchParams(params)}`);

    before(async () => {
      t = await startTestApp(kind);
      await saveSiteSettings(t.db.handle, { languages: ['en', 'ru'] });
      t.ctx.contentChanged();
      const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Irina Volkova', slug: 'irina-volkova' } });
      assert.equal(expert.statusCode, 201, expert.body);
      let day = 1;
      const post = async (language: string, title: string, body: string) => {
        const payload = {
          expert: 'irina-volkova',
          title,
          lead: language === 'ru' ? 'Вводный абзац.' : 'A lead.',
          body,
          status: 'published',
          language,
          published_at: `2024-05-${String(day++).padStart(2, '0')}T09:00:00Z`,
        };
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(t.tokens.editor), payload });
        assert.equal(response.statusCode, 201, response.body);
      };
      await post('ru', 'Режим санкций', 'Экономика Китая выдержала давление.');
      await post('ru', 'Торговля с Китаем', 'Пекин ответил на ограничения санкциями.');
      await post('ru', 'Позиция Брюсселя', 'Евросоюз обсуждает санкции против Китая.');
      await post('en', 'What Moscow calls sanctions', 'Officials speak of «санкциями» where others say sanctions.');
      await post('en', 'Export controls', 'New sanctions on Chinese exports.');
      // Words found in one, two and five Russian articles, and in twelve (two pages), for the counts' plural forms.
      await post('ru', 'Газ', 'Газ идёт на юг.');
      for (let i = 1; i <= 2; i++) await post('ru', `Зерно ${i}`, 'Урожай зерна.');
      for (let i = 1; i <= 5; i++) await post('ru', `Уголь ${i}`, 'Добыча угля.');
      for (let i = 1; i <= 12; i++) await post('ru', `Металлы ${i}`, 'Цены на металлы.');
    });
    after(() => t.close());

    test('/ru/search finds Russian articles first, by their stems; the English ones follow under their own heading, with the way to all of them', async () => {
      const response = await page('/ru', { q: 'санкции' });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /<html lang="ru"/);
      const { own, others } = titlesOf(response.body);
      assert.deepEqual(
        own.map((c) => c.title),
        ['Режим санкций', 'Позиция Брюсселя', 'Торговля с Китаем'],
        'the title match first, then the newest',
      );
      for (const card of own) assert.match(card.href, /^\/ru\/blogs\/irina-volkova\//, 'a Russian article at its edition’s address');
      assert.equal(others.length, 1);
      assert.equal(others[0]!.edition, 'en');
      assert.deepEqual(
        others[0]!.cards.map((c) => c.title),
        ['What Moscow calls sanctions'],
      );
      assert.match(others[0]!.cards[0]!.href, /^\/blogs\/irina-volkova\//);
      assert.match(response.body, /<h2 id="search-in-en">На английском: 1 результат<\/h2>/);
      assert.match(response.body, /<a href="\/search\?q=%D1%81%D0%B0%D0%BD%D0%BA%D1%86%D0%B8%D0%B8" hreflang="en">Все результаты на английском →<\/a>/);
      assert.match(response.body, /<li class="search-result" lang="en">/, 'an English card on a Russian page says so');
      assert.match(response.body, /3 результата по запросу <q>санкции<\/q>/);
      assert.match(response.body, /<mark>санкциями<\/mark>/);
    });

    test('the English edition finds the English articles first, then the Russian ones', async () => {
      const response = await page('', { q: 'sanctions санкции' });
      assert.equal(response.statusCode, 200);
      const { own, others } = titlesOf(response.body);
      assert.deepEqual(
        own.map((c) => c.title),
        ['What Moscow calls sanctions'],
      );
      assert.deepEqual(others, []);
      const russian = titlesOf((await page('', { q: 'Китай' })).body);
      assert.deepEqual(russian.own, []);
      assert.equal(russian.others[0]!.edition, 'ru');
      assert.equal(russian.others[0]!.cards.length, 3);
      const body = (await page('', { q: 'Китай' })).body;
      assert.match(body, /Nothing in English matches <q>Китай<\/q>, but the site’s other languages have matches\./);
      assert.match(body, /<h2 id="search-in-ru">In Russian: 3 results<\/h2>/);
      assert.match(body, /<a href="\/ru\/search\?q=%D0%9A%D0%B8%D1%82%D0%B0%D0%B9" hreflang="ru">All results in Russian →<\/a>/);
    });

    test('the page is in the edition’s words, with the plural forms of its language, and links within its edition', async () => {
      const counts: Array<[string, string, string]> = [
        ['газ', '1 результат', '1 result'],
        ['зерно', '2 результата', '2 results'],
        ['уголь', '5 результатов', '5 results'],
        ['металлы', '12 результатов', '12 results'],
      ];
      for (const [q, russian, english] of counts) {
        assert.match((await page('/ru', { q })).body, new RegExp(`${russian} по запросу <q>${q}</q>`), q);
        assert.match((await page('', { q, language: 'ru' })).body, new RegExp(`${english} for <q>${q}</q>`), q);
      }
      const metals = (await page('/ru', { q: 'металлы' })).body;
      assert.match(metals, /<nav class="pager search-pager" aria-label="Страницы результатов">/);
      assert.match(metals, /<span>Страница 1 из 2<\/span>/);
      assert.match(metals, /<a href="\/ru\/search\?q=%D0%BC%D0%B5%D1%82%D0%B0%D0%BB%D0%BB%D1%8B&amp;page=2" rel="next">Дальше →<\/a>/);
      const empty = await get('/ru/search');
      assert.equal(empty.statusCode, 200);
      for (const words of [
        '<h1>Поиск по материалам</h1>',
        '<form class="search-form" role="search" method="get" action="/ru/search"',
        '<label for="search-q">Что найти</label>',
        'Введите несколько слов',
        'Применить фильтры',
        '<option selected value>Сначала на русском, затем на других языках</option>',
        '<option value="en" lang="en">Английский</option>',
        '<link rel="canonical" href="http://rostrum.test/ru/search"',
      ]) {
        assert.ok(empty.body.includes(words), words);
      }
      assert.doesNotMatch(empty.body, /Words to find|Narrow the results|Apply filters/);
      const none = (await page('/ru', { q: 'цеппелин' })).body;
      assert.match(none, /По запросу <q>цеппелин<\/q> ничего не найдено\./);
      assert.match((await page('/ru', { q: 'и' })).body, /Введите слово для поиска/);
    });

    test('each edition’s page names the same search in the other edition (hreflang and the language switcher)', async () => {
      const body = (await page('/ru', { q: 'санкции', sort: 'date' })).body;
      const query = 'q=%D1%81%D0%B0%D0%BD%D0%BA%D1%86%D0%B8%D0%B8&amp;sort=date';
      assert.match(body, new RegExp(`<link rel="alternate" hreflang="en" href="http://rostrum.test/search\\?${query}"`));
      assert.match(body, new RegExp(`<link rel="alternate" hreflang="ru" href="http://rostrum.test/ru/search\\?${query}"`));
      assert.match((await page('', { q: 'санкции', sort: 'date' })).body, new RegExp(`hreflang="ru" href="http://rostrum.test/ru/search\\?${query}"`));
    });

    test('a language asked for is the only one searched, on the pages and the API; an unknown one is refused with a clear message', async () => {
      const english = titlesOf((await page('/ru', { q: 'санкции', language: 'en' })).body);
      assert.deepEqual(
        english.own.map((c) => c.title),
        ['What Moscow calls sanctions'],
      );
      assert.deepEqual(english.others, [], 'no other edition follows a search in one language');
      const russian = (await api({ q: 'санкции', language: 'ru' })).json();
      assert.deepEqual(
        russian.items.map((i: { title: string }) => i.title),
        ['Режим санкций', 'Позиция Брюсселя', 'Торговля с Китаем'],
      );
      assert.deepEqual(russian.other_editions, []);
      const unknown = await api({ q: 'санкции', language: 'de' });
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual(unknown.json().error, { code: 'bad_request', message: 'There are no articles in the language "de"; this site has en, ru', field: 'language' });
      const malformed = await api({ q: 'санкции', language: 'Russian' });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error.field, 'language');
      const onPage = await page('/ru', { q: 'санкции', language: 'de' });
      assert.equal(onPage.statusCode, 400);
      assert.match(onPage.body, /Этот поиск выполнить не удалось: статей на этом языке нет\./);
      assert.match((await page('', { q: 'x', language: 'de' })).body, /We could not use this search: there are no articles in this language\./);
      const badExpert = await page('/ru', { q: 'санкции', expert: 'nobody' });
      assert.equal(badExpert.statusCode, 404);
      assert.match(badExpert.body, /Эксперта «nobody» нет\. Выберите другой фильтр\./);
    });

    test('the API answers for an edition: its own articles, the others’ first matches, and its words', async () => {
      const response = await api({ q: 'санкции', edition: 'ru', limit: '2' });
      assert.equal(response.statusCode, 200);
      const json = response.json();
      assert.equal(json.edition, 'ru');
      assert.deepEqual(
        json.items.map((i: { title: string; language: string }) => [i.title, i.language]),
        [
          ['Режим санкций', 'ru'],
          ['Позиция Брюсселя', 'ru'],
        ],
      );
      assert.match(json.items[0].url, /^http:\/\/rostrum\.test\/ru\/blogs\/irina-volkova\//);
      assert.equal(json.total, 3);
      assert.equal(json.other_editions.length, 1);
      const [other] = json.other_editions;
      assert.deepEqual([other.edition, other.total, other.total_is_exact, other.url], ['en', 1, true, 'http://rostrum.test/search?q=%D1%81%D0%B0%D0%BD%D0%BA%D1%86%D0%B8%D0%B8']);
      assert.deepEqual(
        other.items.map((i: { title: string }) => i.title),
        ['What Moscow calls sanctions'],
      );
      assert.deepEqual(other.texts, { heading: 'На английском: 1 результат', all_results: 'Все результаты на английском →' });
      assert.deepEqual(json.texts, {
        count: '3 результата',
        status: '3 результата по запросу «санкции»',
        all_results: 'Все результаты: 3 результата →',
        page_of: 'Страница 1 из 2',
        previous: '← Назад',
        next: 'Дальше →',
        result_pages: 'Страницы результатов',
      });
      // Without an edition the API looks everywhere, as it always has, and speaks the default edition's words.
      const everywhere = (await api({ q: 'санкции' })).json();
      assert.equal(everywhere.total, 4);
      assert.equal(everywhere.edition, null);
      assert.deepEqual(everywhere.other_editions, []);
      assert.equal(everywhere.texts.status, '4 results for “санкции”');
      assert.equal((await api({ q: 'цеппелин', edition: 'en' })).json().texts.all_results, 'No results: search with filters');
      const elsewhere = (await api({ q: 'Китай', edition: 'en' })).json();
      assert.equal(elsewhere.texts.status, 'Nothing in English matches “Китай”, but the site’s other languages have matches.');
      assert.deepEqual(elsewhere.other_editions[0].texts, { heading: 'In Russian: 3 results', all_results: 'All results in Russian →' });
      for (const edition of ['de', 'xx', 'russian']) {
        const refused = await api({ q: 'санкции', edition });
        assert.equal(refused.statusCode, 400, edition);
        assert.equal(refused.json().error.field, 'edition');
      }
    });

    if (kind === 'sqlite') {
      test('the pages of both editions are valid HTML (Nu Html Checker): results, other editions, problems, pages', { timeout: 120_000 }, async () => {
        const urls = ['/ru/search', '/ru/search?q=санкции', '/search?q=Китай', '/ru/search?q=металлы&sort=date', '/ru/search?q=x&language=de', '/ru/search?q=санкции&expert=nobody'];
        const files = await Promise.all(
          urls.map(async (url, i) => {
            const file = path.join(t.db.config.dataDir, `search-${i}.html`);
            fs.writeFileSync(file, (await get(encodeURI(url))).body);
            return { url, file };
          }),
        );
        const { stdout, stderr } = await promisify(execFile)('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files.map((f) => f.file)], { maxBuffer: 10 * 1024 * 1024 });
        const report = JSON.parse(stderr || stdout) as { messages: Array<{ type: string; url: string; message: string; extract?: string }> };
        const errors = report.messages.filter((m) => m.type === 'error').map((e) => `${files.find((f) => e.url.endsWith(path.basename(f.file)))?.url}: ${e.message} ${e.extract ?? ''}`);
        assert.deepEqual(errors, []);
      });
    }

    test('hostile input is refused or answered, never a 500: a huge query is 414 in the edition’s words, every nasty one 200', async () => {
      const huge = 'санкции '.repeat(3000);
      const fromApi = await api({ q: huge });
      assert.equal(fromApi.statusCode, 414);
      assert.equal(fromApi.json().error.field, 'q');
      const fromPage = await page('/ru', { q: huge });
      assert.equal(fromPage.statusCode, 414);
      assert.match(fromPage.body, /Этот поиск выполнить не удалось: запрос слишком длинный\./);
      assert.equal((await get('/ru/search?q=a&q=b')).statusCode, 400);
      assert.equal((await get('/api/v1/public/search?q=a&edition=ru&edition=en')).statusCode, 400);
      // The page and API tests (routes.test.ts) send every operator and sign; these are the Russian edition's own.
      const russianNasties = [
        'Ё',
        'ё'.repeat(5000),
        'и в на',
        '"и в на"',
        '-санкции',
        'санкц*',
        'САНКЦИИ:Китай',
        'й\u0306',
        '\u0301',
        'ан',
        '"ан ян"',
        'а'.repeat(10_000),
        'санкции '.repeat(200),
        ...hostileStrings,
      ];
      for (const q of russianNasties) {
        const query = new URLSearchParams({ q });
        const onPage = await get(`/ru/search?${query}`);
        assert.equal(onPage.statusCode, 200, `page for ${JSON.stringify(q.slice(0, 40))}`);
        const fromApi = await get(`/api/v1/public/search?${query}&edition=ru`);
        assert.equal(fromApi.statusCode, 200, `API for ${JSON.stringify(q.slice(0, 40))}`);
      }
    });
  });
}
