import type { ComponentChildren } from 'preact';
import { useLocale } from './i18n/locale.ts';

/** One author as a byline names them. */
export interface BylineAuthor {
  name: string;
  url: string;
}

/**
 * Lists join names as the language does: "A and B", "A, B and C"; "А и Б" in Russian. British English's
 * list has no comma before "and", which is how the site's bylines read in English.
 */
const listLocales: Record<string, string> = { en: 'en-GB' };
const listFormats = new Map<string, Intl.ListFormat>();

function listFormat(language: string): Intl.ListFormat {
  let format = listFormats.get(language);
  if (!format) listFormats.set(language, (format = new Intl.ListFormat(listLocales[language] ?? language, { type: 'conjunction' })));
  return format;
}

/** The names joined as words, for text without links (a feed's author line, a print page). */
export function authorNames(language: string, authors: ReadonlyArray<{ name: string }>): string {
  return listFormat(language).format(authors.map((a) => a.name));
}

/** The authors' names, each linked to their blog, joined as the page's language joins a list. */
export function AuthorLinks(props: { authors: readonly BylineAuthor[] }): ComponentChildren {
  const { language } = useLocale();
  const { authors } = props;
  // Formatting placeholders keeps the language's separators while each name stays a link of its own.
  const parts = listFormat(language).formatToParts(authors.map((_, i) => String(i)));
  return parts.map((part) => {
    if (part.type !== 'element') return part.value;
    const author = authors[Number(part.value)]!;
    return <a href={author.url}>{author.name}</a>;
  });
}
