// Progressive enhancement only: every page works without this file.
import { enhancePollForms } from './poll.ts';
import { enhanceCiteBlocks } from './cite.ts';
import { enhanceSearchForms } from './search.ts';

function enhanceCopyLinks(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy-link]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const url = button.dataset.copyLink ?? location.href;
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = 'Link copied';
      } catch {
        window.prompt('Copy this link', url);
      }
    });
  }
}

enhanceCopyLinks();
enhancePollForms();
enhanceCiteBlocks();
enhanceSearchForms();
