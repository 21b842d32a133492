// The article editor, enhanced. The server's contract (src/articles/admin.tsx) is:
// - form#article-editor with data-preview-url, data-autosave-url, data-media-url, a hidden `_csrf`
//   field or `_csrf` in its action, a hidden `id` (empty for a new article), a hidden `revision` (the
//   latest revision the form knows; a save from an older one is refused with 409) and a hidden `image`;
// - POST preview-url, JSON {body} -> {html} (sanitised by the renderer that publishes);
// - POST preview-page-url, JSON of the form's fields -> {html}, the whole reading page (see editor-preview.ts);
// - POST autosave-url, JSON of every field the form would post (files aside, which upload on their own)
//   -> {id, edit_url, saved_at, revision, notice?}; the status element's data-state says where autosave
//   stands: pending (changes not sent yet), saving, saved (everything on the screen is kept) or failed;
// - POST media-url, multipart file + alt + credit + credit_url -> {id, url}.
// Every request carries the session's CSRF token in the x-csrf-token header.

import { enhanceWordIn } from './editor-paste.ts';
import { enhanceEditorLayout, livePreview } from './editor-preview.ts';
import { enhanceEditorFigures } from './editor-figures.ts';

const autosaveDelayMs = 4000;

interface AutosaveAnswer {
  id: number;
  edit_url: string;
  saved_at: string;
  revision: number;
  /** Something the person should know about the save (the image's description kept as it was). */
  notice?: string;
}

type AutosaveState = 'pending' | 'saving' | 'saved' | 'failed';

function csrfToken(form: HTMLFormElement): string {
  const field = form.querySelector<HTMLInputElement>('input[name="_csrf"]');
  if (field) return field.value;
  return new URL(form.action, location.href).searchParams.get('_csrf') ?? '';
}

function fieldValue(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name);
  return field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement ? field.value : '';
}

/**
 * Every field the form would post, as text: autosave keeps what is on the screen, the same as the
 * Save button would, including fields added to the form later. Files are uploaded on their own.
 */
function formFields(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && name !== '_csrf') fields[name] = value;
  }
  return fields;
}

/** A JSON answer as the editor first reads it: a refusal carries its message; a body that is not JSON reads as {}. */
type ApiAnswer = { error?: { message?: string } } | null;

async function postJson<T>(url: string, token: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = (await response.json().catch(() => ({}))) as ApiAnswer;
  if (!response.ok) throw new Error(answer?.error?.message ?? `The server answered ${response.status}`);
  return answer as T;
}

export function enhanceArticleEditor(form: HTMLFormElement): void {
  const token = csrfToken(form);
  const status = form.querySelector<HTMLElement>('[data-autosave-status]') ?? createStatus(form);
  // Changes made so far, and how many of them the last finished autosave carried: typing while a save
  // is on its way leaves changes that save did not keep, so leaving must still ask.
  let changes = 0;
  let savedChanges = 0;
  let submitting = false;

  // Leaving with unsaved changes asks first; submitting the form is not leaving.
  window.addEventListener('beforeunload', (event) => {
    if (changes === savedChanges || submitting) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // The preview draws what the form would save: every field, as autosave sends them.
  const preview = livePreview(form, token, () => formFields(form));
  enhanceEditorLayout(form, preview);
  const autosave = autosaver(
    form,
    token,
    status,
    (carried) => (savedChanges = Math.max(savedChanges, carried)),
    () => changes,
  );
  form.addEventListener('submit', (event) => {
    if (submitting) return;
    // A running autosave may be about to give the form its article id and revision: wait for it, then send.
    const pending = autosave.pending();
    if (!pending) {
      submitting = true;
      return;
    }
    event.preventDefault();
    const button = event.submitter;
    void pending.then(() => {
      submitting = true;
      form.requestSubmit(button instanceof HTMLButtonElement || button instanceof HTMLInputElement ? button : undefined);
    });
  });
  form.addEventListener('input', (event) => {
    changes += 1;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLInputElement && target.type === 'file') return;
    // Any field may show on the page (tags, the hero's credit, the language): the preview follows them all.
    preview.schedule();
    autosave.schedule();
  });
  enhanceImageDrop(form, token, () => {
    changes += 1;
    autosave.schedule();
    // The uploaded hero shows in the preview at once, before any save.
    void preview.now();
  });
  enhancePlaceSuggestions(form);
  enhanceEditorFigures(form, token);
  enhanceWordIn(form, token);
}

/**
 * Suggested places become buttons: a click adds the place's name to the tags field (once) and the
 * button goes. The field's input event lets autosave and the leave warning know.
 */
function enhancePlaceSuggestions(form: HTMLFormElement): void {
  const box = form.querySelector<HTMLElement>('[data-place-suggestions]');
  const tags = form.elements.namedItem('tags');
  if (!box || !(tags instanceof HTMLInputElement)) return;
  const hint = box.querySelector<HTMLElement>('[data-place-suggestions-hint]');
  if (hint) hint.textContent = 'Countries and regions the text discusses. Press one to add it to the tags.';
  const buttons = document.createElement('p');
  buttons.className = 'place-suggestion-buttons';
  for (const checkbox of box.querySelectorAll<HTMLInputElement>('input[type="checkbox"][data-tag-name]')) {
    const name = checkbox.dataset.tagName ?? '';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'place-suggestion';
    button.textContent = name;
    button.setAttribute('aria-label', `Add tag ${name}`);
    button.addEventListener('click', () => {
      const present = tags.value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      if (!present.some((t) => t.toLowerCase() === name.toLowerCase())) {
        tags.value = [...present, name].join(', ');
        tags.dispatchEvent(new Event('input', { bubbles: true }));
      }
      button.remove();
      if (!buttons.querySelector('button')) box.hidden = true;
      tags.focus();
    });
    buttons.append(button);
  }
  box.querySelector('ul')?.replaceWith(buttons);
}

function createStatus(form: HTMLFormElement): HTMLElement {
  const status = document.createElement('p');
  status.className = 'autosave-status';
  status.setAttribute('role', 'status');
  status.setAttribute('data-autosave-status', '');
  const actions = form.querySelector('.form-actions');
  if (actions) actions.after(status);
  else form.append(status);
  return status;
}

/** Saves a draft a few seconds after the last change, without changing its status. */
function autosaver(form: HTMLFormElement, token: string, status: HTMLElement, saved: (carried: number) => void, changeCount: () => number) {
  const url = form.dataset.autosaveUrl;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let inFlight = 0;
  if (!url) return { schedule() {}, pending: () => undefined };
  const idField = form.querySelector<HTMLInputElement>('input[name="id"]');
  const revisionField = form.querySelector<HTMLInputElement>('input[name="revision"]');
  const show = (state: AutosaveState, text?: string) => {
    status.dataset.state = state;
    if (text !== undefined) status.textContent = text;
  };

  async function save() {
    if (!fieldValue(form, 'title').trim()) {
      show('pending', 'Add a title and the draft will save itself.');
      return;
    }
    show('saving', 'Saving…');
    const carried = changeCount();
    try {
      const answer = await postJson<AutosaveAnswer>(url!, token, formFields(form));
      if (idField && !idField.value) {
        // A new article now exists: further saves and the form's buttons work on it.
        idField.value = String(answer.id);
        history.replaceState(null, '', answer.edit_url);
      }
      // The revision this save kept (or folded into) is now the one the form was made from.
      if (revisionField) revisionField.value = String(answer.revision);
      // On the site's clocks, as every time the office shows (the office's <html> names the zone).
      const time = new Date(answer.saved_at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: document.documentElement.dataset.timeZone || 'UTC' });
      // Typing while the save was on its way left changes it did not carry: the next save has them.
      show(carried === changeCount() ? 'saved' : 'pending', `Draft saved at ${time}.${answer.notice ? ` ${answer.notice}` : ''}`);
      saved(carried);
    } catch (err) {
      show('failed', `Not saved: ${(err as Error).message}`);
    }
  }

  return {
    schedule() {
      show('pending');
      clearTimeout(timer);
      timer = setTimeout(() => {
        // One save at a time, so a slow save cannot overwrite a newer one.
        inFlight += 1;
        running = (running ?? Promise.resolve()).then(save).finally(() => (inFlight -= 1));
      }, autosaveDelayMs);
    },
    /** The autosave under way, if any: the form's own submit waits for it. */
    pending: () => (inFlight > 0 ? running : undefined),
  };
}

/** Dropping an image on the editor (or choosing one) uploads it at once and shows it. */
function enhanceImageDrop(form: HTMLFormElement, token: string, changed: () => void): void {
  const zone = form.querySelector<HTMLElement>('[data-dropzone]');
  const input = zone?.querySelector<HTMLInputElement>('input[type="file"]');
  const url = form.dataset.mediaUrl;
  if (!zone || !input || !url) return;
  const note = document.createElement('p');
  note.className = 'dropzone-status';
  note.setAttribute('role', 'status');
  zone.append(note);

  async function upload(file: File) {
    note.textContent = `Uploading ${file.name}…`;
    const data = new FormData();
    data.append('file', file);
    data.append('alt', fieldValue(form, 'image_alt'));
    data.append('credit', fieldValue(form, 'image_credit'));
    data.append('credit_url', fieldValue(form, 'image_credit_url'));
    try {
      const response = await fetch(url!, { method: 'POST', body: data, headers: { 'x-csrf-token': token, accept: 'application/json' }, credentials: 'same-origin' });
      const answer = (await response.json().catch(() => ({}))) as ApiAnswer & { id: number; url: string };
      if (!response.ok) throw new Error(answer?.error?.message ?? `The server answered ${response.status}`);
      const hidden = form.querySelector<HTMLInputElement>('input[name="image"]');
      if (hidden) hidden.value = String(answer.id);
      // The API answers with the public address; the office may be reached by another name, so use the path.
      showImage(form, new URL(answer.url as string, location.href).pathname, fieldValue(form, 'image_alt'));
      // The file is uploaded; the form need not send it again.
      input!.value = '';
      note.textContent = `${file.name} is uploaded. Save to keep it on the article.`;
      changed();
    } catch (err) {
      note.textContent = `The image was not uploaded: ${(err as Error).message}`;
    }
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void upload(file);
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('is-dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('is-dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('is-dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void upload(file);
  });
}

function showImage(form: HTMLFormElement, src: string, alt: string): void {
  const holder = form.querySelector<HTMLElement>('[data-image-preview]');
  if (!holder) return;
  let img = holder.querySelector('img');
  if (!img) {
    img = document.createElement('img');
    holder.append(img);
  }
  img.src = src;
  img.alt = alt;
  holder.hidden = false;
}
