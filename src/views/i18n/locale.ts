import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { createContext, type ComponentChildren, type VNode } from 'preact';
import { useContext } from 'preact/hooks';
import { catalogues, type MessageKey } from './catalogues/index.ts';
import { editionLanguages, editionPrefix, englishOnly, type EditionLanguage, type Editions } from './languages.ts';

export type MessageValues = Record<string, PrimitiveType>;
/** Values of a message with markup: `<front>front page</front>` takes a function that wraps the words. */
export type RichValues = Record<string, PrimitiveType | ((chunks: ComponentChildren[]) => VNode)>;

/**
 * Everything a reader's page needs to speak its edition's language: its messages (ICU MessageFormat, with
 * the language's plural rules), dates and numbers through Intl, and its addresses under the edition's prefix.
 */
export interface Locale {
  language: EditionLanguage;
  /** The site's editions, for switchers and alternates. */
  editions: Editions;
  /** `/ru` in the Russian edition beside an English default; empty in the default edition. */
  prefix: string;
  t: (key: MessageKey, values?: MessageValues) => string;
  /** A message with markup in it, as children for a component: links and emphasis stay the page's own elements. */
  rich: (key: MessageKey, values: RichValues) => ComponentChildren;
  /** The site's time zone (an IANA name, or UTC): the day a date names is the day on its clocks. */
  timeZone: string;
  /** "December 17, 2021"; "17 декабря 2021 г.". */
  longDate: (iso: string) => string;
  /** "Dec 17, 2021"; "17 дек. 2021 г.". */
  shortDate: (iso: string) => string;
  /** "Dec 2021"; "дек. 2021 г." */
  monthYear: (iso: string) => string;
  number: (n: number) => string;
  /** A share of a whole, 0–100: "31%"; "31 %". */
  percent: (n: number) => string;
  /** A path of this site in this edition: `/polls` → `/ru/polls`. */
  path: (sitePath: string) => string;
  /** The same path in another edition of the site. */
  pathIn: (language: string, sitePath: string) => string;
  /** Sorts names as the language does (Ё beside Е, case aside). */
  compare: (a: string, b: string) => number;
}

const formats = new Map<string, IntlMessageFormat>();

function message(language: EditionLanguage, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let format = formats.get(id);
  if (!format) {
    format = new IntlMessageFormat(catalogues[language][key], editionLanguages[language].intlLocale);
    formats.set(id, format);
  }
  return format;
}

/** A message in a language, outside a page (a feed's title, an e-mail): the same catalogue. */
export function translate(language: EditionLanguage, key: MessageKey, values?: MessageValues): string {
  return String(message(language, key).format(values));
}

const withPrefix = (prefix: string, sitePath: string) => (prefix ? (sitePath === '/' ? prefix : prefix + sitePath) : sitePath);

const locales = new Map<string, Locale>();

/** The locale of one edition of a site; made once per language, set of editions and time zone. */
export function localeFor(language: EditionLanguage, editions: Editions = englishOnly, timeZone = 'UTC'): Locale {
  const id = `${language}:${editions.languages.join(',')}:${timeZone}`;
  const known = locales.get(id);
  if (known) return known;
  const intl = editionLanguages[language].intlLocale;
  const long = new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'long', day: 'numeric', timeZone });
  const short = new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'short', day: 'numeric', timeZone });
  const month = new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'short', timeZone });
  const numbers = new Intl.NumberFormat(intl);
  const percents = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 0 });
  const collator = new Intl.Collator(intl, { sensitivity: 'base', numeric: true });
  const prefix = editionPrefix(editions, language);
  const locale: Locale = {
    language,
    editions,
    prefix,
    timeZone,
    t: (key, values) => translate(language, key, values),
    rich: (key, values) => message(language, key).format<ComponentChildren>(values as Record<string, PrimitiveType>) as ComponentChildren,
    longDate: (iso) => long.format(new Date(iso)),
    shortDate: (iso) => short.format(new Date(iso)),
    monthYear: (iso) => month.format(new Date(iso)),
    number: (n) => numbers.format(n),
    percent: (n) => percents.format(n / 100),
    path: (sitePath) => withPrefix(prefix, sitePath),
    pathIn: (other, sitePath) => withPrefix(editionPrefix(editions, other), sitePath),
    compare: (a, b) => collator.compare(a, b),
  };
  locales.set(id, locale);
  return locale;
}

export const englishLocale = localeFor('en');

/**
 * The locale a page is rendered in, given by renderDocument; English (the office's language) when none is.
 * Components read it with useLocale() rather than have it passed down through every one.
 */
export const LocaleContext = createContext<Locale>(englishLocale);

export const useLocale = (): Locale => useContext(LocaleContext);
