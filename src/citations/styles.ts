import { initials, invertedName, type PersonName } from './names.ts';
import { dateParts, type CitableWork } from './work.ts';
import { escapeHtml } from '../views/html-text.ts';

/** A reference as runs of text, some in italics, so that one formatter gives plain text and HTML. */
type Run = string | { italic: string };

export interface FormattedReference {
  text: string;
  html: string;
}

export type CitationStyle = 'apa' | 'chicago' | 'mla';

export const citationStyleNames: Record<CitationStyle, string> = { apa: 'APA (7th edition)', chicago: 'Chicago (17th edition)', mla: 'MLA (9th edition)' };

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** MLA abbreviates months longer than four letters. */
const mlaMonths = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

function formatted(runs: Run[]): FormattedReference {
  return {
    text: runs.map((r) => (typeof r === 'string' ? r : r.italic)).join(''),
    html: runs.map((r) => (typeof r === 'string' ? escapeHtml(r) : `<i>${escapeHtml(r.italic)}</i>`)).join(''),
  };
}

/** Ends a part with the given mark unless it ends with a full stop, question or exclamation mark already. */
function closed(text: string, mark = '.'): string {
  return /[.?!]$/.test(text) ? text : text + mark;
}

/** "A, B, and C": the serial comma that Chicago and MLA use. */
function serialList(items: string[], conjunction: string): string {
  if (items.length <= 2) return items.join(` ${conjunction} `);
  return `${items.slice(0, -1).join(', ')}, ${conjunction} ${items.at(-1)}`;
}

/** The first author inverted, the others in natural order: "Okafor, Amara, and Jan van der Berg". */
function invertedFirstAuthor(authors: PersonName[]): string {
  const [first, ...rest] = authors;
  if (!first) return '';
  const names = [invertedName(first), ...rest.map((a) => a.full)];
  return names.length === 2 ? `${names[0]}, and ${names[1]}` : serialList(names, 'and');
}

function apaAuthor(name: PersonName): string {
  return name.literal ? name.family : `${name.family}, ${initials(name.given)}`;
}

/** APA 7 lists up to twenty authors, each inverted with initials, the last after an ampersand. */
function apaAuthors(authors: PersonName[]): string {
  const names = authors.map(apaAuthor);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')}, & ${names.at(-1)}`;
}

/** APA 7, blog post: Okafor, A. (2021, December 17). Title. *Blog*. URL */
export function apaReference(work: CitableWork): FormattedReference {
  const [year, month, day] = dateParts(work.publishedAt);
  return formatted([`${closed(apaAuthors(work.authors))} (${year}, ${monthNames[month - 1]} ${day}). ${closed(work.title)} `, { italic: work.containerTitle }, `. ${work.url}`]);
}

/**
 * Chicago 17, notes-bibliography, bibliography entry for a blog post: Okafor, Amara. “Title.” *Blog*,
 * Institution, December 17, 2021. URL. "(blog)" is left out because the blog's name says so.
 */
export function chicagoReference(work: CitableWork): FormattedReference {
  const [year, month, day] = dateParts(work.publishedAt);
  return formatted([
    `${closed(invertedFirstAuthor(work.authors))} “${closed(work.title)}” `,
    { italic: work.containerTitle },
    `, ${work.publisher}, ${monthNames[month - 1]} ${day}, ${year}. ${closed(work.url)}`,
  ]);
}

/** MLA lists two authors, or the first followed by "et al." */
function mlaAuthors(authors: PersonName[]): string {
  if (authors.length > 2) return `${invertedName(authors[0]!)}, et al`;
  return invertedFirstAuthor(authors);
}

/** MLA 9 leaves out http:// and https:// from the address. */
function mlaAddress(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** MLA 9, a post on a website: Okafor, Amara. “Title.” *Blog*, Institution, 17 Dec. 2021, address. */
export function mlaReference(work: CitableWork): FormattedReference {
  const [year, month, day] = dateParts(work.publishedAt);
  return formatted([
    `${closed(mlaAuthors(work.authors))} “${closed(work.title)}” `,
    { italic: work.containerTitle },
    `, ${work.publisher}, ${day} ${mlaMonths[month - 1]} ${year}, ${closed(mlaAddress(work.url))}`,
  ]);
}

export const referenceFormatters: Record<CitationStyle, (work: CitableWork) => FormattedReference> = {
  apa: apaReference,
  chicago: chicagoReference,
  mla: mlaReference,
};
