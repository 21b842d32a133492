import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../browser.ts';
import { createUser } from '../../src/users/store.ts';

/** Every screen of the office an administrator reaches, checked with axe-core in light and dark, on a desktop and a phone. */
describe('every office screen in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  before(async () => {
    site = await startDemoSite();
    await createUser(site.db.handle, { email: 'director@wrenfield.example', name: 'Dana Director', role: 'admin', password: 'director passphrase' });
  });
  after(() => site?.close());

  async function signedIn(colorScheme: 'light' | 'dark', width: number): Promise<Page> {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill('director@wrenfield.example');
    await page.getByLabel('Password').fill('director passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
    return page;
  }

  /** The office's pages, with ids of the demo's first article, poll, expert, tag and of the administrator found on the way. */
  async function officePaths(page: Page): Promise<string[]> {
    const firstLink = async (listPath: string, pattern: RegExp) => {
      await page.goto(site.base + listPath);
      const hrefs = await page.locator('main a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      const found = hrefs.find((h) => pattern.test(h));
      assert.ok(found, `a link matching ${pattern} on ${listPath}`);
      return found;
    };
    const article = await firstLink('/admin/articles', /^\/admin\/articles\/\d+$/);
    const poll = await firstLink('/admin/polls', /^\/admin\/polls\/\d+$/);
    const expert = await firstLink('/admin/experts', /^\/admin\/experts\/\d+$/);
    const tag = await firstLink('/admin/tags', /^\/admin\/tags\/\d+$/);
    const term = await firstLink('/admin/glossary', /^\/admin\/glossary\/\d+$/);
    const person = await firstLink('/admin/users', /^\/admin\/users\/\d+$/);
    const portal = await firstLink('/admin/portals', /^\/admin\/portals\/[a-z-]+$/);
    return [
      '/admin',
      '/admin/articles',
      '/admin/articles/new',
      article,
      `${article}/revisions`,
      '/admin/polls',
      '/admin/polls/new',
      poll,
      '/admin/portals',
      portal,
      '/admin/tags',
      tag,
      '/admin/glossary',
      '/admin/glossary/new',
      term,
      '/admin/experts',
      '/admin/experts/new',
      expert,
      '/admin/users',
      '/admin/users/invite',
      person,
      '/admin/account',
      '/admin/tokens',
      '/admin/settings',
      '/admin/audit',
    ];
  }

  test('no serious or critical accessibility violation and no script or CSP error on any screen', async () => {
    const findings: string[] = [];
    const errors: string[] = [];
    let paths: string[] = [];
    for (const [scheme, width] of [
      ['light', 1280],
      ['dark', 1280],
      ['light', 390],
      ['dark', 390],
    ] as const) {
      const page = await signedIn(scheme, width);
      if (paths.length === 0) paths = await officePaths(page);
      const pageErrors = collectErrors(page);
      for (const path of paths) {
        const response = await page.goto(site.base + path);
        assert.equal(response?.status(), 200, path);
        for (const v of await seriousViolations(page)) findings.push(`${path} (${scheme}, ${width}px): ${v}`);
        if (width === 390 && scheme === 'dark' && path === '/admin/articles/new') await page.screenshot({ path: '/tmp/office-phone-dark-editor.png', fullPage: true });
      }
      errors.push(...pageErrors);
      await page.context().close();
    }
    assert.ok(paths.length >= 20);
    assert.deepEqual(findings, []);
    assert.deepEqual(errors, []);
  });
});
