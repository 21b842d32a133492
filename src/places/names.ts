import { catalogues, type MessageKey } from '../views/i18n/catalogues/index.ts';
import { translate } from '../views/i18n/locale.ts';
import { editionLanguages, isEditionLanguage } from '../views/i18n/languages.ts';
import { countryByTagSlug } from './countries.ts';
import { regionBySlug } from './regions.ts';

/**
 * Places' names in a language. A country's comes from the ICU data Node carries (Intl.DisplayNames, by its
 * ISO code), so every language Node knows names all of them; a region's from the `places` message
 * catalogue, one message per region (`region.central-asia`), since regions are our own list. In English a
 * country keeps the gazetteer's common name, which its tag and slug were made from ("Myanmar", where
 * Intl says "Myanmar (Burma)").
 */

const regionKey = (slug: string) => `region.${slug}` as MessageKey;

/** Whether the catalogues name a region: each region in regions.ts has a message (places.test.ts checks it). */
export const regionHasMessage = (slug: string): boolean => Object.hasOwn(catalogues.en, regionKey(slug));

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** Intl's region names in a language; null for a tag Intl cannot read. */
function regionNamesIn(language: string): Intl.DisplayNames | null {
  let names = displayNames.get(language);
  if (names === undefined) {
    const locale = isEditionLanguage(language) ? editionLanguages[language].intlLocale : language;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    displayNames.set(language, names);
  }
  return names;
}

/** A country's name in a language, by its ISO code: countryName('KZ', 'ru') is "Казахстан". */
export function countryNameIn(code: string, language: string): string | undefined {
  try {
    return regionNamesIn(language)?.of(code.toUpperCase()) ?? undefined;
  } catch {
    // A code Intl refuses outright (not two letters or three digits).
    return undefined;
  }
}

/**
 * The name of the place a tag stands for, in a language: `placeName({ kind: 'country', slug: 'kazakhstan' },
 * 'ru')` is "Казахстан", `placeName({ kind: 'region', slug: 'central-asia' }, 'ru')` "Центральная Азия".
 * Undefined for a topic, a place we do not know, or a language that has no name for it.
 */
export function placeName(tag: { kind: string; slug: string }, language: string): string | undefined {
  if (tag.kind === 'country') {
    const country = countryByTagSlug(tag.slug);
    if (!country) return undefined;
    return language === 'en' ? country.name : countryNameIn(country.code, language);
  }
  if (tag.kind === 'region') {
    const region = regionBySlug(tag.slug);
    if (!region || !isEditionLanguage(language) || !regionHasMessage(region.slug)) return undefined;
    return translate(language, regionKey(region.slug));
  }
  return undefined;
}

/** A country as a page in a language shows it: its name there, else the gazetteer's English one. */
export const countryNameFor = (country: { code: string; name: string }, language: string): string => (language === 'en' ? undefined : countryNameIn(country.code, language)) ?? country.name;

/** A region as a page in a language shows it: its name there, else its English one. */
export const regionNameFor = (region: { slug: string; name: string }, language: string): string => placeName({ kind: 'region', slug: region.slug }, language) ?? region.name;
