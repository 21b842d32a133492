import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allCountries, countryByCode, countryByTagSlug, countryPath, countryTagSlug } from './countries.ts';
import { regionBySlug, regions, regionsOfCountry } from './regions.ts';
import { acceptedPlaceNames, pendingSuggestions, placePathOfTag, placeTagForLabel, withTagLabels } from './tags.ts';

describe('the gazetteer and places as tags', () => {
  test('countries by code, either case, and by tag slug', () => {
    assert.equal(countryByCode('kz')?.name, 'Kazakhstan');
    assert.equal(countryByCode('KZ')?.officialName, 'Republic of Kazakhstan');
    assert.equal(countryTagSlug('US'), 'united-states');
    assert.equal(countryByTagSlug('united-kingdom')?.code, 'GB');
    assert.equal(countryPath(countryByCode('NO')!), '/countries/no');
    assert.equal(countryByCode('ZZ'), undefined);
    assert.ok(allCountries().length >= 249);
  });

  test('every region has a unique slug made from its name and members that are ISO codes', () => {
    assert.equal(new Set(regions.map((r) => r.slug)).size, regions.length);
    for (const region of regions) for (const code of region.members) assert.ok(countryByCode(code), `${region.name}: ${code}`);
    assert.deepEqual(regionBySlug('eurasian-economic-union')?.members, ['AM', 'BY', 'KZ', 'KG', 'RU']);
    assert.equal(regionBySlug('european-union')?.members.length, 27);
    assert.deepEqual(
      regionsOfCountry('kz').map((r) => r.slug),
      ['central-asia', 'eurasian-economic-union', 'commonwealth-of-independent-states', 'shanghai-cooperation-organisation'],
    );
  });

  test('tag labels that name places: names, short forms and any case', () => {
    assert.deepEqual(placeTagForLabel('kazakhstan'), { kind: 'country', slug: 'kazakhstan', name: 'Kazakhstan' });
    assert.deepEqual(placeTagForLabel('UK'), { kind: 'country', slug: 'united-kingdom', name: 'United Kingdom' });
    assert.deepEqual(placeTagForLabel('Turkey'), { kind: 'country', slug: 'turkiye', name: 'Türkiye' });
    assert.deepEqual(placeTagForLabel('eaeu'), { kind: 'region', slug: 'eurasian-economic-union', name: 'Eurasian Economic Union' });
    assert.equal(placeTagForLabel('energy'), undefined);
    assert.equal(placePathOfTag({ kind: 'region', slug: 'arctic' }), '/regions/arctic');
    assert.equal(placePathOfTag({ kind: 'country', slug: 'norway' }), '/countries/no');
    assert.equal(placePathOfTag({ kind: 'topic', slug: 'norway' }), undefined);
    assert.equal(placePathOfTag({ kind: 'country', slug: 'south-asia' }), undefined);
  });

  test('accepted suggestions join the tags text once; forged field names are ignored', () => {
    const fields = { 'accept_place:country:norway': '1', 'accept_place:region:arctic': '1', 'accept_place:country:<script>': '1', 'accept_place:topic:trade': '1', tags: 'x' };
    assert.deepEqual(acceptedPlaceNames(fields), ['Norway', 'Arctic']);
    assert.equal(withTagLabels('energy, norway', ['Norway', 'Arctic']), 'energy, norway, Arctic');
    assert.equal(withTagLabels('', ['Norway']), 'Norway');
  });

  test('stored suggestions less the carried tags; bad JSON reads as none', () => {
    const stored = JSON.stringify([{ kind: 'country', slug: 'norway', name: 'Norway' }, { kind: 'region', slug: 'arctic', name: 'Arctic' }, { kind: 'country', slug: 'atlantis', name: 'X' }, null]);
    assert.deepEqual(pendingSuggestions(stored, ['norway']), [{ kind: 'region', slug: 'arctic', name: 'Arctic' }]);
    assert.deepEqual(pendingSuggestions('not json', []), []);
    assert.deepEqual(pendingSuggestions('{"a":1}', []), []);
  });
});
