// Figures in the article body, enhanced (the page without this script: src/articles/editor-figures.tsx).
// - "Insert figure" opens a dialog: an image file to upload, or one picked from the media library
//   (GET data-library-url?q=&page= -> {items, page, pages, total}), then alt text, caption, credit and
//   credit link; the figure's Markdown goes in the body at the cursor.
// - An image file dropped on the body, or pasted into it when the clipboard holds no HTML (a paste with
//   HTML is the Word paste's, editor-paste.ts), opens the same dialog with the file chosen, so that the
//   alt text is asked for before anything is inserted.
// - The images the body names that the site will not show are listed as one types, each with why and an
//   upload of a copy that puts the copy's address in place of the old one.
// Uploads go to data-media-url (POST multipart file + alt + credit + credit_url -> {id, url, credit, ...});
// every request carries the session's CSRF token in the x-csrf-token header.
import { figureMarkdown, imageAddressProblem, imageProblemReasons, type UnshownImage } from '../views/figure-markdown.ts';

interface LibraryItem {
  id: number;
  src: string;
  thumb: string;
  width: number;
  height: number;
  alt: string;
  credit: string;
  credit_url: string;
}

interface LibraryAnswer {
  items: LibraryItem[];
  page: number;
  pages: number;
  total: number;
}

interface MediaAnswer {
  id: number;
  url: string;
  alt: string;
  credit: string;
  credit_url: string;
  error?: { message?: string };
}

const accepted = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** A labelled field of the dialog: label, hint, control. */
function field(id: string, label: string, control: HTMLInputElement, hint?: string): HTMLElement {
  control.id = id;
  const box = element('div', { className: 'field' }, element('label', { htmlFor: id }, label));
  if (hint) {
    box.append(element('p', { className: 'field-hint', id: `${id}-hint` }, hint));
    control.setAttribute('aria-describedby', `${id}-hint`);
  }
  box.append(control);
  return box;
}

async function uploadImage(url: string, token: string, file: File, description: { alt: string; credit: string; credit_url: string }): Promise<MediaAnswer> {
  const data = new FormData();
  data.append('file', file);
  data.append('alt', description.alt);
  data.append('credit', description.credit);
  data.append('credit_url', description.credit_url);
  const response = await fetch(url, { method: 'POST', body: data, headers: { 'x-csrf-token': token, accept: 'application/json' }, credentials: 'same-origin' });
  const answer = (await response.json().catch(() => ({}))) as MediaAnswer;
  if (!response.ok) throw new Error(answer.error?.message ?? `The server answered ${response.status}`);
  return answer;
}

/** The path of an address the API answers with: the office may be reached by another name than the public one. */
const pathOf = (url: string) => new URL(url, location.href).pathname;

/** Puts text in the textarea where the cursor is, as a paragraph of its own, and tells the form (preview, autosave). */
function insertBlock(area: HTMLTextAreaElement, text: string, at: { start: number; end: number }): void {
  const before = area.value.slice(0, at.start);
  const after = area.value.slice(at.end);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const tail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  area.value = before + lead + text + tail + after;
  const caret = (before + lead + text).length;
  area.setSelectionRange(caret, caret);
  area.dispatchEvent(new Event('input', { bubbles: true }));
}

/** The images a body names that the site will not show. A reading of Markdown's image syntax good enough for a list; the server's uses the renderer. */
function unshownImages(body: string): UnshownImage[] {
  const found: UnshownImage[] = [];
  for (const match of body.matchAll(/!\[((?:\\.|[^\]\\])*)\]\(\s*<?([^\s)>]+)/g)) {
    const src = match[2]!;
    const problem = imageAddressProblem(src);
    if (problem) found.push({ src, alt: match[1]!.replace(/\\(.)/g, '$1'), problem });
  }
  return found;
}

export function enhanceEditorFigures(form: HTMLFormElement, token: string): void {
  const box = form.querySelector<HTMLElement>('[data-editor-figures]');
  const area = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const mediaUrl = box?.dataset.mediaUrl;
  const libraryUrl = box?.dataset.libraryUrl;
  if (!box || !area || !mediaUrl || !libraryUrl) return;
  const dialog = figureDialog(area, token, mediaUrl, libraryUrl);
  const button = box.querySelector<HTMLButtonElement>('[data-insert-figure]');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => dialog.open());
  }

  area.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    area.classList.add('is-dragging');
  });
  area.addEventListener('dragleave', () => area.classList.remove('is-dragging'));
  area.addEventListener('drop', (event) => {
    const file = [...(event.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/'));
    area.classList.remove('is-dragging');
    if (!file) return;
    event.preventDefault();
    dialog.open(file);
  });
  area.addEventListener('paste', (event) => {
    const data = event.clipboardData;
    // A clipboard with HTML (Word puts a picture of the selection beside it) is the Word paste's to convert.
    if (!data || data.types.includes('text/html')) return;
    const file = [...data.files].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    event.preventDefault();
    dialog.open(file);
  });

  keepWarningsCurrent(form, area, token, mediaUrl);
}

/** The list of images that will not be shown, kept as one types, each with an upload of a copy. */
function keepWarningsCurrent(form: HTMLFormElement, area: HTMLTextAreaElement, token: string, mediaUrl: string): void {
  const section = form.querySelector<HTMLElement>('[data-figure-warnings]');
  const list = section?.querySelector<HTMLElement>('[data-figure-warning-list]');
  if (!section || !list) return;
  let shown = '';
  const refresh = () => {
    const unshown = unshownImages(area.value);
    const key = JSON.stringify(unshown);
    if (key === shown) return;
    shown = key;
    section.hidden = unshown.length === 0;
    list.replaceChildren(
      ...unshown.map((image, index) => {
        const id = `figure-copy-${index}`;
        const status = element('span', { className: 'figure-copy-status' });
        status.setAttribute('role', 'status');
        const input = element('input', { type: 'file', accept: accepted, id });
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) return;
          status.textContent = `Uploading ${file.name}…`;
          uploadImage(mediaUrl, token, file, { alt: image.alt, credit: '', credit_url: '' })
            .then((answer) => {
              const src = pathOf(answer.url);
              // Every use of the old address, in image syntax, takes the copy's.
              area.value = area.value.split(`](${image.src}`).join(`](${src}`);
              area.dispatchEvent(new Event('input', { bubbles: true }));
              status.textContent = 'Uploaded: the body now shows the copy.';
            })
            .catch((err: Error) => (status.textContent = `Not uploaded: ${err.message}`));
        });
        const shortSrc = image.src.length > 120 ? `${image.src.slice(0, 117)}…` : image.src;
        return element(
          'li',
          {},
          element('code', { className: 'figure-warning-src' }, shortSrc),
          ` ${imageProblemReasons[image.problem]} `,
          element('label', { htmlFor: id }, 'Upload a copy'),
          ' ',
          input,
          ' ',
          status,
        );
      }),
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  refresh();
}

/** The "Insert figure" dialog: a native modal <dialog>, so focus stays in it, Escape closes it and focus returns. */
function figureDialog(area: HTMLTextAreaElement, token: string, mediaUrl: string, libraryUrl: string) {
  const dialog = element('dialog', { className: 'figure-dialog' });
  dialog.setAttribute('aria-labelledby', 'figure-dialog-title');
  const formEl = element('form', { method: 'dialog', className: 'figure-dialog-form' });
  const file = element('input', { type: 'file', accept: accepted });
  // Required, but checked by the submit handler, which says why in the dialog's own words and focuses the field.
  const alt = element('input', { type: 'text', maxLength: 500 });
  alt.setAttribute('aria-required', 'true');
  const caption = element('input', { type: 'text', maxLength: 1000 });
  const credit = element('input', { type: 'text', maxLength: 300 });
  const creditUrl = element('input', { type: 'url', maxLength: 2000 });
  const chosen = element('div', { className: 'figure-chosen' });
  const status = element('p', { className: 'figure-dialog-status' });
  status.setAttribute('role', 'status');
  const search = element('input', { type: 'search', maxLength: 200 });
  const results = element('ul', { className: 'figure-library-list' });
  const pager = element('p', { className: 'figure-library-pager' });
  const libraryStatus = element('p', {});
  libraryStatus.setAttribute('role', 'status');
  const library = element(
    'fieldset',
    { className: 'figure-library' },
    element('legend', {}, 'Or pick from the media library'),
    field('figure-library-search', 'Search alt texts and credits', search),
    libraryStatus,
    results,
    pager,
  );
  const insert = element('button', { type: 'submit', className: 'button button-primary', value: 'insert' }, 'Insert figure');
  const cancel = element('button', { type: 'button', className: 'button' }, 'Cancel');
  formEl.append(
    element('h2', { id: 'figure-dialog-title' }, 'Insert figure'),
    field('figure-file', 'Upload an image', file, 'JPEG, PNG, WebP, AVIF or GIF, up to 20 MB.'),
    library,
    chosen,
    field('figure-alt', 'Alt text', alt, 'What the picture shows, for readers who cannot see it. Required: a figure without it tells those readers nothing.'),
    field('figure-caption', 'Caption', caption, 'Shown under the figure.'),
    field('figure-credit', 'Credit', credit, 'Shown as “Source: …” under the caption; the image’s own, wherever it is used.'),
    field('figure-credit-url', 'Credit link', creditUrl, 'Optional: where the credit links to.'),
    status,
    element('p', { className: 'form-actions' }, insert, ' ', cancel),
  );
  dialog.append(formEl);
  document.body.append(dialog);

  let picked: LibraryItem | undefined;
  let selection = { start: 0, end: 0 };
  let page = 1;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;

  const showChosen = (text: string, thumb?: string) => {
    chosen.replaceChildren();
    if (thumb) chosen.append(element('img', { src: thumb, alt: '', width: 120 }));
    chosen.append(element('p', {}, text));
  };

  async function loadLibrary() {
    libraryStatus.textContent = 'Loading…';
    try {
      const response = await fetch(`${libraryUrl}?${new URLSearchParams({ q: search.value, page: String(page) })}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const answer = (await response.json()) as LibraryAnswer & { error?: { message?: string } };
      if (!response.ok) throw new Error(answer.error?.message ?? `The server answered ${response.status}`);
      libraryStatus.textContent = answer.total === 0 ? 'No image matches.' : `${answer.total} ${answer.total === 1 ? 'image' : 'images'}, page ${answer.page} of ${answer.pages}.`;
      results.replaceChildren(
        ...answer.items.map((item) => {
          const choose = element(
            'button',
            { type: 'button', className: 'figure-library-item' },
            element('img', { src: item.thumb, alt: '', width: 96, height: Math.max(1, Math.round((96 * item.height) / item.width)) }),
            element('span', {}, item.alt || 'No alt text'),
          );
          choose.setAttribute('aria-label', `Choose ${item.alt || `image ${item.id} (no alt text)`}${item.credit ? `, source ${item.credit}` : ''}`);
          choose.addEventListener('click', () => {
            picked = item;
            file.value = '';
            alt.value = alt.value || item.alt;
            credit.value = item.credit;
            creditUrl.value = item.credit_url;
            showChosen(`Chosen from the library: ${item.alt || `image ${item.id}`}.`, item.thumb);
            alt.focus();
          });
          return element('li', {}, choose);
        }),
      );
      pager.replaceChildren();
      const turn = (label: string, to: number) => {
        const b = element('button', { type: 'button', className: 'button button-small' }, label);
        b.addEventListener('click', () => {
          page = to;
          void loadLibrary();
        });
        pager.append(b, ' ');
      };
      if (answer.page > 1) turn('Newer images', answer.page - 1);
      if (answer.page < answer.pages) turn('Older images', answer.page + 1);
    } catch (err) {
      libraryStatus.textContent = `The library could not be loaded: ${(err as Error).message}`;
    }
  }

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      page = 1;
      void loadLibrary();
    }, 300);
  });
  // Enter in the search searches at once, rather than submitting the dialog's form.
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    page = 1;
    void loadLibrary();
  });
  file.addEventListener('change', () => {
    if (file.files?.[0]) {
      picked = undefined;
      showChosen(`To upload: ${file.files[0].name}.`);
    }
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => area.focus());

  formEl.addEventListener('submit', (event) => {
    event.preventDefault();
    const upload = file.files?.[0];
    if (!upload && !picked) {
      status.textContent = 'Choose an image: upload a file or pick one from the library.';
      file.focus();
      return;
    }
    if (!alt.value.trim()) {
      status.textContent = 'Give the alt text: what the picture shows.';
      alt.focus();
      return;
    }
    void (async () => {
      insert.disabled = true;
      status.textContent = upload ? `Uploading ${upload.name}…` : 'Inserting…';
      try {
        let src: string;
        let note = '';
        if (upload) {
          const answer = await uploadImage(mediaUrl, token, upload, { alt: alt.value, credit: credit.value, credit_url: creditUrl.value });
          src = pathOf(answer.url);
          // The same bytes stored before keep the description they were stored with.
          if (answer.credit !== credit.value.trim() || answer.credit_url !== creditUrl.value.trim()) note = ` This image was in the library already; its credit stays “${answer.credit || 'none'}”.`;
        } else {
          src = picked!.src;
          if (credit.value.trim() !== picked!.credit || creditUrl.value.trim() !== picked!.credit_url) note = await describe(picked!.id, credit.value.trim(), creditUrl.value.trim());
        }
        dialog.close();
        insertBlock(area, figureMarkdown({ src, alt: alt.value, caption: caption.value }), selection);
        const announcer = area.form?.querySelector<HTMLElement>('[data-autosave-status]');
        if (note && announcer) announcer.textContent = note.trim();
      } catch (err) {
        status.textContent = `Not inserted: ${(err as Error).message}`;
      } finally {
        insert.disabled = false;
      }
    })();
  });

  /** Changes a picked image's credit where this person may (the API's rule); says so where not. */
  async function describe(id: number, newCredit: string, newUrl: string): Promise<string> {
    const response = await fetch(`/api/v1/media/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
      body: JSON.stringify({ credit: newCredit, credit_url: newUrl }),
      credentials: 'same-origin',
    });
    if (response.ok) return '';
    const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    return ` The credit was not changed: ${answer.error?.message ?? `the server answered ${response.status}`}.`;
  }

  return {
    /** Opens the dialog, with a file already chosen (dropped or pasted) when given. */
    open(withFile?: File) {
      selection = { start: area.selectionStart, end: area.selectionEnd };
      formEl.reset();
      picked = undefined;
      chosen.replaceChildren();
      status.textContent = '';
      if (withFile) {
        const transfer = new DataTransfer();
        transfer.items.add(withFile);
        file.files = transfer.files;
        showChosen(`To upload: ${withFile.name || 'the pasted image'}. Give its alt text, caption and source.`);
      }
      dialog.showModal();
      // A dropped or pasted file asks for its alt text first.
      (withFile ? alt : file).focus();
      page = 1;
      void loadLibrary();
    },
  };
}
