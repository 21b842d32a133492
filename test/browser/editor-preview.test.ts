import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, serveInBrowser, type DemoSite } from '../browser.ts';
import { createTestDatabase } from '../databases.ts';
import { sampleJpeg } from '../app.ts';
import { createExpert } from '../../src/experts/store.ts';
import { createApiToken, createUser } from '../../src/users/store.ts';

/** A body long enough to scroll in the preview frame. */
const longBody = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of the analysis, long enough to wrap across a line or two of the reading column on the page.`).join('\n\n');

/**
 * The editor's true preview, in Chromium: the public page in a frame beside the form on wide screens,
 * as tabs on narrow ones, following the typing, at a phone's width on demand, and never posting.
 * Screenshots go to /tmp for people to look at.
 */
describe('the editor’s preview, in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  let apiToken: string;
  before(async () => {
    const db = await createTestDatabase('sqlite');
    const expert = await createExpert(db.handle, { name: 'Mira Castellan', slug: 'mira-castellan', position: 'Senior Fellow' });
    const user = await createUser(db.handle, { email: 'mira@wrenfield.example', name: 'Mira Castellan', role: 'author', password: 'author passphrase', expertId: expert.id });
    apiToken = await createApiToken(db.handle, user.id);
    site = await serveInBrowser(db);
  });
  after(() => site?.close());

  async function signedIn(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const context = await site.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill('mira@wrenfield.example');
    await page.getByLabel('Password').fill('author passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
    return { page, errors };
  }

  const frame = (page: Page) => page.frameLocator('iframe[data-preview-frame]');

  test('wide: form and preview side by side; the preview follows the typing in the site’s own type, keeps its place, narrows to a phone, and Preview never posts', async () => {
    const { page, errors } = await signedIn({ width: 1440, height: 900 });
    await page.goto(`${site.base}/admin/articles/new`);
    const pane = await page.locator('#editor-pane').boundingBox();
    const preview = await page.locator('#article-preview').boundingBox();
    assert.ok(pane && preview);
    assert.ok(preview.x >= pane.x + pane.width - 1, `the preview is beside the form: ${JSON.stringify({ pane, preview })}`);
    assert.ok(preview.y < pane.y + pane.height && pane.y < preview.y + preview.height, 'at the same height');
    assert.equal(await page.locator('[data-editor-tabs]').isVisible(), false, 'no tabs on a wide screen');

    await page.getByLabel('Title').fill('Water, grain and the Caspian corridor');
    await page.getByLabel('Lead').fill('How three ports reshape a region’s trade.');
    await page.getByLabel('Body').fill(`## The ports\n\n${longBody}`);
    await frame(page).locator('h1.article-title').filter({ hasText: 'Water, grain and the Caspian corridor' }).waitFor();
    await frame(page).locator('.article-body h2', { hasText: 'The ports' }).waitFor();
    // The public page itself: its stylesheet, its layout, its reading type (a serif body at 18 px or more).
    const look = await frame(page)
      .locator('.article-body p')
      .first()
      .evaluate((p) => ({
        size: parseFloat(getComputedStyle(p).fontSize),
        family: getComputedStyle(p).fontFamily,
        sheet: document.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '',
        masthead: document.querySelector('header.masthead') !== null,
      }));
    assert.ok(look.size >= 17, `reading size ${look.size}px`);
    assert.match(look.family, /serif/i);
    assert.match(look.sheet, /^\/assets\/screen\./);
    assert.ok(look.masthead, 'the site’s masthead, as on the article page');

    // Typing further keeps the reader's place in the preview.
    const frameHandle = await page.locator('iframe[data-preview-frame]').elementHandle();
    const inner = await frameHandle!.contentFrame();
    await inner!.evaluate(() => window.scrollTo(0, 600));
    await page.getByLabel('Body').press('End');
    await page.getByLabel('Body').pressSequentially(' One more sentence.');
    await frame(page).locator('.article-body', { hasText: 'One more sentence.' }).waitFor();
    const scrolled = await inner!.evaluate(() => window.scrollY);
    assert.ok(Math.abs(scrolled - 600) < 5, `the preview kept its scroll position (${scrolled})`);

    // The hero, dropped before any save, shows at once.
    await page.getByLabel('Hero image').setInputFiles({ name: 'port.jpg', mimeType: 'image/jpeg', buffer: await sampleJpeg(1200, 700) });
    await frame(page).locator('figure.hero img').waitFor({ timeout: 30_000 });
    await inner!.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/editor-preview-wide.png' });

    // Phone width: the frame narrows to 390 px, and the site's phone layout shows in it.
    await page.getByRole('button', { name: 'Phone (390 px)' }).click();
    assert.equal(await page.getByRole('button', { name: 'Phone (390 px)' }).getAttribute('aria-pressed'), 'true');
    const phone = await page.locator('iframe[data-preview-frame]').boundingBox();
    assert.ok(phone && Math.abs(phone.width - 390) < 2, `frame ${phone?.width}px wide`);
    assert.equal(await inner!.evaluate(() => window.innerWidth), 390);
    await page.screenshot({ path: '/tmp/editor-preview-phone.png' });
    await page.getByRole('button', { name: 'Full width' }).click();

    // A link in the preview opens in a new tab, so the frame stays on the preview. (Clicked here by Playwright, its
    // own listeners in the sandboxed frame would be refused: the attribute is checked instead.)
    assert.equal(await frame(page).locator('base').getAttribute('target'), '_blank');

    // Preview shows the preview and does not post: the document is the same one, and no request went out as a form.
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.resourceType() === 'document' && posts.push(r.url()));
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.waitForTimeout(800);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page did not navigate');
    assert.deepEqual(posts, []);
    assert.doesNotMatch(page.url(), /_csrf/);

    for (const v of await seriousViolations(page)) assert.fail(`axe (wide): ${v}`);
    assert.deepEqual(
      errors.filter((e) => !/favicon/.test(e)),
      [],
    );
  });

  test('narrow: Edit and Preview are tabs, operable by keyboard; Preview opens the preview tab', async () => {
    const { page, errors } = await signedIn({ width: 420, height: 860 });
    await page.goto(`${site.base}/admin/articles/new`);
    const tabs = page.getByRole('tablist', { name: 'Editor view' });
    await tabs.waitFor();
    const edit = page.getByRole('tab', { name: 'Edit' });
    const show = page.getByRole('tab', { name: 'Preview' });
    assert.equal(await edit.getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#article-preview').isVisible(), false);
    await page.getByLabel('Title').fill('Tabs on a phone');
    await page.screenshot({ path: '/tmp/editor-preview-narrow-edit.png' });
    for (const v of await seriousViolations(page)) assert.fail(`axe (narrow, edit): ${v}`);

    // Arrow keys move between the tabs and show their panels.
    await edit.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await show.getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'editor-tab-preview');
    assert.equal(await page.getByRole('tabpanel').getAttribute('id'), 'article-preview');
    assert.equal(await page.locator('#editor-pane').isVisible(), false);
    await frame(page).locator('h1.article-title', { hasText: 'Tabs on a phone' }).waitFor();
    await page.screenshot({ path: '/tmp/editor-preview-narrow-preview.png' });
    for (const v of await seriousViolations(page)) assert.fail(`axe (narrow, preview): ${v}`);
    await page.keyboard.press('Home');
    assert.equal(await edit.getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#editor-pane').isVisible(), true);
    await page.keyboard.press('End');
    assert.equal(await show.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await edit.getAttribute('aria-selected'), 'true');

    // The form's own Preview button opens the Preview tab, without posting.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    await page.getByRole('button', { name: 'Preview', exact: true }).last().click();
    assert.equal(await show.getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7);
    assert.deepEqual(
      errors.filter((e) => !/favicon/.test(e)),
      [],
    );
  });

  test('share for comment: a link made in the office shows the draft to a reader without an account, marked as a preview', async () => {
    const created = await fetch(`${site.base}/api/v1/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        expert: 'mira-castellan',
        title: 'Grain routes after the drought',
        lead: 'Where the harvest will travel this winter.',
        body: `## Routes\n\n${longBody}`,
        status: 'draft',
      }),
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: number };
    const { page, errors } = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${site.base}/admin/articles/${id}/share`);
    await page.getByLabel('Works for').selectOption('1');
    await page.getByLabel('For whom').fill('Ministry reviewers');
    await page.getByRole('button', { name: 'Make a link' }).click();
    const url = await page.getByRole('textbox', { name: 'Link for Ministry reviewers' }).inputValue();
    assert.match(url, /\/preview\/[A-Za-z0-9_-]{43}$/);
    assert.equal(await page.getByRole('button', { name: 'Copy link' }).isVisible(), true);
    await page.getByRole('cell', { name: 'Ministry reviewers', exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/share-links.png', fullPage: true });
    for (const v of await seriousViolations(page)) assert.fail(`axe (share screen): ${v}`);

    // A reader with no account, on a phone.
    const reader = await (await site.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const readerErrors = collectErrors(reader);
    const answer = await reader.goto(url.replace(/^https?:\/\/[^/]+/, site.base));
    assert.equal(answer?.status(), 200);
    assert.equal(answer?.headers()['x-robots-tag'], 'noindex, nofollow');
    await reader.getByText('Preview — not published').waitFor();
    await reader.getByRole('heading', { level: 1, name: 'Grain routes after the drought' }).waitFor();
    await reader.screenshot({ path: '/tmp/preview-link-phone.png' });
    // The page is sandboxed (no scripts): axe runs on the same page in a context that sets the CSP aside.
    const auditor = await (await site.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })).newPage();
    await auditor.goto(url.replace(/^https?:\/\/[^/]+/, site.base));
    await auditor.getByText('Preview — not published').waitFor();
    for (const v of await seriousViolations(auditor)) assert.fail(`axe (preview link): ${v}`);
    assert.deepEqual(readerErrors, []);

    // Withdrawn: the next visit is told so.
    await page.getByRole('button', { name: /Withdraw the link for Ministry reviewers/ }).click();
    await page.getByText('The link is withdrawn').waitFor();
    const after = await reader.reload();
    assert.equal(after?.status(), 410);
    await reader
      .getByText(/withdrawn/)
      .first()
      .waitFor();
    assert.deepEqual(
      errors.filter((e) => !/favicon/.test(e)),
      [],
    );
  });
});
