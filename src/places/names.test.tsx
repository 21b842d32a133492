import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogues, type MessageKey } from '../views/i18n/catalogues/index.ts';
import { localeFor } from '../views/i18n/locale.ts';
import { editionLanguageCodes } from '../views/i18n/languages.ts';
import { renderDocument } from '../views/render.ts';
import { noMenus, type SiteView } from '../views/site.ts';
import { countryByCode } from './countries.ts';
import { regionBySlug, regions } from './regions.ts';
import { countryNameFor, placeName, regionHasMessage } from './names.ts';
import { CountryIndexPage, RegionPage } from './views.tsx';

const ruEditions = { languages: ['en', 'ru'] as const };

/** A site as pages are given it, in one edition. */
const siteIn = (language: 'en' | 'ru'): SiteView => ({
  locale: localeFor(language, { languages: [...ruEditions.languages] }),
  name: 'Rostrum',
  tagline: '',
  description: '',
  brandColor: '#8a1c2b',
  publicUrl: 'http://rostrum.test',
  assets: { screenCss: '/s.css', printCss: '/p.css', clientJs: '/c.js', favicon: '/f.svg', adminCss: '/a.css', adminJs: '/a.js' },
  menu: noMenus,
});

describe('places’ names in each language', () => {
  test('countries by Intl’s names, regions by the catalogue', () => {
    assert.equal(placeName({ kind: 'country', slug: 'kazakhstan' }, 'ru'), 'Казахстан');
    assert.equal(placeName({ kind: 'country', slug: 'germany' }, 'ru'), 'Германия');
    assert.equal(placeName({ kind: 'country', slug: 'kosovo' }, 'ru'), 'Косово');
    assert.equal(placeName({ kind: 'region', slug: 'central-asia' }, 'ru'), 'Центральная Азия');
    assert.equal(placeName({ kind: 'region', slug: 'eurasian-economic-union' }, 'ru'), 'Евразийский экономический союз');
    assert.equal(placeName({ kind: 'country', slug: 'kazakhstan' }, 'fr'), 'Kazakhstan', 'any language Intl knows');
    assert.equal(placeName({ kind: 'region', slug: 'central-asia' }, 'fr'), undefined, 'regions only in the catalogues’ languages');
  });

  test('English keeps the gazetteer’s names, which tags and slugs were made from', () => {
    assert.equal(placeName({ kind: 'country', slug: 'myanmar' }, 'en'), 'Myanmar');
    assert.equal(placeName({ kind: 'region', slug: 'central-asia' }, 'en'), 'Central Asia');
    assert.equal(countryNameFor(countryByCode('KZ')!, 'en'), 'Kazakhstan');
    assert.equal(countryNameFor(countryByCode('KZ')!, 'ru'), 'Казахстан');
  });

  test('topics, unknown places and codes have no place name', () => {
    assert.equal(placeName({ kind: 'topic', slug: 'kazakhstan' }, 'ru'), undefined);
    assert.equal(placeName({ kind: 'country', slug: 'atlantis' }, 'ru'), undefined);
    assert.equal(placeName({ kind: 'region', slug: 'middle-earth' }, 'ru'), undefined);
    assert.equal(placeName({ kind: 'country', slug: 'kazakhstan' }, 'not a language!'), undefined);
  });

  test('every region has a name in every catalogue: English its name in regions.ts, Russian in Cyrillic', () => {
    for (const region of regions) {
      assert.ok(regionHasMessage(region.slug), region.slug);
      assert.equal(catalogues.en[`region.${region.slug}` as MessageKey], region.name);
      for (const language of editionLanguageCodes) assert.ok(placeName({ kind: 'region', slug: region.slug }, language), `${region.slug} in ${language}`);
      assert.match(placeName({ kind: 'region', slug: region.slug }, 'ru')!, /[\u0400-\u04ff]/, region.slug);
    }
    const regionKeys = Object.keys(catalogues.en).filter((key) => key.startsWith('region.'));
    assert.equal(regionKeys.length, regions.length, 'no message for a region that is not in the list');
  });

  test('place pages speak the page’s language: names, words, addresses, and countries A to Z in it', () => {
    const html = renderDocument(
      <RegionPage site={siteIn('ru')} region={regionBySlug('central-asia')!} members={['KZ', 'KG', 'TJ', 'TM', 'UZ'].map((c) => countryByCode(c)!)} articles={[]} continued={false} />,
      siteIn('ru').locale,
    );
    assert.match(html, /<p class="eyebrow">Регион<\/p>\s*<h1>Центральная Азия<\/h1>/);
    assert.match(html, /<h2 id="analysis-heading">Аналитика<\/h2>/);
    assert.match(html, /Материалов по теме «Центральная Азия» пока нет\./);
    assert.match(html, /<link rel="canonical" href="http:\/\/rostrum\.test\/ru\/regions\/central-asia"/);
    const members = [...html.matchAll(/<a href="(\/ru\/countries\/[a-z]+)">(.*?)<\/a>/g)].map((m) => m[2]);
    assert.deepEqual(members, ['Казахстан', 'Киргизия', 'Таджикистан', 'Туркменистан', 'Узбекистан']);

    const index = renderDocument(<CountryIndexPage site={siteIn('ru')} countries={['DE', 'KZ', 'AM'].map((c) => countryByCode(c)!)} />, siteIn('ru').locale);
    assert.deepEqual(
      [...index.matchAll(/<li><a href="\/ru\/countries\/[a-z]+">(.*?)<\/a><\/li>/g)].map((m) => m[1]),
      ['Армения', 'Германия', 'Казахстан'],
    );
    assert.match(index, /<a href="\/ru\/regions">По регионам<\/a>/);
  });

  test('in English the place pages read as they always have', () => {
    const html = renderDocument(<RegionPage site={siteIn('en')} region={regionBySlug('central-asia')!} members={[countryByCode('KZ')!]} articles={[]} continued />, siteIn('en').locale);
    assert.match(html, /<p class="eyebrow">Region<\/p>\s*<h1>Central Asia<\/h1>/);
    assert.match(html, /Nothing more has been published on Central Asia\./);
    assert.match(html, /<a href="\/countries\/kz">Kazakhstan<\/a>/);
  });
});
