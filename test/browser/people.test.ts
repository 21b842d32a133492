import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, serveInBrowser, type DemoSite } from '../browser.ts';
import { createTestDatabase } from '../databases.ts';
import { sampleJpeg } from '../app.ts';
import { createUser, getUserByEmail } from '../../src/users/store.ts';
import { getExpertById } from '../../src/experts/store.ts';

/**
 * People and profiles in Chromium: an administrator invites an author and makes their profile with a
 * portrait in the one form; the author keeps their own profile; both, and the notices page, pass axe in
 * light and dark, on a desktop and a phone.
 */
describe('people and profiles in Chromium', { timeout: 240_000 }, () => {
  let site: DemoSite;
  let portrait: string;
  before(async () => {
    site = await serveInBrowser(await createTestDatabase('sqlite'));
    await createUser(site.db.handle, { email: 'director@rostrum.test', name: 'Dana Director', role: 'admin', password: 'director passphrase' });
    portrait = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-portrait-')), 'portrait.jpg');
    fs.writeFileSync(portrait, await sampleJpeg(300, 400));
  });
  after(() => site?.close());

  async function signIn(email: string, password: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
    const context = await site.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
    const page = await context.newPage();
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
    return page;
  }

  test('an administrator invites an author with a new profile and portrait; the author accepts and edits their biography', async () => {
    const admin = await signIn('director@rostrum.test', 'director passphrase');
    const errors = collectErrors(admin);
    await admin.goto(`${site.base}/admin/users/invite`);
    await admin.getByLabel('Email').fill('ines.alvarez@rostrum.test');
    await admin.getByLabel('Role').selectOption('author');
    await admin.getByLabel('Make a new expert profile').check();
    await admin.getByLabel('Name on the blog').fill('Inés Álvarez');
    await admin.getByLabel('Title').fill('Fellow, Mediterranean Programme');
    await admin.getByLabel('Biography').fill('Writes on migration and ports.');
    await admin.getByLabel('Portrait').setInputFiles(portrait);
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    await admin.getByRole('heading', { name: 'Invitation ready' }).waitFor();
    const link = await admin.locator('#secret-link').inputValue();
    assert.match(link, /\/admin\/invitations\//);
    const user = (await getUserByEmail(site.db.handle, 'ines.alvarez@rostrum.test'))!;
    const expert = (await getExpertById(site.db.handle, user.expertId!))!;
    assert.equal(expert.name, 'Inés Álvarez');
    assert.ok(expert.photoMediaId, 'the portrait came with the form');
    assert.deepEqual(errors, []);

    // The author accepts the invitation and keeps their profile through "My profile".
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const author = await context.newPage();
    await author.goto(link.replace(/^https?:\/\/[^/]+/, site.base));
    await author.getByLabel('Your name').fill('Inés');
    await author.getByLabel('Password', { exact: true }).fill('a long enough passphrase');
    await author.getByLabel('Confirm password').fill('a long enough passphrase');
    await author.locator('main form button[type="submit"]').click();
    await author.waitForURL(`${site.base}/admin**`);
    await author.getByRole('link', { name: 'My profile' }).click();
    await author.waitForURL(`${site.base}/admin/experts/${expert.id}`);
    await author.getByLabel('Biography', { exact: true }).fill('Writes on migration, ports and the sea.');
    await author.getByRole('button', { name: 'Save profile' }).click();
    await author.waitForURL(/notice=saved/);
    assert.equal((await getExpertById(site.db.handle, expert.id))?.bio, 'Writes on migration, ports and the sea.');
    assert.equal(await author.locator('input[name="name"], input[name="slug"]').count(), 0, 'the name and address are the editors’');
  });

  test('the invitation form, the author’s profile form and the notices page pass axe in light and dark, wide and narrow', async () => {
    const findings: string[] = [];
    await createUser(site.db.handle, {
      email: 'writer@rostrum.test',
      role: 'author',
      password: 'writer passphrase',
      expertId: (await getUserByEmail(site.db.handle, 'ines.alvarez@rostrum.test'))!.expertId,
    });
    for (const [colorScheme, width] of [
      ['light', 1280],
      ['dark', 1280],
      ['light', 390],
      ['dark', 390],
    ] as const) {
      const admin = await signIn('director@rostrum.test', 'director passphrase', { colorScheme, width });
      const author = await signIn('writer@rostrum.test', 'writer passphrase', { colorScheme, width });
      const errors = [...collectErrors(admin), ...collectErrors(author)];
      const checks: Array<[Page, string]> = [
        [admin, '/admin/users/invite'],
        [author, '/admin/experts/mine'],
        [author, '/admin/account/notices'],
        [author, '/admin'],
      ];
      for (const [page, url] of checks) {
        await page.goto(site.base + url);
        for (const v of await seriousViolations(page)) findings.push(`${colorScheme} ${width} ${url}: ${v}`);
      }
      // A refused invitation shows its errors accessibly too.
      await admin.goto(`${site.base}/admin/users/invite`);
      await admin.getByLabel('Email').fill('not-an-address@');
      await admin.locator('form.office-form').evaluate((f: HTMLFormElement) => f.setAttribute('novalidate', ''));
      await admin.getByRole('button', { name: 'Create invitation' }).click();
      await admin.locator('.error-summary').waitFor();
      for (const v of await seriousViolations(admin)) findings.push(`${colorScheme} ${width} refused invitation: ${v}`);
      assert.deepEqual(errors, []);
      await admin.context().close();
      await author.context().close();
    }
    assert.deepEqual(findings, []);
  });
});
