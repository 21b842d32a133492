import { initials, invertedName, type PersonName } from './names.ts';
import { dateParts, type CitableWork } from './work.ts';
import { escapeHtml } from '../views/html-text.ts';

/**
 * A reference as runs of text, some in italics, so that one formatter gives plain text and HTML. A `today`
 * run is a date standing for the day the reader reads it: the page marks it so that the reader's browser
 * can put the reader's own day there (src/client/cite.ts).
 */
type Run = string | { italic: string } | { today: string; iso: string };

export interface FormattedReference {
  text: string;
  html: string;
}

export type CitationStyle = 'gost' | 'apa' | 'chicago' | 'mla';

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** MLA abbreviates months longer than four letters. */
const mlaMonths = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

const runText = (r: Run) => (typeof r === 'string' ? r : 'italic' in r ? r.italic : r.today);

function runHtml(r: Run): string {
  if (typeof r === 'string') return escapeHtml(r);
  if ('italic' in r) return `<i>${escapeHtml(r.italic)}</i>`;
  return `<time datetime="${escapeHtml(r.iso)}" data-cite-today>${escapeHtml(r.today)}</time>`;
}

function formatted(runs: Run[]): FormattedReference {
  return { text: runs.map(runText).join(''), html: runs.map(runHtml).join('') };
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

/*
 * ГОСТ Р 7.0.100–2018, the Russian standard for bibliographic descriptions, for an article on a website:
 * a part of a remote-access electronic resource (описание составной части ресурса: the article, then «//»
 * and the resource it is part of). What we write, in the standard's order, and why:
 *
 *   Okafor, A. Storage and the Grid / A. Okafor. – Текст : электронный // Wrenfield Institute : [сайт]. –
 *   2021. – 17 декабря. – URL: https://think.example/blogs/… (дата обращения: 05.01.2022).
 *
 * - The heading (заголовок): the first author, family name and initials, "Фамилия, И. О.", when the work
 *   has one to three authors; with four or more the description starts with the title (ГОСТ 7.80's rule,
 *   which 7.0.100 keeps).
 * - The title as written, then the statement of responsibility after « / »: every author as "И. О. Фамилия"
 *   up to four; of five or more the first three and «[и др.]» (the standard allows the Latin «[et al.]»;
 *   the description's own words are Russian, so we keep the Russian one).
 * - «Текст : электронный»: the area of content and means of access that 7.0.100 brought in instead of
 *   «[Электронный ресурс]»; an article is text, read online.
 * - «// Site : [сайт]»: the resource the article is part of is the institution's website, named as the
 *   edition names it; «[сайт]» is the standard's own supplied words for a website (its examples write
 *   «// Высшая школа экономики : [сайт]»). The expert's blog is a section of that site, not a resource of its own.
 * - The date of publication as the standard gives it for a dated part of a website: «– 2021. – 17 декабря.»
 *   (the month in words, in the genitive, not abbreviated: shortening by ГОСТ Р 7.0.12 is allowed, not required).
 * - «URL:» and the address, then «(дата обращения: ДД.ММ.ГГГГ)», which 7.0.100 makes obligatory after an
 *   address. Shared pages have no reader's day: the day of writing the page stands there, marked for the
 *   reader's browser to put the reader's own day (see Run).
 * - Areas are separated by «. – » with an en dash, as the standard prints them.
 * Left out: a place and publisher (a website has none in this form), «Режим доступа» (only for restricted
 * access), and the day of last update (the date of publication identifies the article).
 * Sources: the standard's text and examples (7.3.3: «// Высшая школа экономики : [сайт]»), ГОСТ 7.1's rules
 * on authors that 7.0.100 carries on, and the published CSL style for 7.0.100–2018 (bibliostyle.ru).
 */
const genitiveMonths = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** "Okafor, A.", "Сидоров, И. П.": the heading's form of a name; a literal name as it is. */
function gostHeading(name: PersonName): string {
  const given = initials(name.given);
  return name.literal || !given ? name.family : `${name.family}, ${given}`;
}

/** "A. Okafor", "И. П. Сидоров": the statement of responsibility's form. */
function gostResponsibility(name: PersonName): string {
  const given = initials(name.given);
  return name.literal || !given ? name.family : `${given} ${name.family}`;
}

/** Every author up to four; of five or more, the first three and «[и др.]». */
function gostAuthors(authors: PersonName[]): string {
  if (authors.length <= 4) return authors.map(gostResponsibility).join(', ');
  return `${authors.slice(0, 3).map(gostResponsibility).join(', ')} [и др.]`;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** The day of reading as ГОСТ writes it, 05.01.2022, and as ISO for the page's <time>. */
function accessedDay(iso: string): { today: string; iso: string } {
  const [year, month, day] = dateParts(iso);
  return { today: `${twoDigits(day)}.${twoDigits(month)}.${year}`, iso: `${year}-${twoDigits(month)}-${twoDigits(day)}` };
}

/** ГОСТ Р 7.0.100–2018, an article on a website (see above). Without `work.accessed` the day is today's. */
export function gostReference(work: CitableWork, now: Date = new Date()): FormattedReference {
  const [year, month, day] = dateParts(work.publishedAt);
  const heading = work.authors.length >= 1 && work.authors.length <= 3 ? `${closed(gostHeading(work.authors[0]!))} ` : '';
  const responsibility = work.authors.length ? ` / ${gostAuthors(work.authors)}` : '';
  const accessed = accessedDay(work.accessed ?? now.toISOString());
  return formatted([
    `${heading}${closed(work.title + responsibility)} – Текст : электронный // ${work.publisher} : [сайт]. – ${year}. – ${day} ${genitiveMonths[month - 1]}. – URL: ${work.url} (дата обращения: `,
    work.accessed ? accessed.today : accessed,
    ').',
  ]);
}

export const referenceFormatters: Record<CitationStyle, (work: CitableWork) => FormattedReference> = {
  gost: (work) => gostReference(work),
  apa: apaReference,
  chicago: chicagoReference,
  mla: mlaReference,
};
