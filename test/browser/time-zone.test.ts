import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors, seriousViolations, serveInBrowser, type DemoSite } from '../browser.ts';
import { createTestDatabase } from '../databases.ts';
import { createUser } from '../../src/users/store.ts';
import { createExpert } from '../../src/experts/store.ts';
import { getArticleById } from '../../src/articles/store.ts';

/** An administrator chooses the site's zone in Chromium, then an editor schedules an article on its clocks. */
describe('the site’s time zone in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  before(async () => {
    site = await serveInBrowser(await createTestDatabase('sqlite'));
    await createExpert(site.db.handle, { name: 'Lena Vogt', slug: 'lena-vogt' });
    await createUser(site.db.handle, { email: 'chief@example.org', name: 'Chief Editor', role: 'admin', password: 'chief passphrase' });
  });
  after(() => site?.close());

  test('choose Europe/Berlin in the settings, schedule at 12:00 Berlin time, see it back; axe finds nothing serious on either screen', async () => {
    const page = await (await site.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill('chief@example.org');
    await page.getByLabel('Password').fill('chief passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);

    await page.goto(`${site.base}/admin/settings`);
    const zone = page.getByLabel('Time zone');
    assert.equal(await zone.inputValue(), 'UTC');
    assert.deepEqual(await seriousViolations(page), [], 'the settings page');
    // The keyboard reaches the list, and the region's group holds the city.
    assert.equal(await page.locator('#field-time_zone optgroup[label="Europe"] option[value="Europe/Berlin"]').count(), 1);
    await zone.selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(/\/admin\/settings\?notice=saved$/);
    assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Berlin');

    await page.goto(`${site.base}/admin/articles/new`);
    await page.getByLabel('Title').fill('Coalition talks, day one');
    await page.getByLabel('Lead').fill('What the first day of talks settled, and what it left open.');
    await page.getByLabel('Body').fill('The parties met at noon.');
    const when = page.getByLabel('Publication time');
    assert.match((await page.locator('#field-published_at-hint').textContent()) ?? '', /Times are in Europe\/Berlin\./);
    await when.fill('2030-07-01T12:00');
    assert.deepEqual(await seriousViolations(page), [], 'the editor');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?notice=/);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(page.url())?.[1]);
    assert.equal((await getArticleById(site.db.handle, id))!.publishedAt, '2030-07-01T10:00:00.000Z', 'stored as UTC');
    assert.equal(await page.getByLabel('Publication time').inputValue(), '2030-07-01T12:00', 'shown back as typed');
    assert.match((await page.locator('.article-state').textContent()) ?? '', /Scheduled for July 1, 2030, 12:00 UTC\+02:00/);

    // A time the clocks skip is refused at the field, and what was typed stays.
    await page.getByLabel('Publication time').fill('2030-03-31T02:30');
    await page.getByRole('button', { name: /Save/ }).first().click();
    await page.waitForLoadState();
    assert.match((await page.locator('#field-published_at-error').textContent()) ?? '', /no 02:30 that day/);
    assert.equal(await page.getByLabel('Publication time').inputValue(), '2030-03-31T02:30');
    assert.deepEqual(await seriousViolations(page), [], 'the editor with the refusal');
    assert.equal((await getArticleById(site.db.handle, id))!.publishedAt, '2030-07-01T10:00:00.000Z', 'nothing changed');
    // The refused form (and the autosave of the refused time) answer 422, which Chromium logs; nothing else may.
    assert.deepEqual(
      errors.filter((e) => !/status of 422/.test(e)),
      [],
    );
  });
});
