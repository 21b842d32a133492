import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors, startDemoSite, type DemoSite } from '../browser.ts';
import { demoArticles } from '../../src/demo/content.ts';

describe('citing an article in Chromium', { timeout: 120_000 }, () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
  });
  after(() => site?.close());

  test('Copy puts the APA reference on the clipboard and says so; the JSON-LD block raises no CSP error', async () => {
    const demo = demoArticles[0]!;
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.base });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${site.base}/blogs/${demo.expert}/${demo.slug}`);
    assert.equal(await page.locator('script[type="application/ld+json"]').count(), 1);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as { headline: string };
    assert.equal(ld.headline, demo.title);

    const apa = (await page.locator('#cite-apa').innerText()).trim();
    assert.match(apa, /^[^,]+, [A-Z]\.(?: [A-Z]\.)* \(\d{4}, [A-Z][a-z]+ \d{1,2}\)\. /);
    assert.ok(apa.endsWith(`http://rostrum.test/blogs/${demo.expert}/${demo.slug}`), apa);
    await page.getByRole('button', { name: 'Copy the APA (7th edition) reference' }).click();
    await page.locator('[data-cite-status]').filter({ hasText: 'copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), apa);
    assert.equal(await page.locator('[data-cite-status]').innerText(), 'APA (7th edition) reference copied');

    // The Chicago reference sits in a closed disclosure until the reader opens it.
    await page.locator('.cite-style summary', { hasText: 'Chicago' }).click();
    await page.getByRole('button', { name: 'Copy the Chicago (17th edition) reference' }).click();
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /“.+” .+'s Blog, .+, [A-Z][a-z]+ \d{1,2}, \d{4}\. http/);

    const bib = await page.request.get(`${site.base}/blogs/${demo.expert}/${demo.slug}/cite.bib`);
    assert.equal(bib.status(), 200);
    assert.deepEqual(errors, [], 'no script or CSP errors');
    assert.deepEqual(violations, [], 'no CSP violation reported');
    await context.close();
  });
});
