import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, serveInBrowser, type DemoSite } from '../browser.ts';
import { createTestDatabase } from '../databases.ts';
import { createUser } from '../../src/users/store.ts';
import { createExpert } from '../../src/experts/store.ts';
import { createArticle } from '../../src/articles/store.ts';

/**
 * The office's archive in Chromium: the article list's filters with the expert picker used by keyboard alone
 * (type, Down, Enter, Enter sends the form), and the portal editor's picker adding an article older than the
 * sixty newest. axe-core checks both screens, with the pickers' lists open; no script or CSP error may be logged.
 */
describe('the office’s pickers in Chromium', { timeout: 180_000 }, () => {
  let site: DemoSite;
  let page: Page;
  let errors: string[];
  let oldest = 0;

  before(async () => {
    site = await serveInBrowser(await createTestDatabase('sqlite'));
    const { handle } = site.db;
    await createUser(handle, { email: 'desk@archive.example', name: 'Desk Editor', role: 'editor', password: 'editor passphrase' });
    const ada = await createExpert(handle, { name: 'Ada Lovelace', slug: 'ada' });
    const other = await createExpert(handle, { name: 'Omar Haddad', slug: 'omar' });
    const start = Date.parse('2024-01-01T00:00:00Z');
    oldest = (
      await createArticle(handle, {
        expertId: other.id,
        title: 'Salt roads of the Sahel',
        lead: 'Lead.',
        bodyMarkdown: 'Who taxed the salt caravans.',
        status: 'published',
        publishedAt: new Date(start - 900 * 86_400_000).toISOString(),
      })
    ).id;
    for (let i = 0; i < 65; i++) {
      await createArticle(handle, {
        expertId: i % 2 ? ada.id : other.id,
        title: `Weekly note ${i}`,
        lead: 'Lead.',
        bodyMarkdown: 'Ordinary words.',
        status: i % 5 === 0 ? 'draft' : 'published',
        publishedAt: i % 5 === 0 ? null : new Date(start + i * 86_400_000).toISOString(),
      });
    }
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill('desk@archive.example');
    await page.getByLabel('Password').fill('editor passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
  });
  after(async () => {
    await site?.close();
  });

  test('the article list: the expert picker by keyboard, then the filtered list', async () => {
    await page.goto(`${site.base}/admin/articles`);
    assert.deepEqual(await seriousViolations(page), [], 'the list');
    const expert = page.getByRole('combobox', { name: 'Expert' });
    await expert.focus();
    await page.keyboard.type('love');
    const option = page.getByRole('option', { name: /Ada Lovelace/ });
    await option.waitFor();
    assert.equal(await expert.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await seriousViolations(page), [], 'the list with the picker open');
    await page.keyboard.press('ArrowDown');
    assert.equal(await expert.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    assert.equal(await expert.inputValue(), 'Ada Lovelace');
    assert.equal(await expert.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('input[type="hidden"][name="expert"]').inputValue(), 'ada', 'the form sends the slug');
    // Escape closes a list that is open, and a second Escape empties the field.
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByRole('listbox').first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await expert.getAttribute('aria-expanded'), 'false');
    // Enter with no choice highlighted sends the form.
    await Promise.all([page.waitForURL(/expert=ada/), page.keyboard.press('Enter')]);
    const titles = await page.locator('table.office-table tbody a').allTextContents();
    assert.equal(titles.length, 32);
    assert.ok(titles.every((title) => /^Weekly note \d+$/.test(title)));
    assert.equal(await page.getByRole('combobox', { name: 'Expert' }).inputValue(), 'Ada Lovelace', 'the form keeps the choice');
    assert.deepEqual(await seriousViolations(page), [], 'the filtered list');
    await page.screenshot({ path: '/tmp/office-archive-list.png', fullPage: true });
  });

  test('the portal editor: an article older than the sixty newest is found and added', async () => {
    await page.goto(`${site.base}/admin/portals/business`);
    assert.deepEqual(await seriousViolations(page), [], 'the portal editor');
    const picker = page.getByRole('combobox', { name: 'Article to add' });
    await picker.focus();
    await page.keyboard.type('salt');
    const option = page.getByRole('option', { name: /Salt roads of the Sahel/ });
    await option.waitFor();
    assert.match((await option.textContent()) ?? '', /Omar Haddad · Published · 2021-07-15/);
    assert.deepEqual(await seriousViolations(page), [], 'the portal editor with the picker open');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('input[type="hidden"][name="add"]').inputValue(), String(oldest));
    await Promise.all([page.waitForURL(/notice=added/), page.keyboard.press('Enter')]);
    assert.match((await page.locator('#curated-heading ~ *').allTextContents()).join(' '), /Salt roads of the Sahel/);
    await page.screenshot({ path: '/tmp/office-archive-portal.png', fullPage: true });
    assert.deepEqual(errors, []);
  });
});
