import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { TestDatabase } from '../databases.ts';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';
import { demoArticles } from '../../src/demo/content.ts';
import { demoArticleTranslations, demoPollsRussian } from '../../src/demo/content-ru.ts';

/** The demo article whose Russian version asks the Russian edition's current poll. */
const translated = demoArticleTranslations.find((t) => t.of.slug === 'middle-corridor-promise-and-bottlenecks')!;
const original = demoArticles.find((a) => a.slug === translated.of.slug)!;
const russianPoll = demoPollsRussian.find((p) => p.current)!;

describe('a reader switching between the English and Russian editions in Chromium', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let browser: Browser;
  let base: string;
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    ({ db, browser, base } = site);
  });
  after(() => site?.close());

  test('reads an article in English, switches to its Russian translation, votes there and sees the Russian poll’s results', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    await page.goto(`${base}/blogs/${original.expert}/${original.slug}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').innerText(), original.title);

    await page.getByRole('navigation', { name: 'Languages' }).getByRole('link', { name: 'Русский' }).click();
    await page.waitForURL(`**/ru/blogs/${original.expert}/**`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    assert.equal(await page.locator('h1').innerText(), translated.title);
    assert.ok(await page.getByRole('link', { name: 'Версия для печати' }).isVisible());
    // The way back: the switcher and the "also in" line lead to the English original.
    assert.equal(await page.getByRole('navigation', { name: 'Языки' }).getByRole('link', { name: 'English' }).getAttribute('href'), `/blogs/${original.expert}/${original.slug}`);
    fs.writeFileSync(path.join(db.config.dataDir, 'russian-article.png'), await page.screenshot());

    const block = page.locator('section.poll-block', { has: page.getByRole('heading', { name: 'Опрос читателей' }) });
    assert.equal(await block.locator('.poll-question').innerText(), russianPoll.question);
    await block.getByRole('radio', { name: russianPoll.options[0]! }).check();
    await block.getByRole('button', { name: 'Голосовать' }).click();
    await block.locator('ul.poll-results').waitFor();
    const rows = await block
      .locator('ul.poll-results > li')
      .evaluateAll((items) => items.map((li) => [li.querySelector('span.poll-label')?.textContent, li.querySelector('span.poll-count')?.textContent]));
    assert.deepEqual(
      rows.map(([label]) => label),
      russianPoll.options,
      'the results are the Russian poll’s',
    );
    const [, firstCount] = rows[0]!;
    assert.match(firstCount!, new RegExp(`^${russianPoll.votes[0]! + 1} \\(\\d+\\u00a0%\\)$`), 'one more vote, with the Russian percent sign spacing');
    const total = russianPoll.votes.reduce((a, b) => a + b, 0) + 1;
    assert.match(await block.innerText(), new RegExp(`${total} читател`), 'the count of readers in Russian');
    fs.writeFileSync(path.join(db.config.dataDir, 'russian-poll.png'), await block.screenshot());
    assert.deepEqual(errors, [], 'no script or CSP errors');
    await page.close();
  });

  test('the Russian pages have no serious accessibility violations (axe-core), and every word of the frame is Russian', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const url of ['/ru', `/ru/blogs/${original.expert}`, '/ru/blogs', '/ru/polls', '/ru/search?q=санкции', '/ru/glossary', '/ru/for-business', '/ru/regions']) {
      const response = await page.goto(base + url);
      assert.equal(response?.status(), 200, url);
      assert.equal(await page.locator('html').getAttribute('lang'), 'ru', url);
      assert.deepEqual(await seriousViolations(page), [], url);
      const frame = await page.locator('header.masthead, footer.site-footer').allInnerTexts();
      const english = frame
        .join(' ')
        .split(/\s+/)
        .filter((word) => /^[A-Za-z]{4,}$/.test(word) && word !== 'English');
      assert.deepEqual(english, [], `${url}: the frame has no English words`);
    }
    await page.goto(`${base}/ru`);
    fs.writeFileSync(path.join(db.config.dataDir, 'russian-front.png'), await page.screenshot());
    await page.close();
  });
});
