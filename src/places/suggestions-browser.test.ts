import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors, seriousViolations, startDemoSite, type DemoSite } from '../../test/browser.ts';
import { createUser } from '../users/store.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { findArticleId } from '../articles/store.ts';
import { getTagBySlug } from '../tags/store.ts';

/**
 * The editor's suggested places in Chromium, with the office script: pressing a suggestion adds it to
 * the tags field once, and saving makes the country's tag. The demo's Kazakhstan piece discusses
 * Russia, China and the Eurasian Economic Union, which it is not tagged with.
 */
describe('suggested places in the editor, in Chromium', { timeout: 120_000 }, () => {
  let site: DemoSite;
  let articleId: number;

  before(async () => {
    site = await startDemoSite();
    await createUser(site.db.handle, { email: 'desk@wrenfield.example', name: 'Eli Editor', role: 'editor', password: 'editor passphrase' });
    const expert = await getExpertBySlug(site.db.handle, 'daniyar-seitkali');
    articleId = (await findArticleId(site.db.handle, expert!.id, 'kazakhstan-multi-vector-foreign-policy-under-strain'))!;
  });
  after(() => site?.close());

  test('a press adds the suggestion to the tags field, once; saving makes the place’s tag', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill('desk@wrenfield.example');
    await page.getByLabel('Password').fill('editor passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
    await page.goto(`${site.base}/admin/articles/${articleId}`);

    const tags = page.getByLabel('Tags', { exact: true });
    const before = await tags.inputValue();
    assert.doesNotMatch(before, /Russia/);
    await page.getByRole('button', { name: 'Add tag Russia' }).click();
    assert.equal(await tags.inputValue(), `${before}, Russia`);
    assert.equal(await page.getByRole('button', { name: 'Add tag Russia' }).count(), 0, 'the pressed suggestion goes');
    assert.equal(await page.locator('input[name^="accept_place:"]').count(), 0, 'no checkboxes once the script runs');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/notice=/);
    assert.match(await page.getByLabel('Tags', { exact: true }).inputValue(), /Russia/);
    assert.equal(await page.getByRole('button', { name: 'Add tag Russia' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add tag China' }).count(), 1);
    const tag = await getTagBySlug(site.db.handle, 'russia');
    assert.deepEqual(tag && { name: tag.name, kind: tag.kind }, { name: 'Russia', kind: 'country' });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
