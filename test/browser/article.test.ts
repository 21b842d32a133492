import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { TestDatabase } from '../databases.ts';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';
import { demoArticles } from '../../src/demo/content.ts';

describe('a reader in Chromium', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let browser: Browser;
  let base: string;

  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    ({ db, browser, base } = site);
  });
  after(() => site?.close());

  test('opens the demo article, follows the print link and saves the print version as a PDF', async () => {
    const demo = demoArticles.find((a) => a.featured) ?? demoArticles[0]!;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    await page.goto(base + '/');
    await page.getByRole('link', { name: demo.title }).first().click();
    await page.waitForURL(`**/blogs/${demo.expert}/${demo.slug}`);
    assert.equal(await page.locator('h1').innerText(), demo.title);
    const hero = page.locator('figure.hero img');
    assert.ok(await hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the hero image loads');
    const print = page.getByRole('link', { name: 'Print' });
    assert.equal(await print.getAttribute('href'), `/blogs/${demo.expert}/${demo.slug}/print`);
    await print.click();
    await page.waitForURL('**/print');
    const canonical = `http://rostrum.test/blogs/${demo.expert}/${demo.slug}`;
    assert.equal(await page.locator('.print-url').innerText(), canonical);
    assert.equal(await page.locator('.share').count(), 0, 'no share block in print');
    assert.equal(await page.locator('nav').count(), 0, 'no navigation in print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const out = path.join(db.config.dataDir, 'article.pdf');
    fs.writeFileSync(out, pdf);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 20_000, `a PDF with text and the hero image (${pdf.length} bytes)`);
    assert.deepEqual(errors, [], 'no script or CSP errors');
  });

  test('every page type: no serious accessibility violations (axe-core), light and dark, and no sideways scrolling on a phone', async () => {
    const demo = demoArticles[0]!;
    const pages = [
      '/',
      '/blogs',
      `/blogs/${demo.expert}`,
      `/blogs/${demo.expert}/${demo.slug}`,
      `/blogs/${demo.expert}/${demo.slug}/print`,
      `/tags/${demo.tags[0]}`,
      '/for-business',
      '/for-researchers',
      '/for-students',
      '/nowhere',
      '/polls',
      '/polls/1',
      '/polls/2',
      '/polls/2/embed',
    ];
    const problems: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 360]) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        for (const url of pages) {
          await page.goto(base + url);
          const violations = await seriousViolations(page);
          problems.push(...violations.map((v) => `${url} ${colorScheme} ${width}px: ${v}`));
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) problems.push(`${url} ${colorScheme} ${width}px scrolls sideways by ${overflow}px`);
        }
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  test('a reader without JavaScript votes in the current poll and sees the results in place of the form', async () => {
    const demo = demoArticles[1]!;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/blogs/${demo.expert}/${demo.slug}`);
    const current = page.locator('section.poll-block', { has: page.getByRole('heading', { name: 'Reader poll' }) });
    await current.getByRole('radio', { name: 'Modernising irrigation canals' }).check();
    await current.getByRole('button', { name: 'Vote' }).click();
    await page.waitForURL(/vote=counted/);
    assert.equal(new URL(page.url()).pathname, `/blogs/${demo.expert}/${demo.slug}`, 'back on the article');
    const after = page.locator('section.poll-block', { has: page.getByRole('heading', { name: 'Reader poll' }) });
    assert.equal(await after.getByRole('button', { name: 'Vote' }).count(), 0);
    assert.match(await after.innerText(), /Thank you: your vote is counted\.[\s\S]*Modernising irrigation canals\s*20 \(44%\)/);
    const conducted = page.locator('section.poll-block', { has: page.getByRole('heading', { name: 'Poll conducted' }) });
    assert.match(await conducted.innerText(), /NATO, as common defence\s*33 \(31%\)/);
    await page.goto(`${base}/blogs/${demo.expert}/${demo.slug}`);
    assert.equal(await page.getByRole('button', { name: 'Vote' }).count(), 0, 'coming back later, the reader sees results, not the form');
    await context.close();
  });

  test('the copy-link button appears only with JavaScript, and the page works without it', async () => {
    const demo = demoArticles[0]!;
    const url = `${base}/blogs/${demo.expert}/${demo.slug}`;
    const withJs = await browser.newPage();
    await withJs.goto(url);
    assert.ok(await withJs.getByRole('button', { name: 'Copy link' }).isVisible());
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(url);
    assert.equal(await noJs.getByRole('button', { name: 'Copy link' }).count(), 0, 'hidden buttons are not in the accessibility tree');
    assert.ok(await noJs.getByRole('heading', { name: 'Share this article' }).isVisible());
    await context.close();
  });
});
