// Word in, in the editor. The server's contract (src/importers/word/routes.tsx):
// - POST /admin/articles/paste, JSON {html} -> {markdown, warnings}: a clipboard's HTML (Word, Google Docs,
//   LibreOffice, a web page) as the body's Markdown, footnotes as Markdown footnotes;
// - form[data-word-import] (on a new article): multipart file + expert to /admin/articles/import-docx, which
//   answers with the new draft's editor; it works without this script, which adds dropping a .docx on the page.
// A paste that carries text/html is converted here; a paste of plain text, or of files alone (an image: the
// figures script's), is left to the browser and the other scripts.

const pasteUrl = '/admin/articles/paste';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface PasteAnswer {
  markdown: string;
  warnings?: string[];
}

export function enhanceWordIn(form: HTMLFormElement, token: string): void {
  const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (body) enhancePaste(body, token);
  enhanceDocxDrop();
}

function enhancePaste(body: HTMLTextAreaElement, token: string): void {
  const notes = notesArea(body);
  body.addEventListener('paste', (event) => {
    const data = event.clipboardData;
    if (!data || !Array.from(data.types).includes('text/html')) return;
    const html = data.getData('text/html');
    if (!html.trim()) return;
    event.preventDefault();
    const plain = data.getData('text/plain');
    const at = { start: body.selectionStart, end: body.selectionEnd, value: body.value };
    body.setAttribute('aria-busy', 'true');
    notes.textContent = 'Converting the pasted text…';
    void convert(html, token)
      .then((answer) => {
        insertAt(body, at, answer.markdown);
        showNotes(notes, answer.warnings ?? []);
      })
      .catch((err: unknown) => {
        // The structure could not be kept: the words at least, as the browser would have pasted them.
        insertAt(body, at, plain || textOf(html));
        // A paste too long to convert (413) says so: the writer can paste it in parts to keep the formatting.
        const why = err instanceof TooLongError ? ` (it ${err.message})` : '';
        showNotes(notes, [`The formatting could not be converted${why}; the text was pasted without it.`]);
      })
      .finally(() => body.removeAttribute('aria-busy'));
  });
}

async function convert(html: string, token: string): Promise<PasteAnswer> {
  const response = await fetch(pasteUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
    body: JSON.stringify({ html }),
    credentials: 'same-origin',
  });
  if (response.status === 413) {
    const refusal = (await response.json().catch(() => undefined)) as { error?: { message?: unknown } } | undefined;
    const message = refusal?.error?.message;
    throw new TooLongError(typeof message === 'string' ? message.replace(/^html: /, '') : 'is too long to convert');
  }
  if (!response.ok) throw new Error(`The server answered ${response.status}`);
  const answer = (await response.json()) as PasteAnswer;
  if (typeof answer.markdown !== 'string') throw new Error('No Markdown in the answer');
  return answer;
}

/** The server's refusal of a paste longer than one conversion takes, in its words. */
class TooLongError extends Error {}

/** The text of HTML as a reader sees it; DOMParser runs no script and loads nothing. */
function textOf(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '';
}

/**
 * Puts the text where the cursor was when the person pasted (or where it is now, if they typed meanwhile). Blocks
 * (several paragraphs, a list, a table) get blank lines around them so they stay blocks; a single paragraph goes
 * into the line as it is. insertText keeps the browser's undo and fires `input`, which autosave and the preview
 * listen to; where it is not available the text is set and `input` sent by hand.
 */
function insertAt(body: HTMLTextAreaElement, at: { start: number; end: number; value: string }, markdown: string): void {
  const unchanged = body.value === at.value;
  const start = unchanged ? at.start : body.selectionStart;
  const end = unchanged ? at.end : body.selectionEnd;
  const text = withBlockSpacing(markdown.trim(), body.value.slice(0, start), body.value.slice(end));
  body.focus();
  body.setSelectionRange(start, end);
  let inserted = false;
  try {
    inserted = document.execCommand('insertText', false, text);
  } catch {
    inserted = false;
  }
  if (!inserted || body.value.slice(start, start + text.length) !== text) {
    body.setRangeText(text, start, end, 'end');
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

function withBlockSpacing(markdown: string, before: string, after: string): string {
  if (!/\n/.test(markdown)) return markdown;
  const lead = before === '' || /\n\n$/.test(before) ? '' : /\n$/.test(before) ? '\n' : '\n\n';
  const tail = after === '' ? '\n' : /^\n\n/.test(after) ? '' : /^\n/.test(after) ? '\n' : '\n\n';
  return `${lead}${markdown}${tail}`;
}

/** A polite live region under the body: what the paste could not keep (an image only on the writer's computer). */
function notesArea(body: HTMLTextAreaElement): HTMLElement {
  const notes = document.createElement('p');
  notes.className = 'field-hint paste-notes';
  notes.setAttribute('role', 'status');
  notes.setAttribute('data-paste-notes', '');
  body.insertAdjacentElement('afterend', notes);
  return notes;
}

function showNotes(notes: HTMLElement, warnings: string[]): void {
  notes.textContent = warnings.length === 0 ? 'Pasted with its formatting.' : `Pasted with its formatting. ${warnings.join(' ')}`;
}

const isDocx = (file: File) => /\.docx$/i.test(file.name) || file.type === docxType;

/** Carries a dragged file (on dragover, only its type is known). */
const dragsDocx = (event: DragEvent) => Array.from(event.dataTransfer?.items ?? []).some((item) => item.kind === 'file' && item.type === docxType);

/** A .docx dropped anywhere on a new article's page goes to the import form, which then sends it. */
function enhanceDocxDrop(): void {
  const importForm = document.querySelector<HTMLFormElement>('form[data-word-import]');
  const input = importForm?.querySelector<HTMLInputElement>('input[type="file"][name="file"]');
  if (!importForm || !input) return;
  document.addEventListener(
    'dragover',
    (event) => {
      if (!dragsDocx(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    },
    true,
  );
  document.addEventListener(
    'drop',
    (event) => {
      const file = Array.from(event.dataTransfer?.files ?? []).find(isDocx);
      if (!file) return;
      event.preventDefault();
      event.stopPropagation();
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      importForm.requestSubmit();
    },
    true,
  );
}
