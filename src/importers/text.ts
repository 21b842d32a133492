import { parseDocument, DomUtils } from 'htmlparser2';
import { renderMarkdown } from '../views/markdown.ts';

/** The words of a bit of the old site's HTML (an excerpt, a caption, a title): tags dropped, every entity decoded, spaces made one. */
export function plainTextOf(html: string): string {
  const document = parseDocument(html.replace(/<br\s*\/?>/gi, ' '), { decodeEntities: true });
  return DomUtils.textContent(document).replace(/\s+/g, ' ').trim();
}

/** The first paragraph of a Markdown body as plain text: the lead of a post whose excerpt is empty. */
export function firstParagraphOf(markdown: string): string {
  const html = renderMarkdown(markdown);
  for (const [, inner] of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const text = plainTextOf(inner!.replace(/<sup class="footnote-ref">[\s\S]*?<\/sup>/g, ''));
    if (text) return text;
  }
  return '';
}

/** Text cut to a length at a word, with an ellipsis; whole when it fits. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
