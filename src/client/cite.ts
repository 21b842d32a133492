// "Copy" buttons for the references in the "Cite this article" block, in the words of the page's edition,
// which the block gives in its data attributes (English where a page has none). Without this module the
// references are still there to select and copy by hand.

/** What the reader's clipboard gets: the reference's text, as shown, without its italics. */
function referenceText(reference: HTMLElement): string {
  return (reference.textContent ?? '').replace(/\s+/g, ' ').trim();
}

interface CopyWords {
  copied: string;
  copiedStatus: string;
  select: string;
}

/**
 * Copies one reference and says so in the block's status; where the clipboard is refused (an old browser,
 * or permission denied), selects the text for the reader to copy. Never rejects.
 */
async function copyReference(button: HTMLButtonElement, reference: HTMLElement, words: CopyWords, status: HTMLElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(referenceText(reference));
    if (status) status.textContent = words.copiedStatus;
    button.textContent = words.copied;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(reference);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    if (status) status.textContent = words.select;
  }
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * A reference's day of reading (ГОСТ's «дата обращения») is written on the server, and a page may be
 * served from a cache or read past midnight: the reader's own day, in the reader's time zone, goes there.
 */
function markToday(root: ParentNode): void {
  const now = new Date();
  const [year, month, day] = [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-cite-today]')) {
    time.dateTime = `${year}-${twoDigits(month)}-${twoDigits(day)}`;
    time.textContent = `${twoDigits(day)}.${twoDigits(month)}.${year}`;
  }
}

export function enhanceCiteBlocks(root: ParentNode = document): void {
  markToday(root);
  for (const block of root.querySelectorAll<HTMLElement>('[data-cite]')) {
    const status = block.querySelector<HTMLElement>('[data-cite-status]');
    for (const reference of block.querySelectorAll<HTMLElement>('.cite-reference')) {
      const style = reference.closest('details')?.querySelector('summary')?.textContent ?? 'reference';
      const words: CopyWords = {
        copied: block.dataset.citeCopied ?? 'Copied',
        copiedStatus: reference.dataset.citeCopiedStatus ?? `${style} reference copied`,
        select: block.dataset.citeSelect ?? 'Press Ctrl+C or ⌘C to copy the selected reference',
      };
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button cite-copy';
      button.textContent = block.dataset.citeCopy ?? 'Copy';
      button.setAttribute('aria-label', reference.dataset.citeCopyLabel ?? `Copy the ${style} reference`);
      button.addEventListener('click', () => void copyReference(button, reference, words, status));
      reference.after(button);
    }
  }
}
