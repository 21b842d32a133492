import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';

describe('search in Chromium', { timeout: 180_000 }, () => {
  let site: DemoSite;
  let browser: Browser;
  let base: string;
  before(async () => {
    site = await startDemoSite();
    ({ browser, base } = site);
  });
  after(() => site?.close());

  test('on /search results follow the typing without a submit; the address keeps the query', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/search`);
    // replaceState counts as a navigation to Playwright; a marker on window shows the document stayed.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await page.getByLabel('Words to find').pressSequentially('hydrogen corri', { delay: 30 });
    await page.getByLabel('Words to find').pressSequentially('dors', { delay: 30 });
    const results = page.locator('[data-search-results="page"]');
    // A pause in the typing (a slow machine) may show the results for "hydrogen " first: wait for the whole query's.
    await results.locator('[data-search-status]', { hasText: /\d+ results? for “hydrogen corridors”/ }).waitFor();
    await results.locator('.search-result').first().waitFor();
    assert.match(await results.locator('.card-title').first().innerText(), /Hydrogen Corridors/);
    assert.ok((await results.locator('.search-excerpt mark').count()) > 0, 'the matched words are marked');
    assert.equal(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere), true, 'no page load');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'hydrogen corridors');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the masthead box lists matches under itself as the reader types', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${base}/blogs`);
    await page.getByLabel('Search the site').pressSequentially('insurance', { delay: 30 });
    const list = page.locator('[data-search-results="masthead"]');
    // A pause in the typing (a loaded machine) may show "insur"'s answer, no match, first: wait for the whole word's.
    await list.getByText('All results').waitFor();
    assert.ok((await list.locator('li a').count()) > 1, 'matches are listed above the link to all results');
    await page.keyboard.press('Escape');
    assert.equal(await list.isHidden(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('without JavaScript the forms submit to /search and the filters work', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Search the site').fill('gas');
    await page.getByLabel('Search the site').press('Enter');
    await page.waitForURL(/\/search\?q=gas/);
    assert.match(await page.locator('[data-search-results="page"] [data-search-status]').innerText(), /\d+ results? for “?gas”?/);
    await page.getByLabel('Order').selectOption('date');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/sort=date/);
    assert.ok((await page.locator('.search-result').count()) > 0);
    await context.close();
  });
});
