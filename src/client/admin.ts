// The editorial office's progressive enhancements. Every office page works without this file: the
// editor's buttons post the form, "Preview" re-renders the page with the preview, and an image goes up
// with the form. With it, the preview follows the typing, drafts save themselves, images can be
// dropped on the editor, copy buttons copy, and leaving with unsaved changes asks first.
import { enhanceArticleEditor } from './admin-editor.ts';
import { keepBrandColourInStep } from './admin-settings.ts';
import { enhancePickers } from './picker.ts';

/** Copies the field's text, or selects it for the person to copy where the clipboard is refused; never rejects. */
async function copyField(button: HTMLButtonElement, target: HTMLInputElement | HTMLTextAreaElement): Promise<void> {
  const original = button.textContent;
  try {
    await navigator.clipboard.writeText(target.value);
    button.textContent = 'Copied';
  } catch {
    target.select();
    button.textContent = 'Press Ctrl+C (⌘C) to copy';
  }
  setTimeout(() => (button.textContent = original), 2500);
}

function enhanceCopyButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-target]')) {
    const target = document.getElementById(button.dataset.copyTarget ?? '');
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) continue;
    button.hidden = false;
    button.addEventListener('click', () => void copyField(button, target));
  }
}

/** Forms whose buttons ask "are you sure?" name the question in data-confirm. */
function enhanceConfirmations(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm ?? 'Are you sure?')) event.preventDefault();
    });
  }
}

/** A refused form's list of problems takes the focus, so keyboard and screen-reader users start there. */
function focusErrorSummary(): void {
  const summary = document.querySelector<HTMLElement>('.error-summary');
  if (summary) summary.focus();
}

focusErrorSummary();
enhanceCopyButtons();
enhanceConfirmations();
keepBrandColourInStep();
enhancePickers();
const editor = document.getElementById('article-editor');
if (editor instanceof HTMLFormElement) enhanceArticleEditor(editor);
