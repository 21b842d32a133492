/**
 * WordPress 6.3+ footnotes: the text carries references (`<sup data-fn="ID" class="fn"><a href="#ID">1</a></sup>`)
 * and the notes themselves are JSON in the post's `footnotes` meta, [{id, content}], shown by the footnotes block.
 * They are put back as the list WordPress shows, items with the notes' ids, so that the shared converter finds the
 * references and turns the pair into Markdown footnotes, numbered in the order of the text.
 */
import { escapeHtml, type Conversion } from './content-context.ts';

interface Footnote {
  id: string;
  content: string;
}

function parseFootnotes(meta: string | undefined, conversion: Conversion): Footnote[] {
  if (!meta?.trim()) return [];
  try {
    const value: unknown = JSON.parse(meta);
    if (!Array.isArray(value)) throw new Error('not a list');
    return value.flatMap((note: unknown) => {
      const { id, content } = (note ?? {}) as Partial<Record<'id' | 'content', unknown>>;
      return typeof id === 'string' && typeof content === 'string' ? [{ id, content }] : [];
    });
  } catch {
    conversion.report.warn('The post\'s footnotes (its "footnotes" meta) could not be read; they were left out.');
    return [];
  }
}

/**
 * The post's notes as the list WordPress's footnotes block shows, once per post (empty the second time). A note the
 * text never refers to stays in that list, and is reported.
 */
export function footnotesList(conversion: Conversion): string {
  if (conversion.footnotesPlaced) return '';
  conversion.footnotesPlaced = true;
  const notes = parseFootnotes(conversion.context.footnotes, conversion);
  if (notes.length === 0) return '';
  for (const note of notes) {
    if (conversion.content.includes(`#${note.id}`)) continue;
    const excerpt = note.content.replace(/<[^>]*>/g, '').slice(0, 60);
    conversion.report.warn(`The footnote "${excerpt}" is not referred to in the text; it was kept in a list at the end.`);
  }
  const items = notes.map((note) => `<li id="${escapeHtml(note.id)}">${note.content}</li>`).join('');
  return `<ol class="wp-block-footnotes">${items}</ol>`;
}
