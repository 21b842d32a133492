import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { slugCore } from '../db/slug.ts';

/**
 * The world's countries and territories, ISO 3166-1, from the `world-countries` package (mledoze/countries):
 * it carries, for each alpha-2 code, the English common and official names, alternative spellings and
 * English demonyms, which detection needs and `i18n-iso-countries` lacks; it is plain JSON, so it
 * installs on any Node.
 */
export interface Country {
  /** ISO 3166-1 alpha-2, upper case: "KZ". */
  code: string;
  /** English common name: "Kazakhstan". */
  name: string;
  /** English official name: "Republic of Kazakhstan". */
  officialName: string;
  /** The slug of the country's tag, made from its common name: "kazakhstan", "united-states". */
  tagSlug: string;
  /** Other names: the package's alternative spellings (codes left out) and English demonyms. */
  altNames: string[];
  demonyms: string[];
  independent: boolean;
}

interface PackageCountry {
  cca2: string;
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: { eng?: { f: string; m: string } };
  independent: boolean | null;
}

/** A spelling that is a bare code ("KZ", "USA") would match ordinary capitals; short forms are our own list (vocabulary.ts). */
const isCodeLike = (name: string) => /^[A-Z]{2,3}$/.test(name);

function loadCountries(): Country[] {
  // Read and slimmed once: the package's file is 1.4 MB of translations we do not keep.
  const file = createRequire(import.meta.url).resolve('world-countries/countries.json');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as PackageCountry[];
  return rows
    .map((row) => {
      const demonyms = new Set([row.demonyms?.eng?.m, row.demonyms?.eng?.f].flatMap((d) => (d ? d.split(/,| or /).map((s) => s.trim()) : [])));
      return {
        code: row.cca2,
        name: row.name.common,
        officialName: row.name.official,
        tagSlug: slugCore(row.name.common),
        // "Congo, the Democratic Republic of the" is an index form, "The Netherlands" the common name again.
        altNames: row.altSpellings.filter((s) => !isCodeLike(s) && !s.includes(',') && !s.startsWith('The ')),
        demonyms: [...demonyms].filter((d) => d !== ''),
        independent: row.independent !== false,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

let loaded: { list: Country[]; byCode: Map<string, Country>; byTagSlug: Map<string, Country> } | undefined;

function gazetteer() {
  if (!loaded) {
    const list = loadCountries();
    loaded = { list, byCode: new Map(list.map((c) => [c.code, c])), byTagSlug: new Map(list.map((c) => [c.tagSlug, c])) };
  }
  return loaded;
}

/** Every country and territory, A–Z by English common name. */
export const allCountries = (): readonly Country[] => gazetteer().list;

/** The country with this ISO alpha-2 code, in either case: countryByCode('kz') is Kazakhstan. */
export const countryByCode = (code: string): Country | undefined => gazetteer().byCode.get(code.toUpperCase());

/** The country whose tag has this slug: countryByTagSlug('united-states') is the United States. */
export const countryByTagSlug = (slug: string): Country | undefined => gazetteer().byTagSlug.get(slug);

/** The slug of a country's tag, by ISO code: countryTagSlug('US') is 'united-states'. */
export const countryTagSlug = (code: string): string | undefined => countryByCode(code)?.tagSlug;

/** The public page of a country: /countries/kz. */
export const countryPath = (country: Pick<Country, 'code'>) => `/countries/${country.code.toLowerCase()}`;
