import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { collectErrors, serveInBrowser, type DemoSite } from '../../test/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { saveSiteSettings } from '../site/store.ts';
import { createExpert } from '../experts/store.ts';
import { createArticle } from '../articles/store.ts';

/** Search as you type on the Russian edition: it stays in the edition, and answers in its words and articles. */
describe('search as you type on /ru/, in Chromium', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let browser: Browser;
  let base: string;
  let site: DemoSite;

  before(async () => {
    db = await createTestDatabase('sqlite');
    await saveSiteSettings(db.handle, { languages: ['en', 'ru'] });
    const expert = await createExpert(db.handle, { name: 'Ирина Волкова' });
    const publish = (language: string, title: string, bodyMarkdown: string) =>
      createArticle(db.handle, { expertId: expert.id, title, lead: 'Вводный абзац.', bodyMarkdown, status: 'published', language, publishedAt: '2024-05-01T09:00:00.000Z' });
    await publish('ru', 'Режим санкций', 'Экономика Китая выдержала давление.');
    await publish('ru', 'Торговля с Китаем', 'Пекин ответил на ограничения санкциями.');
    await publish('en', 'What Moscow calls sanctions', 'Officials speak of «санкциями».');
    site = await serveInBrowser(db);
    ({ browser, base } = site);
  });
  after(() => site?.close());

  test('on /ru/search the results follow the typing in Russian, the address stays in the edition, the English matches follow', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/ru/search`);
    await page.getByLabel('Что найти').pressSequentially('санкция', { delay: 30 });
    const results = page.locator('[data-search-results="page"]');
    await results.locator('[data-search-status]', { hasText: '2 результата по запросу «санкция»' }).waitFor();
    assert.deepEqual(await results.locator('[data-search-list] .card-title').allInnerTexts(), ['Режим санкций', 'Торговля с Китаем']);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/ru/search');
    assert.equal(url.searchParams.get('q'), 'санкция');
    const english = results.locator('.search-other-edition[data-search-edition="en"]');
    assert.equal(await english.locator('h2').innerText(), 'На английском: 1 результат');
    assert.deepEqual(await english.locator('.card-title').allInnerTexts(), ['What Moscow calls sanctions']);
    // The API's addresses are absolute, at the site's public address, as its articles' are.
    const allInEnglish = new URL((await english.getByRole('link', { name: 'Все результаты на английском →' }).getAttribute('href'))!);
    assert.equal(allInEnglish.pathname + allInEnglish.search, '/search?q=%D1%81%D0%B0%D0%BD%D0%BA%D1%86%D0%B8%D1%8F');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the masthead box on a Russian page lists the Russian matches and leads to /ru/search', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/ru/search`);
    await page.getByLabel('Поиск по сайту').pressSequentially('Китай', { delay: 30 });
    const list = page.locator('[data-search-results="masthead"]');
    const all = list.getByRole('link', { name: 'Все результаты: 2 результата →' });
    await all.waitFor();
    assert.match((await all.getAttribute('href'))!, /^\/ru\/search\?q=/);
    assert.equal(await list.locator('li a').count(), 3, 'two matches and the link to all results');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
