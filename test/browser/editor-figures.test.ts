import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, serveInBrowser, signedInPage, type DemoSite } from '../browser.ts';
import { createTestDatabase } from '../databases.ts';
import { createUser } from '../../src/users/store.ts';
import { createExpert } from '../../src/experts/store.ts';
import { sampleJpeg } from '../app.ts';

/**
 * Figures in the editor, as a person uses them in Chromium: "Insert figure" with a file, a caption and a
 * source, seen in the preview, published, and on the public page as a <figure> with its variants; an image
 * picked from the media library; an image file pasted into the body; another site's image listed with an
 * upload of a copy; axe on the editor with the dialog open.
 */
describe('figures in the article editor, in Chromium', { timeout: 300_000 }, () => {
  let site: DemoSite;
  before(async () => {
    const db = await createTestDatabase('sqlite');
    await createExpert(db.handle, { name: 'Maria Figueroa', slug: 'maria-figueroa' });
    await createUser(db.handle, { email: 'desk@figures.example', name: 'Eli Editor', role: 'editor', password: 'editor passphrase' });
    site = await serveInBrowser(db);
  });
  after(() => site?.close());

  const signedIn = () => signedInPage(site, 'desk@figures.example', 'editor passphrase');

  const body = (page: Page) => page.locator('#article-editor textarea[name="body"]');
  const dialog = (page: Page) => page.locator('dialog.figure-dialog');

  test('insert a figure with a file, caption and source; preview; publish; the public page has the <figure>', async () => {
    const page = await signedIn();
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/articles/new`);
    await page.locator('#article-editor [name="title"]').fill('Grain through the straits');
    await page.locator('#article-editor [name="lead"]').fill('Where the wheat goes, and why it matters.');
    await body(page).fill('The first paragraph.\n\nThe second paragraph.');
    // The cursor after the first paragraph: the figure goes there.
    await body(page).evaluate((area: HTMLTextAreaElement) => area.setSelectionRange('The first paragraph.'.length, 'The first paragraph.'.length));
    await page.getByRole('button', { name: 'Insert figure' }).click();
    await dialog(page).waitFor();
    assert.equal(await dialog(page).evaluate((d: HTMLDialogElement) => d.open), true);

    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], 'axe on the editor with the dialog open');

    await dialog(page)
      .getByLabel('Upload an image')
      .setInputFiles({ name: 'wheat.jpg', mimeType: 'image/jpeg', buffer: await sampleJpeg(1400, 700) });
    // Without alt text nothing is inserted: the dialog asks for it.
    await dialog(page).getByRole('button', { name: 'Insert figure' }).click();
    await dialog(page).getByText('Give the alt text').waitFor();
    await dialog(page).getByLabel('Alt text', { exact: true }).fill('Wheat exports by port, 2019–2024');
    await dialog(page).getByLabel('Caption').fill('Odesa carried most of the wheat.');
    await dialog(page).getByLabel('Credit', { exact: true }).fill('Statistics Office');
    await dialog(page).getByLabel('Credit link').fill('https://stats.example/wheat');
    await dialog(page).getByRole('button', { name: 'Insert figure' }).click();
    await page.waitForFunction(
      () => !document.querySelector<HTMLDialogElement>('dialog.figure-dialog')?.open || /Not inserted/.test(document.querySelector('.figure-dialog-status')?.textContent ?? ''),
    );
    assert.equal(
      await dialog(page)
        .locator('.figure-dialog-status')
        .textContent()
        .then((t) => (/Not inserted/.test(t ?? '') ? t : '')),
      '',
    );
    const text = await body(page).inputValue();
    assert.match(text, /^The first paragraph\.\n\n!\[Wheat exports by port, 2019–2024\]\(\/media\/[0-9a-f]{64}\/1400\.jpg "Odesa carried most of the wheat\."\)\n\nThe second paragraph\.$/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'body', 'focus goes back to the body');

    // The live preview draws the figure as it will be published.
    // The preview is the reading page in a frame (src/articles/preview-page.tsx), drawn by the renderer that publishes.
    const previewFigure = page.frameLocator('iframe.preview-frame').locator('.article-body figure.body-figure');
    await previewFigure.waitFor({ timeout: 20_000 });
    assert.match((await previewFigure.locator('figcaption').textContent()) ?? '', /Odesa carried most of the wheat\.\s*Source: Statistics Office/);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+/);
    const publicHref = await page.getByRole('link', { name: 'View on site' }).getAttribute('href');
    assert.ok(publicHref);
    await page.goto(site.base + publicHref);
    const figure = page.locator('.article-body figure.body-figure');
    await figure.waitFor();
    const srcset = await figure.locator('source[type="image/avif"]').getAttribute('srcset');
    assert.match(srcset ?? '', /\/480\.avif 480w, .*\/800\.avif 800w, .*\/1200\.avif 1200w, .*\/1400\.avif 1400w/);
    const img = figure.locator('img');
    assert.equal(await img.getAttribute('alt'), 'Wheat exports by port, 2019–2024');
    assert.equal(await img.getAttribute('width'), '1200');
    assert.equal(await img.getAttribute('height'), '600');
    assert.equal(await figure.locator('figcaption .caption').textContent(), 'Odesa carried most of the wheat.');
    assert.equal((await figure.locator('figcaption .credit').textContent())?.replace(/\s+/g, ' '), 'Source: Statistics Office');
    assert.equal(await figure.locator('figcaption .credit a').getAttribute('href'), 'https://stats.example/wheat');
    // The picture loads (the site's own, under its CSP).
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.article-body figure.body-figure img')?.naturalWidth ?? 0) > 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('pick an image from the media library; a pasted image file asks for its alt text first', async () => {
    const page = await signedIn();
    await page.goto(`${site.base}/admin/articles/new`);
    await page.locator('#article-editor [name="title"]').fill('Using the library');
    await body(page).fill('Text before.');
    await body(page).evaluate((area: HTMLTextAreaElement) => area.setSelectionRange(area.value.length, area.value.length));
    await page.getByRole('button', { name: 'Insert figure' }).click();
    await dialog(page).getByLabel('Search alt texts and credits').fill('wheat exports');
    const choice = dialog(page).getByRole('button', { name: /^Choose Wheat exports by port/ });
    await choice.waitFor();
    await choice.click();
    assert.equal(await dialog(page).getByLabel('Alt text', { exact: true }).inputValue(), 'Wheat exports by port, 2019–2024');
    assert.equal(await dialog(page).getByLabel('Credit', { exact: true }).inputValue(), 'Statistics Office');
    await dialog(page).getByLabel('Caption').fill('The same chart, again.');
    await dialog(page).getByRole('button', { name: 'Insert figure' }).click();
    await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('dialog.figure-dialog')?.open);
    assert.match(await body(page).inputValue(), /^Text before\.\n\n!\[Wheat exports by port, 2019–2024\]\(\/media\/[0-9a-f]{64}\/1400\.jpg "The same chart, again\."\)$/);

    // An image file pasted with no HTML beside it: the dialog opens with the file, at the alt text.
    const jpeg = [...(await sampleJpeg(300, 200))];
    await body(page).evaluate((area: HTMLTextAreaElement, bytes: number[]) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'pasted.jpg', { type: 'image/jpeg' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, jpeg);
    await page.waitForFunction(() => document.querySelector<HTMLDialogElement>('dialog.figure-dialog')?.open === true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'figure-alt');
    await dialog(page).getByText('To upload: pasted.jpg').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('dialog.figure-dialog')?.open);

    // A paste that carries HTML (what Word sends, with a picture of the text) is not this dialog's.
    await body(page).evaluate((area: HTMLTextAreaElement, bytes: number[]) => {
      const data = new DataTransfer();
      data.setData('text/html', '<p>From Word</p>');
      data.items.add(new File([new Uint8Array(bytes)], 'word.png', { type: 'image/png' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, jpeg);
    await page.waitForTimeout(300);
    assert.equal(await dialog(page).evaluate((d: HTMLDialogElement) => d.open), false);

    // The media library's own page (the way without JavaScript): its images, their Markdown, and axe.
    await page.goto(`${site.base}/admin/media?q=wheat`);
    await page.getByText('1 image; page 1 of 1.').waitFor();
    assert.match(await page.getByLabel('Markdown for the body').inputValue(), /^!\[Wheat exports by port, 2019–2024\]\(\/media\/[0-9a-f]{64}\/1400\.jpg "Caption"\)$/);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the media library');
    await page.context().close();
  });

  test('another site’s image is listed with why, and an uploaded copy takes its place', async () => {
    const page = await signedIn();
    await page.goto(`${site.base}/admin/articles/new`);
    await page.locator('#article-editor [name="title"]').fill('Outside images');
    await body(page).fill('Text.\n\n![A chart from elsewhere](https://other.example/chart.png "Their chart")');
    const warnings = page.locator('[data-figure-warnings]');
    await warnings.getByText('It is on another site.').waitFor();
    assert.equal(await warnings.isVisible(), true);
    await warnings.getByLabel('Upload a copy').setInputFiles({ name: 'copy.jpg', mimeType: 'image/jpeg', buffer: await sampleJpeg(640, 320) });
    await page.waitForFunction(() => /\]\(\/media\/[0-9a-f]{64}\/640\.jpg "Their chart"\)/.test(document.querySelector<HTMLTextAreaElement>('textarea[name="body"]')!.value));
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-figure-warnings]')?.hidden === true);
    await page.context().close();
  });
});
