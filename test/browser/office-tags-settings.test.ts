import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';
import { createUser } from '../../src/users/store.ts';
import { getTagBySlug } from '../../src/tags/store.ts';

/** A logo as a designer would send one: a wordmark-like block on a transparent background. */
const logoPng = () =>
  sharp({ create: { width: 640, height: 160, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="160"><circle cx="80" cy="80" r="64" fill="#8a1c2b"/><rect x="170" y="40" width="430" height="26" fill="#333"/><rect x="170" y="94" width="300" height="26" fill="#8a1c2b"/></svg>',
        ),
        top: 0,
        left: 0,
      },
    ])
    .png()
    .toBuffer();

/** The office's tag screens and the logo/menu/footer screen, used as an administrator would, with axe on each. */
describe('tags and the site’s look in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    await createUser(site.db.handle, { email: 'look@wrenfield.example', name: 'Lee Look', role: 'admin', password: 'look passphrase' });
  });
  after(() => site?.close());

  async function signedIn(colorScheme: 'light' | 'dark', width: number): Promise<Page> {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill('look@wrenfield.example');
    await page.getByLabel('Password').fill('look passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
    return page;
  }

  test('a tag is made, described and merged through the forms, without JavaScript needed; axe finds nothing serious', async () => {
    const page = await signedIn('light', 1280);
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/tags`);
    await page.getByRole('link', { name: 'New tag' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Grid resilience');
    await page.getByLabel('Description', { exact: true }).fill('How power systems **withstand** shocks.');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Create tag' }).click();
    await page.waitForURL(/\/admin\/tags\/\d+\?notice=created$/);
    assert.match((await page.locator('.notice, [role="status"]').first().textContent()) ?? '', /Tag created/);
    const made = await getTagBySlug(site.db.handle, 'grid-resilience');
    assert.ok(made);
    // Merge it into another tag, chosen from the list.
    const target = await site.db.handle.db.selectFrom('tags').select(['id', 'name', 'slug']).where('kind', '=', 'topic').where('id', '<>', made.id).orderBy('id').executeTakeFirstOrThrow();
    // The choices name tags by slug: a slug is never taken for an id.
    await page.getByLabel('Merge into', { exact: true }).selectOption(target.slug);
    await page.getByLabel(/Yes, merge/).check();
    for (const [scheme, width] of [
      ['light', 1280],
      ['dark', 390],
    ] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await seriousViolations(page), [], `the tag's screen, ${scheme} at ${width}`);
    }
    await page.getByRole('button', { name: 'Merge tags' }).click();
    await page.waitForURL(`${site.base}/admin/tags/${target.id}?notice=merged`);
    assert.equal(await getTagBySlug(site.db.handle, 'grid-resilience'), undefined);
    assert.deepEqual(errors, []);
  });

  test('a logo and a menu of the site’s own, set through the form, show in the masthead; axe finds nothing serious', async () => {
    const page = await signedIn('light', 1280);
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/settings`);
    await page.getByRole('link', { name: 'Logo, favicon, masthead menu and footer' }).click();
    await page.waitForURL(`${site.base}/admin/settings/appearance`);
    for (const [scheme, width] of [
      ['light', 1280],
      ['dark', 1280],
      ['light', 390],
      ['dark', 390],
    ] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await seriousViolations(page), [], `the appearance screen, ${scheme} at ${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Choose a logo').setInputFiles({ name: 'wrenfield-logo.png', mimeType: 'image/png', buffer: await logoPng() });
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await page.waitForURL(`${site.base}/admin/settings/appearance?notice=logo`);
    assert.equal(await page.locator('img.appearance-preview.logo').count(), 1);
    // The menu: the polls' link goes, an About link comes first, a report elsewhere last.
    await page.getByRole('group', { name: 'Link 2', exact: true }).getByLabel('Remove this link').check();
    const spare = page.locator('[name^="menu."][name$=".label"][value=""]').first();
    const spareName = (await spare.getAttribute('name'))!.replace(/\.label$/, '');
    await page.locator(`[name="${spareName}.label"]`).fill('About the institute');
    await page.locator(`[name="${spareName}.href"]`).fill('/about');
    await page.locator(`[name="${spareName}.order"]`).fill('0');
    await page.getByLabel('Footer text', { exact: true }).fill('Wrenfield Institute · 12 Quay Street · Registered charity 1099');
    await page.getByRole('button', { name: 'Save menu and footer' }).click();
    await page.waitForURL(`${site.base}/admin/settings/appearance?notice=saved`);
    assert.deepEqual(await seriousViolations(page), []);

    for (const [scheme, width, file] of [
      ['light', 1280, '/tmp/rostrum-masthead-logo-menu-desktop.png'],
      ['dark', 1280, '/tmp/rostrum-masthead-logo-menu-desktop-dark.png'],
      ['light', 390, '/tmp/rostrum-masthead-logo-menu-phone.png'],
    ] as const) {
      const reader = await (await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme })).newPage();
      const readerErrors = collectErrors(reader);
      await reader.goto(`${site.base}/`);
      const links = await reader.locator('.site-nav a').allTextContents();
      assert.equal(links[0], 'About the institute');
      assert.ok(!links.includes('Reader polls'), links.join(', '));
      const logo = reader.locator('.masthead img.site-logo');
      assert.equal(await logo.count(), 1);
      const box = (await logo.boundingBox())!;
      assert.ok(box.height >= 40 && box.height <= 56, `the logo is drawn at the masthead's height: ${box.height}`);
      assert.ok(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the logo loads');
      assert.match((await reader.locator('.footer-text').textContent()) ?? '', /Registered charity 1099/);
      assert.deepEqual(await seriousViolations(reader), [], `the front page, ${scheme} at ${width}`);
      await reader.locator('header.masthead').screenshot({ path: file });
      assert.deepEqual(readerErrors, []);
      await reader.context().close();
    }
    assert.deepEqual(errors, []);
  });
});
