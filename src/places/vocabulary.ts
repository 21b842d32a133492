/**
 * What detection knows beyond the gazetteer's names: the short forms and adjectives writers use, the
 * phrases that contain a country's name without meaning the country, and the names that mean a
 * country only when the text says more about it. Matching is case-sensitive: "Turkey" is the
 * country, "turkey" is not; "US" is, "us" is not.
 */

/** Names and adjectives by ISO code, besides the package's names, spellings and demonyms. */
export const extraCountryNames: Record<string, readonly string[]> = {
  US: ['US', 'U.S.', 'USA', 'U.S.A.', 'America', 'United States of America'],
  GB: ['UK', 'U.K.', 'Britain', 'Great Britain'],
  AE: ['UAE', 'U.A.E.', 'Emirates'],
  CN: ['PRC', 'Mainland China'],
  KP: ['DPRK'],
  CD: ['DRC', 'Democratic Republic of Congo', 'Congo-Kinshasa'],
  CG: ['Congo-Brazzaville', 'Republic of Congo'],
  KZ: ['Kazakh', 'Kazakhstani'],
  UZ: ['Uzbek'],
  KG: ['Kyrgyz', 'Kirgiz'],
  TJ: ['Tajik', 'Tajikistani'],
  TM: ['Turkmenistani'],
  AZ: ['Azeri'],
  TR: ['Turkey', 'Türkiye', 'Turkish'],
  SA: ['Saudi', 'KSA'],
  CZ: ['Czech Republic'],
  CI: ['Côte d’Ivoire', "Côte d'Ivoire", "Cote d'Ivoire"],
  CV: ['Cabo Verde', 'Cape Verdean'],
  MV: ['Maldivian'],
  PH: ['Philippine'],
  PS: ['Palestinian territories'],
  VA: ['Holy See'],
  BY: ['Belarussian'],
};

/**
 * Parts of a country whose mention is a mention of the country, though a tag named after the part
 * would not be the country's tag.
 */
export const countryParts: Record<string, readonly string[]> = {
  GB: ['England', 'Scotland', 'Northern Ireland'],
  PS: ['Gaza', 'West Bank'],
  NG: ['Niger Delta'],
  // Svalbard is Norway's; its ISO entry is Svalbard *and* Jan Mayen, named in full.
  NO: ['Svalbard'],
};

/**
 * Names the package gives that would match something else: "Island" (Iceland), "Congo" (two
 * countries and a river), "Timor" (an island shared with Indonesia), "Guiana" (a region).
 */
export const ignoredNames = new Set(['Island', 'Mann', 'Congo', 'Timor', 'Guiana', 'Prathet', 'Lao', 'Saint Helena']);

/**
 * Phrases that name something other than the country inside them. Matched like names, longest first,
 * they consume their words: "Indian Ocean" is not India, "New Mexico" not Mexico, "Guinea pig" not
 * Guinea. "*" stands for any capitalised word ("Gulf of *").
 */
export const notPlaces: readonly string[] = [
  'Indian Ocean',
  'American Indian',
  'American Indians',
  'West Indies',
  'West Indian',
  'East Indies',
  'Indian summer',
  'New Mexico',
  'New Mexican',
  'New Jersey',
  'Jersey City',
  'New Guinea',
  'New South Wales',
  'New England',
  'New Caledonian',
  'Guinea pig',
  'Guinea pigs',
  'Guinea fowl',
  'North America',
  'North American',
  'South America',
  'South American',
  'Central America',
  'Central American',
  'Americas',
  'Native American',
  'Native Americans',
  'African American',
  'African Americans',
  'Pan-American',
  'Captain America',
  'Gulf of *',
  'Gulf Stream',
  'Gulf Coast',
  'Niger River',
  'River Niger',
  'Lake Chad',
  'Jordan River',
  'River Jordan',
  'Georgia Tech',
  'Dutch disease',
  'Turkish delight',
  'French fries',
  'Spanish flu',
];

/**
 * Names that are also people's names or a US state: they count only when the text also has one of
 * these words. "Georgia" is the country only beside Tbilisi, the Caucasus or its neighbours, so that
 * an article on Atlanta is not tagged with the Caucasus; Chad and Jordan, common first names, need
 * their capitals, their adjectives or their neighbourhoods.
 */
export const contextualNames: Record<string, { code: string; context: readonly string[] }> = {
  Georgia: { code: 'GE', context: ['Tbilisi', 'Caucasus', 'Abkhazia', 'Ossetia', 'Batumi', 'Kutaisi', 'Armenia', 'Azerbaijan', 'Armenian', 'Azerbaijani'] },
  Georgian: { code: 'GE', context: ['Tbilisi', 'Caucasus', 'Abkhazia', 'Ossetia', 'Batumi', 'Kutaisi', 'Armenia', 'Azerbaijan', 'Armenian', 'Azerbaijani'] },
  Chad: { code: 'TD', context: ['Djamena', 'Chadian', 'Sahel', 'Sahelian', 'Niger', 'Sudan', 'Cameroon', 'Libya', 'Mali', 'Africa', 'African'] },
  Jordan: {
    code: 'JO',
    context: ['Amman', 'Jordanian', 'Hashemite', 'Israel', 'Israeli', 'Syria', 'Syrian', 'Iraq', 'Lebanon', 'Palestinian', 'Palestine', 'Gaza', 'Egypt', 'Saudi', 'Arab', 'Middle'],
  },
};
