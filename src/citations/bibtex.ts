import type { PersonName } from './names.ts';
import { dateParts, type CitableWork } from './work.ts';
import { slugCore } from '../db/slug.ts';

/**
 * BibTeX as biblatex reads it: an `@online` entry, the type biblatex (and Zotero, JabRef, Better BibTeX)
 * has for web publications, with `date` in ISO form and text in UTF-8, which biber reads as it is.
 * Classic BibTeX styles read an unknown type as `@misc` and still find author, title and url.
 */

/**
 * Characters that mean something to TeX, each written so that it prints as itself; `<`, `>` and `|`
 * too, which TeX's default font encoding would print as ¡, ¿ and a dash, and the backtick, which
 * with ? or ! makes an inverted mark.
 */
const texEscapes: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '`': '\\textasciigrave{}',
};

export function escapeTex(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[\\{}#$%&_~^<>|`]/g, (c) => texEscapes[c]!)
      // "--" and "''" are ligatures in TeX (a dash, a closing quote): an empty group keeps them apart.
      .replace(/([-'])(?=\1)/g, '$1{}')
  );
}

/** In a verbatim field (url) only unbalanced braces and backslashes can do harm: they are percent-encoded. */
function verbatimUrl(url: string): string {
  return url.replace(/[{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * One author in the name list. Each part is braced so that a word "and" or a comma inside a name
 * cannot split it; a literal name is braced whole so that it is never read as "Last, First".
 */
function bibName(name: PersonName): string {
  if (name.literal) return `{${escapeTex(name.family)}}`;
  return `{${escapeTex(name.family)}}, {${escapeTex(name.given)}}`;
}

/**
 * biblatex's `langid` takes babel's language names, not language tags: a tag it would not know is left
 * out rather than break the reader's document.
 */
const babelLanguages: Record<string, string> = {
  en: 'english',
  'en-gb': 'british',
  'en-us': 'american',
  fr: 'french',
  de: 'ngerman',
  es: 'spanish',
  it: 'italian',
  pt: 'portuguese',
  ru: 'russian',
  uk: 'ukrainian',
  pl: 'polish',
  nl: 'dutch',
  tr: 'turkish',
  sv: 'swedish',
  fi: 'finnish',
  el: 'greek',
};

function babelLanguage(tag: string): string | undefined {
  const lower = tag.toLowerCase();
  return babelLanguages[lower] ?? babelLanguages[lower.split('-')[0]!];
}

/** Words a key skips to the title's first significant one; the Russian ones as transliterated. */
const keyStopWords = new Set([
  ...['a', 'an', 'the', 'on', 'of', 'in', 'and', 'for', 'to', 'is', 'why', 'how', 'what'],
  ...['v', 'vo', 'i', 'o', 'ob', 'na', 'po', 'k', 'ko', 's', 'so', 'ot', 'iz', 'za', 'u', 'dlya', 'kak', 'pochemu', 'chto', 'ili'],
]);

/**
 * ASCII letters and digits only, lower case: the key must survive every tool that reads it. Other scripts
 * are written in Latin letters first, as slugs are (Сидоров → sidorov), so a Russian key says something.
 */
function keyPart(text: string): string {
  return slugCore(text).replace(/-/g, '');
}

/** A stable key: first author's family name, year, first significant word of the title: okafor2021storage. */
export function citationKey(work: CitableWork): string {
  const family = keyPart(work.authors[0]?.family ?? '') || 'anon';
  const words = work.title.split(/\s+/).map(keyPart).filter(Boolean);
  const word = words.find((w) => !keyStopWords.has(w)) ?? words[0] ?? '';
  return `${family}${dateParts(work.publishedAt)[0]}${word}`;
}

export function bibtexEntry(work: CitableWork): string {
  const [year, month, day] = dateParts(work.publishedAt);
  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const fields: Array<[string, string | undefined]> = [
    ['author', work.authors.map(bibName).join(' and ')],
    ['title', escapeTex(work.title)],
    ['titleaddon', escapeTex(work.containerTitle)],
    ['organization', escapeTex(work.publisher)],
    ['date', iso(year, month, day)],
    ['url', verbatimUrl(work.url)],
    ['urldate', work.accessed ? iso(...dateParts(work.accessed)) : undefined],
    ['langid', babelLanguage(work.language)],
    ['keywords', work.keywords.length ? escapeTex(work.keywords.join(', ')) : undefined],
    ['abstract', work.abstract ? escapeTex(work.abstract) : undefined],
  ];
  const body = fields.flatMap(([name, value]) => (value ? [`  ${name} = {${value}},`] : [])).join('\n');
  return `@online{${citationKey(work)},\n${body}\n}\n`;
}
