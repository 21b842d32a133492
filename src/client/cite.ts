// "Copy" buttons for the references in the "Cite this article" block. Without this module the
// references are still there to select and copy by hand.

/** What the reader's clipboard gets: the reference's text, as shown, without its italics. */
function referenceText(reference: HTMLElement): string {
  return (reference.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Copies one reference and says so in the block's status; where the clipboard is refused (an old browser,
 * or permission denied), selects the text for the reader to copy. Never rejects.
 */
async function copyReference(button: HTMLButtonElement, reference: HTMLElement, style: string, status: HTMLElement | null): Promise<void> {
  try {
    await navigator.clipboard.writeText(referenceText(reference));
    if (status) status.textContent = `${style} reference copied`;
    button.textContent = 'Copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(reference);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    if (status) status.textContent = 'Press Ctrl+C or ⌘C to copy the selected reference';
  }
}

export function enhanceCiteBlocks(root: ParentNode = document): void {
  for (const block of root.querySelectorAll<HTMLElement>('[data-cite]')) {
    const status = block.querySelector<HTMLElement>('[data-cite-status]');
    for (const reference of block.querySelectorAll<HTMLElement>('.cite-reference')) {
      const style = reference.closest('details')?.querySelector('summary')?.textContent ?? 'reference';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button cite-copy';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', `Copy the ${style} reference`);
      button.addEventListener('click', () => void copyReference(button, reference, style, status));
      reference.after(button);
    }
  }
}
