// Progressive enhancement only: every page works without this file.
import { enhancePollForms } from './poll.ts';
import { enhanceCiteBlocks } from './cite.ts';
import { enhanceSearchForms } from './search.ts';

/** Copies the button's link, or offers it to copy by hand where the clipboard is refused; never rejects. */
async function copyLink(button: HTMLButtonElement): Promise<void> {
  const url = button.dataset.copyLink ?? location.href;
  try {
    await navigator.clipboard.writeText(url);
    button.textContent = 'Link copied';
  } catch {
    window.prompt('Copy this link', url);
  }
}

function enhanceCopyLinks(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-link]')) {
    button.hidden = false;
    button.addEventListener('click', () => void copyLink(button));
  }
}

enhanceCopyLinks();
enhancePollForms();
enhanceCiteBlocks();
enhanceSearchForms();
