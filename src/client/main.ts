// Progressive enhancement only: every page works without this file.
import { enhancePollForms } from './poll.ts';
import { enhanceCiteBlocks } from './cite.ts';
import { enhanceSearchForms } from './search.ts';

/** Copies the button's link, or offers it to copy by hand where the clipboard is refused; never rejects. */
async function copyLink(button: HTMLButtonElement): Promise<void> {
  const url = button.dataset.copyLink ?? location.href;
  try {
    await navigator.clipboard.writeText(url);
    // The words come with the button, in the page's language.
    button.textContent = button.dataset.copiedText ?? 'Link copied';
  } catch {
    window.prompt(button.dataset.promptText ?? 'Copy this link', url);
  }
}

function enhanceCopyLinks(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-link]')) {
    button.hidden = false;
    button.addEventListener('click', () => void copyLink(button));
  }
}

/**
 * The front page's note for a reader whose browser prefers another of the site's languages: the page is the
 * same for everyone (it is cached), so the script shows the note that fits; nobody is redirected.
 */
function suggestLanguage(): void {
  const page = document.documentElement.lang;
  const preferred = (navigator.languages ?? [navigator.language]).map((tag) => tag.slice(0, 2).toLowerCase());
  const first = preferred[0];
  if (!first || first === page) return;
  const note = document.querySelector<HTMLElement>(`[data-suggest-language="${CSS.escape(first)}"]`);
  if (note) note.hidden = false;
}

enhanceCopyLinks();
suggestLanguage();
enhancePollForms();
enhanceCiteBlocks();
enhanceSearchForms();
