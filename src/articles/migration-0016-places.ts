/**
 * Frozen for migration 0016_article_suggested_tags: place detection as it was when 0016 shipped
 * (d26772d): src/places/detect.ts, regions.ts and vocabulary.ts and slugCore from src/db/slug.ts, copied
 * unchanged but for their imports, with the countries in migration-0016-countries.ts. The live code
 * goes on improving; what 0016 does to an upgraded database must not. Never edit this file.
 */
import { countryRows0016 } from './migration-0016-countries.ts';

const maxSlugLength = 120;

/** "Undercurrents in the Caspian: 2026" -> "undercurrents-in-the-caspian-2026"; empty when no letter or digit is left. */
function slugCore(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxSlugLength - 8)
    .replace(/-+$/g, '');
}

interface Country {
  code: string;
  name: string;
  officialName: string;
  tagSlug: string;
  altNames: readonly string[];
  demonyms: readonly string[];
  independent: boolean;
}

const countries: readonly Country[] = countryRows0016.map(([code, name, officialName, tagSlug, altNames, demonyms, independent]) => ({
  code,
  name,
  officialName,
  tagSlug,
  altNames,
  demonyms,
  independent,
}));
const countriesByCode = new Map(countries.map((c) => [c.code, c]));
const allCountries = (): readonly Country[] => countries;
const countryByCode = (code: string): Country | undefined => countriesByCode.get(code.toUpperCase());

/**
 * The regions analysts write about, each defined by its members' ISO 3166-1 alpha-2 codes. Our own
 * data: where definitions differ, the one chosen is noted. The slug of a region's page and tag is
 * made from its name ("Central Asia" -> central-asia), as a tag made from that name would be.
 */
interface Region {
  slug: string;
  name: string;
  /** Members, ISO alpha-2. */
  members: readonly string[];
  /** What the text calls it besides its name: "EAEU", "the Gulf", "Central Asian". */
  aliases: readonly string[];
  /**
   * Whether articles that discuss several of its members are about it even when it is not named.
   * True for geographic regions; false for organisations (NATO, the EU, BRICS…) and for strategic
   * concepts (the Arctic, the Indo-Pacific), which are suggested only when the text names them.
   */
  inferred: boolean;
}

type RegionSource = Omit<Region, 'slug'>;

const eu27 = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

const sources: RegionSource[] = [
  { name: 'Central Asia', members: ['KZ', 'KG', 'TJ', 'TM', 'UZ'], aliases: ['Central Asian', 'Central Asian republics'], inferred: true },
  { name: 'South Caucasus', members: ['AM', 'AZ', 'GE'], aliases: ['Transcaucasia', 'Transcaucasus', 'Southern Caucasus'], inferred: true },
  // The eight Arctic Council states, and Greenland, whose place in Arctic affairs is its own.
  { name: 'Arctic', members: ['CA', 'DK', 'FI', 'IS', 'NO', 'RU', 'SE', 'US', 'GL'], aliases: ['High North', 'Arctic Council', 'Arctic Ocean'], inferred: false },
  // The SAARC states.
  { name: 'South Asia', members: ['AF', 'BD', 'BT', 'IN', 'MV', 'NP', 'PK', 'LK'], aliases: ['South Asian', 'SAARC'], inferred: true },
  // ASEAN's members, Timor-Leste included since October 2025.
  {
    name: 'Southeast Asia',
    members: ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'TL'],
    aliases: ['South-East Asia', 'South East Asia', 'Southeast Asian', 'South-East Asian', 'ASEAN'],
    inferred: true,
  },
  { name: 'East Asia', members: ['CN', 'HK', 'MO', 'JP', 'KP', 'KR', 'MN', 'TW'], aliases: ['East Asian', 'Northeast Asia', 'North-East Asia', 'Northeast Asian'], inferred: true },
  { name: 'Middle East', members: ['BH', 'EG', 'IR', 'IQ', 'IL', 'JO', 'KW', 'LB', 'OM', 'PS', 'QA', 'SA', 'SY', 'TR', 'AE', 'YE'], aliases: ['Middle Eastern', 'MENA'], inferred: true },
  // The Gulf Cooperation Council's six monarchies.
  { name: 'Gulf', members: ['BH', 'KW', 'OM', 'QA', 'SA', 'AE'], aliases: ['Gulf states', 'Gulf Cooperation Council', 'GCC', 'Persian Gulf', 'Arabian Gulf', 'Gulf monarchies'], inferred: true },
  { name: 'North Africa', members: ['DZ', 'EG', 'LY', 'MA', 'TN'], aliases: ['North African', 'Maghreb', 'MENA'], inferred: true },
  // The G5 Sahel states.
  { name: 'Sahel', members: ['BF', 'ML', 'MR', 'NE', 'TD'], aliases: ['Sahelian'], inferred: true },
  // The UN's definition: Africa less Northern Africa.
  {
    name: 'Sub-Saharan Africa',
    members: [
      'AO',
      'BJ',
      'BW',
      'BF',
      'BI',
      'CV',
      'CM',
      'CF',
      'TD',
      'KM',
      'CG',
      'CD',
      'CI',
      'DJ',
      'GQ',
      'ER',
      'SZ',
      'ET',
      'GA',
      'GM',
      'GH',
      'GN',
      'GW',
      'KE',
      'LS',
      'LR',
      'MG',
      'MW',
      'ML',
      'MR',
      'MU',
      'YT',
      'MZ',
      'NA',
      'NE',
      'NG',
      'RE',
      'RW',
      'SH',
      'ST',
      'SN',
      'SC',
      'SL',
      'SO',
      'ZA',
      'SS',
      'TZ',
      'TG',
      'UG',
      'ZM',
      'ZW',
    ],
    aliases: ['sub-Saharan Africa', 'Sub-Saharan', 'sub-Saharan'],
    inferred: true,
  },
  { name: 'Horn of Africa', members: ['DJ', 'ER', 'ET', 'SO'], aliases: [], inferred: true },
  { name: 'Western Balkans', members: ['AL', 'BA', 'XK', 'ME', 'MK', 'RS'], aliases: [], inferred: true },
  { name: 'Baltic states', members: ['EE', 'LV', 'LT'], aliases: ['Baltic States', 'Baltics', 'Baltic countries', 'Baltic republics'], inferred: true },
  { name: 'Nordic countries', members: ['DK', 'FI', 'IS', 'NO', 'SE'], aliases: ['Nordics', 'Nordic', 'Scandinavia', 'Scandinavian'], inferred: true },
  // The UN's Eastern Europe.
  { name: 'Eastern Europe', members: ['BY', 'BG', 'CZ', 'HU', 'MD', 'PL', 'RO', 'RU', 'SK', 'UA'], aliases: ['Eastern European', 'Central and Eastern Europe'], inferred: true },
  { name: 'European Union', members: eu27, aliases: ['EU', 'E.U.'], inferred: false },
  { name: 'Eurasian Economic Union', members: ['AM', 'BY', 'KZ', 'KG', 'RU'], aliases: ['EAEU', 'EEU', 'Eurasian Union'], inferred: false },
  // Full members; Turkmenistan is an associate, Ukraine and Georgia have left.
  { name: 'Commonwealth of Independent States', members: ['AM', 'AZ', 'BY', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'UZ'], aliases: ['CIS'], inferred: false },
  // Members as of 2025.
  { name: 'BRICS', members: ['BR', 'RU', 'IN', 'CN', 'ZA', 'EG', 'ET', 'IR', 'AE', 'ID'], aliases: ['BRICS+'], inferred: false },
  { name: 'Shanghai Cooperation Organisation', members: ['CN', 'IN', 'KZ', 'KG', 'PK', 'RU', 'TJ', 'UZ', 'IR', 'BY'], aliases: ['Shanghai Cooperation Organization', 'SCO'], inferred: false },
  {
    name: 'NATO',
    members: [
      'AL',
      'BE',
      'BG',
      'CA',
      'HR',
      'CZ',
      'DK',
      'EE',
      'FI',
      'FR',
      'DE',
      'GR',
      'HU',
      'IS',
      'IT',
      'LV',
      'LT',
      'LU',
      'ME',
      'NL',
      'MK',
      'NO',
      'PL',
      'PT',
      'RO',
      'SK',
      'SI',
      'ES',
      'SE',
      'TR',
      'GB',
      'US',
    ],
    aliases: ['Nato', 'North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation', 'North Atlantic Alliance'],
    inferred: false,
  },
  { name: 'G7', members: ['CA', 'FR', 'DE', 'IT', 'JP', 'GB', 'US'], aliases: ['G-7', 'Group of Seven'], inferred: false },
  {
    name: 'Latin America',
    members: ['AR', 'BO', 'BR', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'SV', 'GT', 'HT', 'HN', 'MX', 'NI', 'PA', 'PY', 'PE', 'UY', 'VE'],
    aliases: ['Latin American', 'LatAm', 'Latin America and the Caribbean'],
    inferred: true,
  },
  // The states of the Indian and western Pacific rims that strategies of the Indo-Pacific name.
  {
    name: 'Indo-Pacific',
    members: ['AU', 'BD', 'BN', 'KH', 'CN', 'FJ', 'IN', 'ID', 'JP', 'KR', 'LK', 'MV', 'MM', 'MY', 'NZ', 'PG', 'PH', 'SG', 'TH', 'TL', 'TW', 'VN', 'US'],
    aliases: ['Indo Pacific'],
    inferred: false,
  },
];

const regions: readonly Region[] = sources.map((r) => ({ ...r, slug: slugCore(r.name) }));

const bySlug = new Map(regions.map((r) => [r.slug, r]));

/** The region with this slug: regionBySlug('central-asia'). Its tag has the same slug and kind "region". */
const regionBySlug = (slug: string): Region | undefined => bySlug.get(slug);

/**
 * What detection knows beyond the gazetteer's names: the short forms and adjectives writers use, the
 * phrases that contain a country's name without meaning the country, and the names that mean a
 * country only when the text says more about it. Matching is case-sensitive: "Turkey" is the
 * country, "turkey" is not; "US" is, "us" is not.
 */

/** Names and adjectives by ISO code, besides the package's names, spellings and demonyms. */
const extraCountryNames: Record<string, readonly string[]> = {
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
const countryParts: Record<string, readonly string[]> = {
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
const ignoredNames = new Set(['Island', 'Mann', 'Congo', 'Timor', 'Guiana', 'Prathet', 'Lao', 'Saint Helena']);

/**
 * Phrases that name something other than the country inside them. Matched like names, longest first,
 * they consume their words: "Indian Ocean" is not India, "New Mexico" not Mexico, "Guinea pig" not
 * Guinea. "*" stands for any capitalised word ("Gulf of *").
 */
const notPlaces: readonly string[] = [
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
const contextualNames: Record<string, { code: string; context: readonly string[] }> = {
  Georgia: { code: 'GE', context: ['Tbilisi', 'Caucasus', 'Abkhazia', 'Ossetia', 'Batumi', 'Kutaisi', 'Armenia', 'Azerbaijan', 'Armenian', 'Azerbaijani'] },
  Georgian: { code: 'GE', context: ['Tbilisi', 'Caucasus', 'Abkhazia', 'Ossetia', 'Batumi', 'Kutaisi', 'Armenia', 'Azerbaijan', 'Armenian', 'Azerbaijani'] },
  Chad: { code: 'TD', context: ['Djamena', 'Chadian', 'Sahel', 'Sahelian', 'Niger', 'Sudan', 'Cameroon', 'Libya', 'Mali', 'Africa', 'African'] },
  Jordan: {
    code: 'JO',
    context: ['Amman', 'Jordanian', 'Hashemite', 'Israel', 'Israeli', 'Syria', 'Syrian', 'Iraq', 'Lebanon', 'Palestinian', 'Palestine', 'Gaza', 'Egypt', 'Saudi', 'Arab', 'Middle'],
  },
};

/** A place as a tag: the kind, slug and name a tag made for it has. */
interface PlaceTag {
  kind: 'country' | 'region';
  slug: string;
  name: string;
}

/** What a name stands for: a country's code or a region's slug (several for "MENA"); none for a phrase that is no place. */
type Target = { kind: 'country'; code: string } | { kind: 'region'; slug: string };

interface Phrase {
  /** The words, and what stands between each two: " " for any white space, "-", "." or "'". */
  words: string[];
  gaps: string[];
  targets: Target[];
  /** Words one of which the text must contain for this phrase to count. */
  context?: readonly string[];
}

const letterOrDigit = /[\p{L}\p{M}\p{N}]/u;
const anyCapitalised = '*';

/** White space of any kind reads as one space, apostrophes and dashes as their plain forms. */
function normalisedGap(gap: string): string {
  if (/^\s+$/.test(gap)) return ' ';
  return gap.replace(/[’‘]/g, "'").replace(/[‐‑–]/g, '-');
}

/** Where each word of a text starts and ends: words are sliced out only when a name could start there. */
interface Tokens {
  text: string;
  starts: number[];
  ends: number[];
}

const wordAt = (t: Tokens, i: number) => t.text.slice(t.starts[i], t.ends[i]);

/** ASCII letters and digits are told apart by their codes; only other characters need the (slower) Unicode test. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return letterOrDigit.test(text[i]!);
}

/** The words of a text: runs of letters, marks and digits. */
function tokensOf(text: string): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordChar(text, i);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      starts.push(start);
      ends.push(i);
      start = -1;
    }
  }
  return { text, starts, ends };
}

function phraseOf(name: string, targets: Target[], context?: readonly string[]): Phrase {
  const open = name.endsWith(` ${anyCapitalised}`);
  const fixed = open ? name.slice(0, -2) : name;
  const tokens = tokensOf(fixed);
  const words = tokens.starts.map((_, i) => wordAt(tokens, i));
  const gaps = words.slice(1).map((_, i) => normalisedGap(fixed.slice(tokens.ends[i], tokens.starts[i + 1])));
  return open ? { words: [...words, anyCapitalised], gaps: [...gaps, ' '], targets, context } : { words, gaps, targets, context };
}

const sameTarget = (a: Target, b: Target) => (a.kind === 'country' && b.kind === 'country' ? a.code === b.code : a.kind === 'region' && b.kind === 'region' && a.slug === b.slug);

/**
 * Every name a country or region goes by, mapped to what it means. A spelling or demonym that two
 * countries share goes to the independent one ("American": the United States, not the Northern
 * Mariana Islands), or to neither when both are ("Dominican", "Congolese").
 */
function namesToTargets(): Map<string, Target[]> {
  const byName = new Map<string, Target[]>();
  const add = (name: string, target: Target) => {
    const known = byName.get(name) ?? [];
    if (!known.some((t) => sameTarget(t, target))) byName.set(name, [...known, target]);
  };
  const countryClaims = new Map<string, Country[]>();
  const claim = (name: string, country: Country) => {
    if (ignoredNames.has(name) || name in contextualNames) return;
    const claimants = countryClaims.get(name) ?? [];
    if (!claimants.includes(country)) countryClaims.set(name, [...claimants, country]);
  };
  for (const country of allCountries()) {
    for (const name of [country.name, country.officialName, ...country.altNames, ...country.demonyms]) claim(name, country);
  }
  for (const [name, claimants] of countryClaims) {
    const chosen = claimants.length === 1 ? claimants : claimants.filter((c) => c.independent);
    if (chosen.length === 1) add(name, { kind: 'country', code: chosen[0]!.code });
  }
  // Our own names win over the package's shared ones: "Svalbard" is Norway's.
  for (const [code, names] of [...Object.entries(extraCountryNames), ...Object.entries(countryParts)]) {
    for (const name of names) byName.set(name, [{ kind: 'country', code }]);
  }
  for (const region of regions) for (const name of [region.name, ...region.aliases]) add(name, { kind: 'region', slug: region.slug });
  return byName;
}

/** One matcher for all names: phrases by first word, longest first, so that a match takes the longest name there. */
function compileMatcher(): Map<string, Phrase[]> {
  const phrases: Phrase[] = [];
  for (const [name, targets] of namesToTargets()) phrases.push(phraseOf(name, targets));
  for (const name of notPlaces) phrases.push(phraseOf(name, []));
  for (const [name, { code, context }] of Object.entries(contextualNames)) phrases.push(phraseOf(name, [{ kind: 'country', code }], context));
  const byFirstWord = new Map<string, Phrase[]>();
  for (const phrase of phrases) {
    if (phrase.words.length === 0) continue;
    byFirstWord.set(phrase.words[0]!, [...(byFirstWord.get(phrase.words[0]!) ?? []), phrase]);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirstWord;
}

let matcher: Map<string, Phrase[]> | undefined;
/** The lower-case letters a name may start with ("sub-Saharan"): words starting with any other are skipped unread. */
let lowerCaseStarts: Set<string> | undefined;

function matchesAt(phrase: Phrase, tokens: Tokens, at: number): boolean {
  if (at + phrase.words.length > tokens.starts.length) return false;
  for (let k = 1; k < phrase.words.length; k++) {
    const word = wordAt(tokens, at + k);
    const expected = phrase.words[k]!;
    if (expected === anyCapitalised ? !/^\p{Lu}/u.test(word) : word !== expected) return false;
    if (normalisedGap(tokens.text.slice(tokens.ends[at + k - 1], tokens.starts[at + k])) !== phrase.gaps[k - 1]) return false;
  }
  return true;
}

/** The names found in one text, left to right; a match consumes its words, so "South Sudan" is never also "Sudan". */
function findPhrases(text: string): { found: Phrase[]; wordCount: number; words: () => Set<string> } {
  matcher ??= compileMatcher();
  lowerCaseStarts ??= new Set([...matcher.keys()].map((w) => w[0]!).filter((c) => c >= 'a' && c <= 'z'));
  const tokens = tokensOf(text);
  const found: Phrase[] = [];
  for (let i = 0; i < tokens.starts.length;) {
    const first = text[tokens.starts[i]!]!;
    const phrase = first >= 'a' && first <= 'z' && !lowerCaseStarts.has(first) ? undefined : matcher.get(wordAt(tokens, i))?.find((p) => matchesAt(p, tokens, i));
    if (!phrase) {
      i++;
      continue;
    }
    found.push(phrase);
    i += phrase.words.length;
  }
  // Only a name that needs context asks for the text's words.
  return { found, wordCount: tokens.starts.length, words: () => new Set(tokens.starts.map((_, i) => wordAt(tokens, i))) };
}

/** Markdown as prose: link targets, images' addresses, HTML tags and code spans carry no place names worth counting. */
function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
}

interface ArticleText {
  title: string;
  lead: string;
  /** Markdown, or text with its HTML tags stripped. */
  body: string;
}

/**
 * Tuning, checked against every demo article (detect.test.ts). A place is discussed when the title or
 * lead names it, or the body names it three times (twice in a body under 600 words). A country the
 * body names twice also counts when the title or lead frames the article by a region it belongs to:
 * Russia in a piece on the Arctic's shipping lanes. A region not named is inferred from its
 * discussed members: three of them, or half of a region of five or fewer (two of the Baltic states).
 */
const shortBodyWords = 600;
const bodyMentionsNeeded = (bodyWords: number) => (bodyWords < shortBodyWords ? 2 : 3);
const framedMentionsNeeded = 2;
const membersNeeded = (region: Region) => Math.max(2, Math.min(3, Math.ceil(region.members.length / 2)));

const keyOf = (t: Target) => (t.kind === 'country' ? `c:${t.code}` : `r:${t.slug}`);

interface Mentions {
  target: Target;
  /** In the title or lead. */
  heading: number;
  body: number;
}

/** How often the article names each place, in its title and lead and in its body, and how long its body is. */
function placeMentions(article: ArticleText): { mentions: Mentions[]; bodyWords: number } {
  const heading = findPhrases(`${article.title}\n\n${article.lead}`);
  const body = findPhrases(proseOf(article.body));
  let words: Set<string> | undefined;
  const hasWord = (word: string) => (words ??= new Set([...heading.words(), ...body.words()])).has(word);
  const counts = new Map<string, Mentions>();
  const tally = (phrases: Phrase[], part: 'heading' | 'body') => {
    for (const phrase of phrases) {
      if (phrase.context && !phrase.context.some(hasWord)) continue;
      for (const target of phrase.targets) {
        const entry = counts.get(keyOf(target)) ?? { target, heading: 0, body: 0 };
        entry[part] += 1;
        counts.set(keyOf(target), entry);
      }
    }
  };
  tally(heading.found, 'heading');
  tally(body.found, 'body');
  return { mentions: [...counts.values()], bodyWords: body.wordCount };
}

/** The countries and regions an article discusses, as the tags to suggest: countries first, most mentioned first, then regions. */
function suggestPlaces(article: ArticleText): PlaceTag[] {
  const { mentions, bodyWords } = placeMentions(article);
  const framing = mentions.flatMap((m) => (m.target.kind === 'region' && m.heading > 0 ? [regionBySlug(m.target.slug)!] : []));
  const framed = (t: Target) => t.kind === 'country' && framing.some((r) => r.members.includes(t.code));
  const discussed = mentions
    .filter((m) => m.heading > 0 || m.body >= bodyMentionsNeeded(bodyWords) || (m.body >= framedMentionsNeeded && framed(m.target)))
    .sort((a, b) => b.heading - a.heading || b.body - a.body);
  const countryCodes = discussed.flatMap((m) => (m.target.kind === 'country' ? [m.target.code] : []));
  const named = discussed.flatMap((m) => (m.target.kind === 'region' ? [m.target.slug] : []));
  const inferred = regions.filter((r) => r.inferred && !named.includes(r.slug) && r.members.filter((c) => countryCodes.includes(c)).length >= membersNeeded(r));
  return [
    ...countryCodes.map((code) => countryByCode(code)!).map((c): PlaceTag => ({ kind: 'country', slug: c.tagSlug, name: c.name })),
    ...[...named.map((slug) => regionBySlug(slug)!), ...inferred].map((r): PlaceTag => ({ kind: 'region', slug: r.slug, name: r.name })),
  ];
}

/** What 0016 stores for an article written before suggestions were made. */
export const suggestedTagsJson0016 = (text: ArticleText): string => JSON.stringify(suggestPlaces(text));
