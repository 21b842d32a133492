import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { collectErrors, startDemoSite, type DemoSite } from '../browser.ts';
import { createUser } from '../../src/users/store.ts';
import { listAllExperts } from '../../src/experts/store.ts';
import { sampleJpeg } from '../app.ts';

/** Fields the person does not type into: the form's own bookkeeping, the file chooser and the image it sets. */
const bookkeeping = new Set(['_csrf', 'id', 'revision', 'editorial_fields', 'image', 'image_file']);

/** Every named control of the editor form, but the bookkeeping: what a person can type into, choose or tick. */
async function editableFields(page: Page): Promise<string[]> {
  const names = await page.locator('#article-editor').evaluate((form) =>
    [...(form as HTMLFormElement).elements].flatMap((e) => {
      const name = e.getAttribute('name');
      return name && !(e instanceof HTMLButtonElement) ? [name] : [];
    }),
  );
  return [...new Set(names)].filter((n) => !bookkeeping.has(n)).sort();
}

/** What the editor shows in each of these fields: the text, the choice, or whether the box is ticked. */
async function shown(page: Page, names: string[]): Promise<Record<string, string | boolean>> {
  const values: Record<string, string | boolean> = {};
  for (const name of names) {
    const field = page.locator(`#article-editor [name="${name}"]`);
    values[name] = (await field.getAttribute('type')) === 'checkbox' ? await field.isChecked() : await field.inputValue();
  }
  return values;
}

/** Waits until autosave has kept every change made so far (no Save button pressed). */
async function draftSaved(page: Page): Promise<void> {
  await page.locator('[data-autosave-status][data-state="saved"]', { hasText: 'Draft saved' }).waitFor({ timeout: 60_000 });
}

/**
 * Autosave keeps everything on the screen: a person types into every field of the editor, waits for
 * "Draft saved" without pressing Save, reloads, and finds each field as typed. Run for an author (the
 * report: an image's alt text and credit lost) and for an editor, whose form has the editorial fields too.
 */
describe('autosave keeps every field of the editor, in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  let expertSlugs: string[];
  before(async () => {
    site = await startDemoSite();
    const experts = await listAllExperts(site.db.handle);
    expertSlugs = experts.map((e) => e.slug);
    assert.ok(expertSlugs.length >= 3, 'the demo has a lead and a co-author to choose for each test');
    await createUser(site.db.handle, { email: 'author@wrenfield.example', name: 'Ada Author', role: 'author', password: 'author passphrase', expertId: experts[0]!.id });
    await createUser(site.db.handle, { email: 'desk@wrenfield.example', name: 'Eli Editor', role: 'editor', password: 'editor passphrase' });
  });
  after(() => site?.close());

  async function signedIn(email: string, password: string): Promise<Page> {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${site.base}/admin/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.base}/admin`);
    return page;
  }

  /** Chooses a hero image, which uploads at once, and waits for it to show. */
  async function chooseImage(page: Page, name: string) {
    await page.getByLabel('Hero image').setInputFiles({ name, mimeType: 'image/jpeg', buffer: await sampleJpeg(1200, 800) });
    await page.locator('[data-image-preview] img').waitFor();
  }

  /** What a picker's choice is called, by the id the form sends (the poll's question). */
  const pickerLabels = new Map<string, string>();

  /** Types each value into its field: text is filled, a select chosen, a checkbox ticked, a picker's choice found by its label. */
  async function typeInto(page: Page, typed: Record<string, string | boolean>) {
    for (const [name, value] of Object.entries(typed)) {
      const field = page.locator(`#article-editor [name="${name}"]`);
      if (typeof value === 'boolean') await field.setChecked(value);
      else if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
      else if ((await field.getAttribute('type')) === 'hidden') {
        const box = page.locator(`#article-editor [data-picker-name="${name}"] [role="combobox"]`);
        await box.fill(pickerLabels.get(value) ?? value);
        await page.locator(`#article-editor [data-picker-name="${name}"] [role="option"]`).first().waitFor();
        await box.press('ArrowDown');
        await box.press('Enter');
      } else await field.fill(value);
    }
  }

  async function typeSaveReloadCompare(page: Page, typed: Record<string, string | boolean>) {
    await page.goto(`${site.base}/admin/articles/new`);
    const errors = collectErrors(page);
    await chooseImage(page, 'harbour.jpg');
    const fields = await editableFields(page);
    assert.deepEqual(Object.keys(typed).sort(), fields, 'the test types into every field the editor shows');
    await typeInto(page, typed);
    await draftSaved(page);
    const image = await page.locator('#article-editor input[name="image"]').inputValue();
    assert.match(image, /^\d+$/, 'the uploaded image is on the form');

    await page.reload();
    assert.match(page.url(), /\/admin\/articles\/\d+$/, 'the first autosave made the article, and the address follows it');
    assert.deepEqual(await shown(page, fields), typed, 'after a reload the editor shows each field as typed');
    assert.equal(await page.locator('#article-editor input[name="image"]').inputValue(), image, 'and the image chosen');
    assert.equal(await page.locator('[data-image-preview] img').getAttribute('alt'), typed.image_alt);
    assert.deepEqual(errors, [], 'no script or CSP errors');
    return page;
  }

  const text = {
    title: 'Harbour ice and the winter routes',
    lead: 'Ports that froze shut now stay open longer.\nWhat that changes for trade.',
    body: 'A first paragraph.\n\n## A heading\n\nA line with a hard break  \nand its second line.\n\n- one\n- two',
    tags: 'autosave alpha, autosave beta',
    image_alt: 'A harbour crane above broken ice',
    image_credit: 'Wrenfield Institute',
    image_credit_url: 'https://wrenfield.example/photos/harbour',
  };

  test('an author: text, slug, tags and the image’s alt text, credit and link survive a reload', async () => {
    const page = await signedIn('author@wrenfield.example', 'author passphrase');
    // The author leads (their own blog) and names a co-author: the lead's say on a draft.
    await typeSaveReloadCompare(page, { ...text, expert: expertSlugs[0]!, coauthor_1: expertSlugs[1]!, slug: 'harbour-ice-author', language: 'ru' });
    await page.context().close();
  });

  test('an editor: every field, the editorial ones too, survives a reload; removing the image is kept as well', async () => {
    const page = await signedIn('desk@wrenfield.example', 'editor passphrase');
    await page.goto(`${site.base}/admin/articles/new`);
    // The poll picker searches every poll: the newest is the one to choose.
    const newest = await page.evaluate(async () => ((await (await fetch('/admin/polls/lookup')).json()) as { items: Array<{ id: string; label: string }> }).items[0]);
    assert.ok(newest, 'the demo has a poll to choose');
    const poll = newest.id;
    pickerLabels.set(poll, newest.label);
    await typeSaveReloadCompare(page, {
      ...text,
      expert: expertSlugs[1]!,
      coauthor_1: expertSlugs[2]!,
      slug: 'harbour-ice-editor',
      language: 'en',
      published_at: '2031-05-04T09:30',
      poll,
      featured: true,
    });

    // After the reload the image can be removed: ticking the box is kept too, and the image is gone.
    const fields = await editableFields(page);
    assert.ok(fields.includes('remove_image'), 'an article with an image offers to remove it');
    await page.getByLabel('Remove this image from the article').check();
    await draftSaved(page);
    await page.reload();
    assert.equal(await page.locator('#article-editor input[name="image"]').inputValue(), '');
    assert.equal(await page.locator('#article-editor [name="remove_image"]').count(), 0);
    assert.equal(await page.locator('#article-editor [name="title"]').inputValue(), text.title);
    await page.context().close();
  });
});
