import { slugCore } from '../db/slug.ts';

/**
 * The regions analysts write about, each defined by its members' ISO 3166-1 alpha-2 codes. Our own
 * data: where definitions differ, the one chosen is noted. The slug of a region's page and tag is
 * made from its name ("Central Asia" -> central-asia), as a tag made from that name would be.
 */
export interface Region {
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

export const regions: readonly Region[] = sources.map((r) => ({ ...r, slug: slugCore(r.name) }));

const bySlug = new Map(regions.map((r) => [r.slug, r]));

/** The region with this slug: regionBySlug('central-asia'). Its tag has the same slug and kind "region". */
export const regionBySlug = (slug: string): Region | undefined => bySlug.get(slug);

/** The regions a country belongs to, in the order of the list above. */
export const regionsOfCountry = (code: string): Region[] => regions.filter((r) => r.members.includes(code.toUpperCase()));

/** The public page of a region: /regions/central-asia. */
export const regionPath = (region: Pick<Region, 'slug'>) => `/regions/${region.slug}`;
