import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { collectErrors, seriousViolations, serveInBrowser, signedInPage, type DemoSite } from '../browser.ts';
import { createTestDatabase } from '../databases.ts';
import { createUser } from '../../src/users/store.ts';
import { createExpert } from '../../src/experts/store.ts';
import { officeHtmlToMarkdown } from '../../src/importers/word/office-html.ts';
import { briefDocx } from '../word-documents.ts';

/** The preview's sandboxed frame (not this feature) reports its blocked scripts; everything else counts. */
const notPreviewFrame = (error: string) => !/about:srcdoc/.test(error);

const sample = (name: string) => readFileSync(new URL(`../../src/importers/word/samples/${name}.html`, import.meta.url), 'utf8');

/**
 * Pasting from Word into the editor's body, in Chromium: a real `paste` ClipboardEvent carrying the clipboard's
 * text/html (Word's own markup, saved from Word) lands as Markdown at the cursor, with headings, a table and
 * footnotes, and the preview shows them; a clipboard with HTML alone pastes too; plain text is the browser's.
 */
describe('Word in, in Chromium', { timeout: 240_000 }, () => {
  let site: DemoSite;
  before(async () => {
    const db = await createTestDatabase('sqlite');
    const expert = await createExpert(db.handle, { name: 'Nadia Analyst', slug: 'nadia-analyst' });
    await createUser(db.handle, { email: 'author@wrenfield.example', name: 'Nadia Analyst', role: 'author', password: 'author passphrase', expertId: expert.id });
    site = await serveInBrowser(db);
  });
  after(() => site?.close());

  const signedIn = () => signedInPage(site, 'author@wrenfield.example', 'author passphrase');

  /** Dispatches a paste on the body as the browser does for Ctrl+V; true when the page let the browser paste. */
  function paste(page: Page, data: Record<string, string>): Promise<boolean> {
    return page.locator('#article-editor textarea[name="body"]').evaluate((body, items) => {
      const transfer = new DataTransfer();
      for (const [type, value] of Object.entries(items)) transfer.setData(type, value);
      (body as HTMLTextAreaElement).focus();
      return body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, data);
  }

  const bodyValue = (page: Page) => page.locator('#article-editor textarea[name="body"]').inputValue();

  /** Whether the preview (in the page, or in its frame) shows the selector. */
  const previewShows = (page: Page, selector: string) =>
    page.waitForFunction(
      (wanted) => {
        const area = document.getElementById('article-preview');
        const documents: Array<ParentNode | null | undefined> = [area, ...Array.from(area?.querySelectorAll('iframe') ?? []).map((f) => f.contentDocument)];
        return documents.some((d) => d?.querySelector(wanted));
      },
      selector,
      { timeout: 30_000 },
    );

  test('a paste from Word keeps headings, lists, the table and the footnotes; undo takes it back; the preview and autosave follow', async () => {
    const page = await signedIn();
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/articles/new`);
    assert.deepEqual(await seriousViolations(page), [], 'the new-article editor with its import form passes axe');
    await page.getByLabel('Title', { exact: true }).fill('Energy security');
    const body = page.locator('#article-editor textarea[name="body"]');
    await body.fill('Opening line.');
    await body.evaluate((b) => (b as HTMLTextAreaElement).setSelectionRange(13, 13));
    const html = sample('word');
    const expected = officeHtmlToMarkdown(html).markdown.trim();
    const letBrowser = await paste(page, { 'text/html': html, 'text/plain': 'Energy security after the winter Europe entered the winter…' });
    assert.equal(letBrowser, false, 'the editor takes a paste with HTML in it');
    await page.waitForFunction(() => (document.querySelector('#article-editor textarea[name="body"]') as HTMLTextAreaElement).value.includes('[^2]:'));
    assert.equal(await bodyValue(page), `Opening line.\n\n${expected}\n`);
    assert.match(await bodyValue(page), /\| Country \| Storage \(%\) \|/);
    await previewShows(page, 'section.footnotes li');
    await previewShows(page, 'table th');
    await previewShows(page, 'h3');
    // The image that was only a path on the writer's computer is named, not silently lost.
    assert.match((await page.locator('[data-paste-notes]').textContent()) ?? '', /only on your computer/);
    // Autosave saw the change: the draft is kept without pressing Save.
    await page.locator('[data-autosave-status][data-state="saved"]').waitFor({ timeout: 60_000 });
    // Undo is the browser's own: the paste is one step.
    await body.focus();
    await page.keyboard.press('Control+Z');
    assert.equal(await bodyValue(page), 'Opening line.');
    assert.deepEqual(errors.filter(notPreviewFrame), []);
    await page.context().close();
  });

  test('a clipboard with only HTML (no plain text) pastes; plain text alone is left to the browser; a failed conversion pastes the text', async () => {
    const page = await signedIn();
    await page.goto(`${site.base}/admin/articles/new`);
    const onlyHtml = await paste(page, { 'text/html': sample('google-docs') });
    assert.equal(onlyHtml, false);
    await page.waitForFunction(() => (document.querySelector('#article-editor textarea[name="body"]') as HTMLTextAreaElement).value.includes('[^1]: Gas Infrastructure Europe'));
    assert.match(await bodyValue(page), /^## Energy security after the winter\n/);

    await page.locator('#article-editor textarea[name="body"]').fill('');
    const plain = await paste(page, { 'text/plain': 'Just words' });
    assert.equal(plain, true, 'plain text is not taken from the browser');
    assert.equal(await bodyValue(page), '');

    // More than one conversion takes: the server's 413 says why, and the words are pasted without formatting.
    await page.locator('#article-editor textarea[name="body"]').fill('');
    await paste(page, { 'text/html': `<p>${'many words '.repeat(200_000)}</p>`, 'text/plain': 'Many words' });
    await page.waitForFunction(() => (document.querySelector('#article-editor textarea[name="body"]') as HTMLTextAreaElement).value === 'Many words');
    assert.match((await page.locator('[data-paste-notes]').textContent()) ?? '', /could not be converted \(it is 2\.1 MB of text and markup: more than the 2 MB one conversion takes/);
    await page.locator('#article-editor textarea[name="body"]').fill('');

    await page.route('**/admin/articles/paste', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"busy","message":"Busy"}}' }));
    await paste(page, { 'text/html': '<p>Styled <b>words</b></p>', 'text/plain': 'Styled words' });
    await page.waitForFunction(() => (document.querySelector('#article-editor textarea[name="body"]') as HTMLTextAreaElement).value === 'Styled words');
    assert.match((await page.locator('[data-paste-notes]').textContent()) ?? '', /could not be converted/);
    await page.context().close();
  });

  test('a .docx dropped on the new article page goes to the import, which makes the draft', async () => {
    const page = await signedIn();
    await page.goto(`${site.base}/admin/articles/new`);
    const bytes = [...(await briefDocx({ withImage: false }))];
    await page.locator('#article-editor textarea[name="body"]').evaluate((body, data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'Winter brief.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
      body.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForURL(/\/admin\/articles\/\d+\?notice=imported_from_word$/);
    await page.context().close();
  });

  test('Import from Word: the file picker makes the draft and its editor lists what was not carried over; the page passes axe', async () => {
    const page = await signedIn();
    const errors = collectErrors(page);
    await page.goto(`${site.base}/admin/articles/new`);
    await page
      .getByLabel('Word document (.docx)')
      .setInputFiles({ name: 'brief.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await briefDocx() });
    await page.getByRole('button', { name: 'Import as a new draft' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?notice=imported_from_word$/);
    await page.getByRole('heading', { name: 'Draft created from your Word document' }).waitFor();
    assert.match(await page.locator('.word-import-notes').innerText(), /1 comment left out/);
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Energy security after the winter');
    assert.match(await bodyValue(page), /\[\^1\]: Gas Infrastructure Europe/);
    assert.deepEqual(await seriousViolations(page), []);
    // A file that is not a document comes back on the import form, with the reason.
    await page.goto(`${site.base}/admin/articles/new`);
    await page.getByLabel('Word document (.docx)').setInputFiles({ name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('plain text') });
    await page.getByRole('button', { name: 'Import as a new draft' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /not a Word document/);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(
      errors.filter((e) => notPreviewFrame(e) && !/status of 415/.test(e)),
      [],
    );
    await page.context().close();
  });
});
