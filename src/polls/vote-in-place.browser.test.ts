import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { collectErrors, serveInBrowser, type DemoSite } from '../../test/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { saveSiteSettings } from '../site/store.ts';
import { createPoll } from './store.ts';

/** The voting script on the Russian edition: it answers in the page's language, as the server does. */
describe('voting in place on /ru/, in Chromium', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let browser: Browser;
  let base: string;
  let site: DemoSite;

  before(async () => {
    db = await createTestDatabase('sqlite');
    await saveSiteSettings(db.handle, { languages: ['en', 'ru'] });
    site = await serveInBrowser(db);
    ({ browser, base } = site);
  });
  after(() => site?.close());

  test('the results and the thanks replace the form in Russian; too many choices are refused in Russian', async () => {
    const single = await createPoll(db.handle, { question: 'Голосуем на месте?', options: ['Да', 'Нет'], status: 'open', language: 'ru' });
    const multiple = await createPoll(db.handle, { question: 'Какие регионы?', options: ['Север', 'Юг', 'Восток'], maxChoices: 2, status: 'open', language: 'ru' });
    const page = await browser.newPage();
    const errors = collectErrors(page);

    await page.goto(`${base}/ru/polls/${multiple.id}`);
    for (const label of ['Север', 'Юг', 'Восток']) await page.getByRole('checkbox', { name: label }).check();
    await page.locator('p.poll-message').filter({ hasText: 'Вы выбрали больше ответов, чем допускает этот опрос.' }).waitFor();

    await page.goto(`${base}/ru/polls/${single.id}`);
    await page.getByRole('radio', { name: 'Да' }).check();
    await page.getByRole('button', { name: 'Голосовать' }).click();
    await page.locator('p.poll-message').filter({ hasText: 'Спасибо! Ваш голос учтён.' }).waitFor();
    assert.equal(await page.locator('p.poll-total').innerText(), '1 читатель проголосовал');
    assert.deepEqual(await page.locator('span.poll-count').allInnerTexts(), ['1 (100\u00a0%)', '0 (0\u00a0%)']);
    assert.equal(page.url(), `${base}/ru/polls/${single.id}`, 'no navigation');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
