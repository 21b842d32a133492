import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { getTagBySlug } from '../tags/store.ts';

const kazakhBody = 'Kazakhstan sells grain. Kazakhstan buys fertiliser. Kazakhstan stores wheat.';

for (const kind of await databaseKinds()) {
  describe(`regions and countries on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;

    async function createArticle(payload: Record<string, unknown>) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'place-expert', lead: 'A lead.', body: 'Body.', status: 'published', ...payload },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; slug: string; url: string; tags: string[]; suggested_tags: Array<{ kind: string; slug: string; name: string }> };
    }

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Place Expert' } });
      assert.equal(expert.statusCode, 201, expert.body);
      await createArticle({ title: 'Grain on the steppe', body: kazakhBody, tags: ['Kazakhstan'], published_at: '2026-01-02T10:00:00.000Z' });
      await createArticle({ title: 'Water in the valleys', body: 'Dams and canals.', tags: ['Central Asia'], published_at: '2026-01-03T10:00:00.000Z' });
      await createArticle({ title: 'Fjords and gas', body: 'Pipelines.', tags: ['Norway'], published_at: '2026-01-04T10:00:00.000Z' });
    });
    after(() => t.close());

    test('the API answers the places the text discusses that the article is not tagged with', async () => {
      const created = await createArticle({ title: 'Kazakh wheat and Uzbek cotton', lead: 'Trade in Kyrgyzstan too.', body: 'Markets.', tags: ['Kazakhstan', 'trade'] });
      assert.deepEqual(created.suggested_tags, [
        { kind: 'country', slug: 'uzbekistan', name: 'Uzbekistan' },
        { kind: 'country', slug: 'kyrgyzstan', name: 'Kyrgyzstan' },
        { kind: 'region', slug: 'central-asia', name: 'Central Asia' },
      ]);
      const read = await t.app.inject({ url: `/api/v1/articles/${created.id}`, headers: bearer(t.tokens.editor) });
      assert.deepEqual(read.json().suggested_tags, created.suggested_tags);
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${created.id}`, headers: bearer(t.tokens.editor), payload: { title: 'Norwegian gas', lead: 'Oslo decides.' } });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual(patched.json().suggested_tags, [{ kind: 'country', slug: 'norway', name: 'Norway' }]);
      const tagged = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${created.id}`, headers: bearer(t.tokens.editor), payload: { tags: ['norway'] } });
      assert.deepEqual(tagged.json().suggested_tags, []);
      assert.deepEqual(tagged.json().tags, ['norway']);
    });

    test('a tag label that names a place makes the place’s tag, with its kind and name', async () => {
      await createArticle({ title: 'Notes', tags: ['united states', 'EAEU', 'Energy'] });
      assert.deepEqual(await getTagBySlug(t.db.handle, 'united-states').then((tag) => tag && { name: tag.name, kind: tag.kind }), { name: 'United States', kind: 'country' });
      assert.deepEqual(await getTagBySlug(t.db.handle, 'eurasian-economic-union').then((tag) => tag && { name: tag.name, kind: tag.kind }), { name: 'Eurasian Economic Union', kind: 'region' });
      assert.equal((await getTagBySlug(t.db.handle, 'energy'))?.kind, 'topic');
    });

    test('the editor lists the suggestions; ticking one and saving adds it as a country tag', async () => {
      const created = await createArticle({ title: 'Uzbek cotton and Tajik water', body: 'Fields.', tags: ['trade'], status: 'draft' });
      const page = await editor.get(`/admin/articles/${created.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<legend>Suggested<\/legend>/);
      assert.match(page.body, /name="accept_place:country:uzbekistan" value="1" data-tag-name="Uzbekistan"/);
      assert.match(page.body, /name="accept_place:country:tajikistan"/);
      const saved = await editor.post(`/admin/articles/${created.id}`, {
        expert: 'place-expert',
        title: 'Uzbek cotton and Tajik water',
        lead: '',
        body: 'Fields.',
        tags: 'trade',
        'accept_place:country:uzbekistan': '1',
        'accept_place:country:atlantis': '1',
        'accept_place:topic:trade': '1',
        action: 'save',
      });
      assert.equal(saved.statusCode, 303, saved.body);
      const api = await t.app.inject({ url: `/api/v1/articles/${created.id}`, headers: bearer(t.tokens.editor) });
      assert.deepEqual(api.json().tags.sort(), ['trade', 'uzbekistan']);
      assert.deepEqual(api.json().suggested_tags, [{ kind: 'country', slug: 'tajikistan', name: 'Tajikistan' }]);
      assert.equal((await getTagBySlug(t.db.handle, 'uzbekistan'))?.kind, 'country');
      const again = await editor.get(`/admin/articles/${created.id}`);
      assert.doesNotMatch(again.body, /accept_place:country:uzbekistan/);
      assert.match(again.body, /accept_place:country:tajikistan/);
    });

    test('/regions/central-asia lists the articles on the region and on its countries, with the countries as links', async () => {
      const res = await t.app.inject({ url: '/regions/central-asia' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Central Asia<\/h1>/);
      assert.match(res.body, /Grain on the steppe/);
      assert.match(res.body, /Water in the valleys/);
      assert.doesNotMatch(res.body, /Fjords and gas/);
      assert.match(res.body, /<a href="\/countries\/kz">Kazakhstan<\/a>/);
      assert.ok(res.body.indexOf('Water in the valleys') < res.body.indexOf('Grain on the steppe'), 'newest first');
    });

    test('/countries/kz shows the country, its regions and its articles; KZ and the tag slug redirect', async () => {
      const res = await t.app.inject({ url: '/countries/kz' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Kazakhstan<\/h1>/);
      assert.match(res.body, /<a href="\/regions\/central-asia">Central Asia<\/a>/);
      assert.match(res.body, /<a href="\/regions\/eurasian-economic-union">Eurasian Economic Union<\/a>/);
      assert.match(res.body, /Grain on the steppe/);
      assert.doesNotMatch(res.body, /Water in the valleys/);
      for (const [url, location] of [
        ['/countries/KZ', '/countries/kz'],
        ['/countries/Kz?cursor=x', '/countries/kz?cursor=x'],
        ['/countries/kazakhstan', '/countries/kz'],
      ]) {
        const moved = await t.app.inject({ url });
        assert.equal(moved.statusCode, 301, url);
        assert.equal(moved.headers.location, location);
      }
    });

    test('a known place with nothing published says so; unknown and hostile addresses are 404 pages', async () => {
      const empty = await t.app.inject({ url: '/countries/cl' });
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /No analysis on Chile has been published yet/);
      for (const url of [
        '/countries/zz',
        '/countries/xyz',
        '/regions/atlantis',
        '/regions/CENTRAL-ASIA',
        '/countries/1',
        ...hostileStrings.flatMap((h) => [`/regions/${encodeURIComponent(h)}`, `/countries/${encodeURIComponent(h)}`]),
      ]) {
        const res = await t.app.inject({ url, headers: { accept: 'text/html' } });
        assert.equal(res.statusCode, 404, url);
        assert.doesNotMatch(res.body, /<script>alert|<img src=x/);
      }
      assert.equal((await t.app.inject({ url: '/countries/kz?cursor=%3Cscript%3E' })).statusCode, 400);
    });

    test('the index pages list the places with analysis', async () => {
      const regionsPage = await t.app.inject({ url: '/regions' });
      assert.equal(regionsPage.statusCode, 200);
      assert.match(regionsPage.body, /<a href="\/regions\/central-asia">Central Asia<\/a>/);
      assert.match(regionsPage.body, /<a href="\/regions\/nordic-countries">Nordic countries<\/a>/);
      assert.doesNotMatch(regionsPage.body, /\/regions\/sahel"/);
      assert.doesNotMatch(regionsPage.body, /\/regions\/commonwealth-of-independent-states"/, 'organisations only for analysis tagged with them');
      assert.match(regionsPage.body, /\/regions\/eurasian-economic-union"/);
      const countries = await t.app.inject({ url: '/countries' });
      assert.equal(countries.statusCode, 200);
      assert.match(countries.body, /<a href="\/countries\/kz">Kazakhstan<\/a>[\s\S]*<a href="\/countries\/no">Norway<\/a>/);
      assert.doesNotMatch(countries.body, /\/countries\/cl"/);
    });

    test('a region or country tag’s page redirects to the place’s page; topics stay', async () => {
      const region = await t.app.inject({ url: '/tags/central-asia' });
      assert.equal(region.statusCode, 301);
      assert.equal(region.headers.location, '/regions/central-asia');
      const country = await t.app.inject({ url: '/tags/kazakhstan' });
      assert.equal(country.headers.location, '/countries/kz');
      assert.equal((await t.app.inject({ url: '/tags/energy' })).statusCode, 200);
    });

    test('region pages are paginated with the cursor', async () => {
      for (let i = 0; i < 13; i++) await createArticle({ title: `Arctic note ${i}`, tags: ['Arctic'], published_at: `2025-06-${String(10 + i).padStart(2, '0')}T10:00:00.000Z` });
      const first = await t.app.inject({ url: '/regions/arctic' });
      assert.match(first.body, /Arctic note 12/);
      const older = /href="(\/regions\/arctic\?cursor=[^"]+)"/.exec(first.body)?.[1];
      assert.ok(older, 'an older link');
      const second = await t.app.inject({ url: older.replace(/&amp;/g, '&') });
      assert.equal(second.statusCode, 200);
      assert.match(second.body, /Arctic note 0/);
      assert.doesNotMatch(second.body, /Arctic note 12/);
    });
  });
}
