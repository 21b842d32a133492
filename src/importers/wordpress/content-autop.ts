/**
 * WordPress's `wpautop`, which the classic editor relies on: its posts are stored with blank lines for paragraphs
 * and single newlines for line breaks, and WordPress adds the <p> and <br /> only when it shows them. The rules are
 * WordPress's (wp-includes/formatting.php), step by step, so that an imported post has the paragraphs its readers
 * saw: a blank line makes a paragraph, a single newline a <br />, except around and inside block-level HTML, inside
 * tags and comments, and inside <pre>, <script>, <style> and <svg>.
 */

/** The elements WordPress treats as blocks: no paragraph is opened around them, no line break added next to them. */
const blockTags =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

/** Stands for a newline inside a tag or comment while paragraphs are made, as WordPress's own placeholder does. */
const newlineInTag = ' <!-- wpnl --> ';

const preservedNewline = '<WPPreserveNewline />';

export function wpautop(content: string): string {
  if (content.trim() === '') return '';
  const { text: withoutPre, restore } = setAsidePre(`${content}\n`);
  let text = markBlockBoundaries(withoutPre);
  text = collapseAroundInlineParts(text);
  text = wrapParagraphs(text);
  text = unwrapBlocks(text);
  text = addLineBreaks(text);
  text = text.replace(new RegExp(`(</?${blockTags}[^>]*>)\\s*<br />`, 'g'), '$1');
  text = text.replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/g, '$1');
  text = text.replace(/\n<\/p>$/, '</p>');
  return restore(text).replace(/ <!-- wpnl --> |<!-- wpnl -->/g, '\n');
}

/** <pre> blocks are left exactly as written: each is replaced by a placeholder, and put back at the end. */
function setAsidePre(text: string): { text: string; restore: (text: string) => string } {
  if (!text.includes('<pre')) return { text, restore: (t) => t };
  const parts = text.split('</pre>');
  const last = parts.pop()!;
  const blocks = new Map<string, string>();
  let result = '';
  for (const part of parts) {
    const start = part.indexOf('<pre');
    if (start < 0) {
      result += part; // a stray </pre>: WordPress drops it too
      continue;
    }
    const placeholder = `<pre wp-pre-tag-${blocks.size}></pre>`;
    blocks.set(placeholder, `${part.slice(start)}</pre>`);
    result += part.slice(0, start) + placeholder;
  }
  return { text: result + last, restore: (t) => [...blocks].reduce((out, [placeholder, block]) => out.split(placeholder).join(block), t) };
}

/** Blank lines around every block-level tag, so that the tag never lands inside a paragraph. */
function markBlockBoundaries(text: string): string {
  return text
    .replace(/<br\s*\/?>\s*<br\s*\/?>/g, '\n\n')
    .replace(new RegExp(`(<${blockTags}[\\s/>])`, 'g'), '\n\n$1')
    .replace(new RegExp(`(</${blockTags}>)`, 'g'), '$1\n\n')
    .replace(/(<hr\s*?\/?>)/g, '$1\n\n')
    .replace(/\r\n|\r/g, '\n');
}

/** Newlines inside tags and comments, and around parts of objects, players and captions, make no paragraphs. */
function collapseAroundInlineParts(text: string): string {
  let result = text.replace(/<(?:!--[\s\S]*?(?:-->|$)|!\[CDATA\[[\s\S]*?(?:\]\]>|$)|[^>]*>?)/g, (tag) => tag.replace(/\n/g, newlineInTag));
  if (result.includes('<option')) result = result.replace(/\s*<option/g, '<option').replace(/<\/option>\s*/g, '</option>');
  if (result.includes('</object>')) {
    result = result
      .replace(/(<object[^>]*>)\s*/g, '$1')
      .replace(/\s*<\/object>/g, '</object>')
      .replace(/\s*(<\/?(?:param|embed)[^>]*>)\s*/g, '$1');
  }
  if (result.includes('<source') || result.includes('<track')) {
    result = result
      .replace(/([<[](?:audio|video)[^>\]]*[>\]])\s*/g, '$1')
      .replace(/\s*([<[]\/(?:audio|video)[>\]])/g, '$1')
      .replace(/\s*(<(?:source|track)[^>]*>)\s*/g, '$1');
  }
  if (result.includes('<figcaption')) result = result.replace(/\s*(<figcaption[^>]*>)/g, '$1').replace(/<\/figcaption>\s*/g, '</figcaption>');
  return result.replace(/\n\n+/g, '\n\n');
}

/** Every stretch between blank lines becomes a paragraph; empty ones are dropped. */
function wrapParagraphs(text: string): string {
  const pieces = text.split(/\n\s*\n/).filter((piece) => piece !== '');
  return pieces
    .map((piece) => `<p>${piece.replace(/^\n+|\n+$/g, '')}</p>\n`)
    .join('')
    .replace(/<p>\s*<\/p>/g, '');
}

/** Paragraphs that wrapped a block's tag are undone: the tag stands alone, and a quotation holds its paragraph. */
function unwrapBlocks(text: string): string {
  return text
    .replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>')
    .replace(new RegExp(`<p>\\s*(</?${blockTags}[^>]*>)\\s*</p>`, 'g'), '$1')
    .replace(/<p>(<li.+?)<\/p>/g, '$1')
    .replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
    .split('</blockquote></p>')
    .join('</p></blockquote>')
    .replace(new RegExp(`<p>\\s*(</?${blockTags}[^>]*>)`, 'g'), '$1')
    .replace(new RegExp(`(</?${blockTags}[^>]*>)\\s*</p>`, 'g'), '$1');
}

/** Single newlines left inside paragraphs are line breaks, except inside scripts, styles and drawings. */
function addLineBreaks(text: string): string {
  return text
    .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, (element) => element.replace(/\n/g, preservedNewline))
    .replace(/<br>|<br\/>/g, '<br />')
    .replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
    .split(preservedNewline)
    .join('\n');
}
