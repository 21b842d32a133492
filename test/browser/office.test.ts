import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';
import { createUser } from '../../src/users/store.ts';
import { sampleJpeg } from '../app.ts';

/**
 * The whole editorial journey in Chromium, under the site's strict CSP: an administrator invites an
 * author; the author accepts, writes an article with an image and a footnote and submits it; an editor
 * returns it with a note; the author fixes it and resubmits; the editor publishes it; readers see it.
 * Every office page on the way is checked with axe-core, and no page may log a script or CSP error.
 */
describe('the editorial journey in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const axeFindings: string[] = [];

  before(async () => {
    site = await startDemoSite();
    ({ browser, base } = site);
    await createUser(site.db.handle, { email: 'director@wrenfield.example', name: 'Dana Director', role: 'admin', password: 'director passphrase' });
    await createUser(site.db.handle, { email: 'desk@wrenfield.example', name: 'Eli Editor', role: 'editor', password: 'editor passphrase' });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await site?.close();
  });

  const errorsOf = new Map<Page, string[]>();
  async function person(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
    contexts.push(context);
    const page = await context.newPage();
    errorsOf.set(page, collectErrors(page));
    return page;
  }

  async function checkAccessibility(page: Page, label: string) {
    for (const v of await seriousViolations(page)) axeFindings.push(`${label}: ${v}`);
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${base}/admin/login`);
    await checkAccessibility(page, 'sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
  }

  test('invite, write, submit, return, fix, publish, read', async () => {
    // The administrator invites an author who writes for an existing expert.
    const admin = await person();
    await signIn(admin, 'director@wrenfield.example', 'director passphrase');
    await checkAccessibility(admin, 'dashboard (admin)');
    await admin.getByRole('link', { name: 'People' }).click();
    await checkAccessibility(admin, 'people');
    await admin
      .getByRole('link', { name: /Invite/ })
      .first()
      .click();
    await admin.getByLabel('Email').fill('nadia@wrenfield.example');
    await admin.getByLabel('Role').selectOption({ label: 'Author' });
    // The first choice is "No expert"; an author writes for one of the institution's experts.
    await admin.getByLabel('Expert', { exact: true }).selectOption({ index: 1 });
    await checkAccessibility(admin, 'invite form');
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const invitation = await admin.getByLabel('Invitation link').inputValue();
    assert.match(invitation, /\/admin\/invitations\/[A-Za-z0-9_-]{43}$/);
    await checkAccessibility(admin, 'invitation link');
    await admin.screenshot({ path: '/tmp/office-invitation.png', fullPage: true });

    // The author accepts the invitation.
    const author = await person();
    await author.goto(invitation.replace(/^https?:\/\/[^/]+/, base));
    await checkAccessibility(author, 'accept invitation');
    await author.getByLabel('Your name').fill('Nadia Rahimi');
    await author.getByLabel('Password', { exact: true }).fill('a passphrase for nadia');
    await author.getByLabel('Confirm password').fill('a passphrase for nadia');
    await author.getByRole('button', { name: 'Accept invitation' }).click();
    await author.waitForURL(/\/admin(\?|$)/);
    await checkAccessibility(author, 'dashboard (author)');

    // She writes an article with a hero image and a footnote, saves and submits it.
    await author.goto(`${base}/admin/articles/new`);
    await checkAccessibility(author, 'new article');
    assert.equal(await author.getByRole('button', { name: 'Publish' }).count(), 0, 'an author is not offered Publish');
    await author.getByLabel('Title').fill('Water, ice and the new Arctic bargain');
    await author.getByLabel('Lead').fill('Melting sea ice opens routes and reopens old quarrels over who may use them.');
    await author.getByLabel('Body').fill('The Northern Sea Route carried record cargo last year.[^1]\n\n## What changes\n\nShipping seasons lengthen.\n\n[^1]: Port authority figures, 2026.');
    await author.frameLocator('iframe[data-preview-frame]').getByText('Shipping seasons lengthen.').waitFor();
    await author.getByLabel('Hero image').setInputFiles({ name: 'ice.jpg', mimeType: 'image/jpeg', buffer: await sampleJpeg(1600, 1000) });
    await author.locator('[data-image-preview] img').waitFor();
    await author.locator('#field-image_alt').fill('A cargo ship among broken sea ice');
    await author.locator('#field-image_credit').fill('Wrenfield Institute');
    await author.getByRole('button', { name: 'Save draft' }).click();
    await author.getByText(/saved/i).first().waitFor();
    await author.screenshot({ path: '/tmp/office-editor.png', fullPage: true });
    await author.getByRole('button', { name: 'Submit for review' }).click();
    await author
      .getByText(/in review/i)
      .first()
      .waitFor();
    const editUrl = author.url().replace(/\?.*$/, '');
    assert.match(editUrl, /\/admin\/articles\/\d+$/);

    // The editor finds it waiting, and returns it with a note.
    const editor = await person();
    await signIn(editor, 'desk@wrenfield.example', 'editor passphrase');
    await editor.getByRole('link', { name: 'Water, ice and the new Arctic bargain' }).first().click();
    await checkAccessibility(editor, 'review');
    await editor.getByLabel('Note to the author').fill('Please give the cargo figure and its source in the text.');
    await editor.getByRole('button', { name: 'Return to author' }).click();
    await editor
      .getByText(/returned/i)
      .first()
      .waitFor();

    // The author sees the note, fixes the article and submits it again.
    await author.goto(`${base}/admin`);
    await author.getByRole('link', { name: 'Water, ice and the new Arctic bargain' }).first().click();
    await author.getByText('Please give the cargo figure and its source in the text.').waitFor();
    await checkAccessibility(author, 'returned article');
    const body = author.getByLabel('Body');
    await body.fill((await body.inputValue()).replace('carried record cargo', 'carried a record 38 million tonnes of cargo'));
    await author.getByRole('button', { name: 'Submit for review' }).click();
    await author
      .getByText(/in review/i)
      .first()
      .waitFor();

    // The editor compares the revisions and publishes.
    await editor.goto(editUrl.replace(/^https?:\/\/[^/]+/, base));
    await editor
      .getByRole('link', { name: /Revisions|History/ })
      .first()
      .click();
    await editor.locator('ins', { hasText: '38 million tonnes' }).first().waitFor();
    await checkAccessibility(editor, 'revisions');
    await editor.screenshot({ path: '/tmp/office-revisions.png', fullPage: true });
    await editor.goto(editUrl.replace(/^https?:\/\/[^/]+/, base));
    await editor.getByRole('button', { name: 'Publish' }).click();
    await editor
      .getByText(/published/i)
      .first()
      .waitFor();
    const publicLink = editor.getByRole('link', { name: 'View on site' });
    const href = await publicLink.getAttribute('href');
    assert.ok(href, 'a published article links to its public page');

    // Readers see it, with its image credit and footnote.
    const reader = await person({ width: 390 });
    const response = await reader.goto(new URL(href, base).toString());
    assert.equal(response?.status(), 200);
    await reader.getByRole('heading', { level: 1, name: 'Water, ice and the new Arctic bargain' }).waitFor();
    assert.ok(await reader.getByText('Source: Wrenfield Institute').count());
    assert.ok(await reader.locator('.footnotes, section.footnotes, [role="doc-endnotes"]').count(), 'the footnote is rendered');
    assert.ok(await reader.getByText('38 million tonnes').count());
    await checkAccessibility(reader, 'public article');
    await reader.screenshot({ path: '/tmp/office-published.png', fullPage: true });

    const allErrors = [admin, author, editor, reader].flatMap((p) => errorsOf.get(p) ?? []);
    assert.deepEqual(allErrors, [], 'no script or CSP errors on any page');
    assert.deepEqual(axeFindings, [], 'no serious or critical accessibility violations');
  });
});
