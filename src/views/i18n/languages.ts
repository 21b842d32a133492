/**
 * The languages a site edition may be in: each has a message catalogue (./catalogues/<language>/). Adding
 * a language is adding its catalogue and a line here.
 */
export const editionLanguages = {
  en: { nativeName: 'English', intlLocale: 'en-US', ogLocale: 'en_US' },
  ru: { nativeName: 'Русский', intlLocale: 'ru-RU', ogLocale: 'ru_RU' },
} as const;

export type EditionLanguage = keyof typeof editionLanguages;

export const editionLanguageCodes = Object.keys(editionLanguages) as EditionLanguage[];

export function isEditionLanguage(code: string): code is EditionLanguage {
  return Object.hasOwn(editionLanguages, code);
}

/** The language editions of a site: the default at the site's plain addresses, each other under its prefix (`/ru/…`). */
export interface Editions {
  /** The first is the default. Never empty. */
  languages: readonly EditionLanguage[];
}

export const englishOnly: Editions = { languages: ['en'] };

export const defaultLanguageOf = (editions: Editions): EditionLanguage => editions.languages[0]!;

/** The path prefix of a language's edition: empty for the default language, `/ru` for Russian beside it. */
export function editionPrefix(editions: Editions, language: string): string {
  return language === defaultLanguageOf(editions) || !editions.languages.includes(language as EditionLanguage) ? '' : `/${language}`;
}

/**
 * The edition an article (or poll) in `language` belongs to: its own when the site has that edition,
 * else the default one (an article in French on an English site is read in the English edition).
 */
export function editionOf(editions: Editions, language: string): EditionLanguage {
  return editions.languages.includes(language as EditionLanguage) ? (language as EditionLanguage) : defaultLanguageOf(editions);
}

/**
 * Which content languages an edition shows: its own language, and for the default edition any language
 * that has no edition of its own. Stores read it as "language = X" or "language not in (others)".
 */
export type EditionFilter = { only: string } | { except: string[] };

/** Whether an edition shows content in this language (everything, with no edition to keep to). */
export const shownInEdition = (edition: EditionFilter | undefined, language: string): boolean => !edition || ('only' in edition ? language === edition.only : !edition.except.includes(language));

export function editionFilter(editions: Editions, language: EditionLanguage): EditionFilter {
  if (language !== defaultLanguageOf(editions)) return { only: language };
  return { except: editions.languages.filter((l) => l !== language) };
}
