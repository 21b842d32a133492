import { decodeEntities } from '../views/html-text.ts';
import { cutAtWord } from '../views/format.ts';

/** The longest meta description a tag page gives search engines and shared links. */
const metaDescriptionLength = 300;

/**
 * A description's words without its markup, cut at a word: for the page's meta description. The HTML is
 * our own sanitised HTML, so its tags are whole and its entities the sanitiser's.
 */
export function descriptionText(html: string, max = metaDescriptionLength): string {
  // A block's edge is a space between words; an inline element's ("<em>dams</em>.") is nothing.
  const blocks = /<\/?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|br|hr|table|tr|td|th|figure|figcaption|section)\b[^>]*>/gi;
  const text = decodeEntities(html.replace(blocks, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return cutAtWord(text, max);
}
