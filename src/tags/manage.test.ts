import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { runCliInProcess } from '../../test/cli.ts';
import { getTagById, getTagBySlug, getTagDescriptions } from './store.ts';

/** Making, describing, renaming (with a new address) and merging tags: in the office and through the API. */
for (const kind of await databaseKinds()) {
  describe(`managing tags on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;

    const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token = t.tokens.editor) =>
      t.app.inject({ method, url, headers: bearer(token), ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });

    async function publish(title: string, tags: string[], language = 'en') {
      const res = await api('POST', '/api/v1/articles', { expert: 'tag-keeper', title, lead: 'A lead.', body: 'A body.', status: 'published', tags, language });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: number }).id;
    }

    /** The ids of the tags an article carries, from the database itself. */
    const tagIdsOf = async (articleId: number) => (await t.db.handle.db.selectFrom('articleTags').select('tagId').where('articleId', '=', articleId).orderBy('tagId').execute()).map((r) => r.tagId);
    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      assert.equal((await api('POST', '/api/v1/experts', { name: 'Tag Keeper' }, t.tokens.admin)).statusCode, 201);
      // A second edition, so that every tag page has a /ru address as well.
      assert.equal((await api('PATCH', '/api/v1/settings', { languages: ['en', 'ru'] }, t.tokens.admin)).statusCode, 200);
    });
    after(() => t.close());

    test('“New tag” makes a tag with a slug, kind and description; the list links to it', async () => {
      const list = await editor.get('/admin/tags');
      assert.match(list.body, /<a class="button button-primary" href="\/admin\/tags\/new">New tag<\/a>/);
      const form = await editor.get('/admin/tags/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="field-description">Description<\/label>/);
      assert.match(form.body, /Name in Русский|Name in русский/i);
      const made = await editor.post('/admin/tags/new', {
        name: 'Water security',
        slug: '',
        kind: 'topic',
        description: 'Rivers, *dams* and treaties.',
        'translations.ru.name': 'Водная безопасность',
      });
      assert.equal(made.statusCode, 303, made.body);
      const tag = await getTagBySlug(t.db.handle, 'water-security');
      assert.ok(tag);
      assert.equal(made.headers.location, `/admin/tags/${tag.id}?notice=created`);
      assert.equal(tag.description, 'Rivers, *dams* and treaties.');
      assert.equal(tag.descriptionHtml, '<p>Rivers, <em>dams</em> and treaties.</p>\n');
      assert.equal((await lastAudit()).action, 'tag.create');
      const page = await editor.get(`/admin/tags/${tag.id}?notice=created`);
      assert.match(page.body, /Tag created/);
      assert.match(page.body, /Водная безопасность/);
      const chosen = await editor.post('/admin/tags/new', { name: 'Ports', slug: 'sea-ports', kind: 'topic' });
      assert.equal(chosen.statusCode, 303);
      assert.ok(await getTagBySlug(t.db.handle, 'sea-ports'));
    });

    test('bad new tags come back with 422 and what was typed; a taken slug is a conflict on its field', async () => {
      const cases: Array<[Record<string, string>, number, RegExp]> = [
        [{ name: '', kind: 'topic' }, 422, /Name: must not be empty/],
        [{ name: 'Fine', slug: 'Not A Slug', kind: 'topic' }, 422, /Slug: must be lower-case letters/],
        [{ name: 'Fine', kind: 'planet' }, 422, /Kind: choose topic, region or country/],
        [{ name: 'Fine', kind: 'topic', description: 'x'.repeat(5001) }, 422, /Description: must be at most 5000 characters/],
        [{ name: 'Fine', kind: 'topic', description: 'bell\u0007' }, 422, /Description: must not contain control characters/],
        [{ name: 'Water security', kind: 'topic' }, 409, /water-security/],
      ];
      for (const [fields, status, message] of cases) {
        const res = await editor.post('/admin/tags/new', fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields).slice(0, 80));
        assert.match(res.body, message);
        if (fields.name) assert.match(res.body, new RegExp(`value="${fields.name}"`));
      }
      assert.equal(await getTagBySlug(t.db.handle, 'fine'), undefined);
      assert.equal((await author.get('/admin/tags/new')).statusCode, 403);
      assert.equal((await author.post('/admin/tags/new', { name: 'Mine', kind: 'topic' })).statusCode, 403);
      assert.equal((await editor.post('/admin/tags/new', { name: 'Forged', kind: 'topic' }, { csrf: false })).statusCode, 403);
      assert.equal(await getTagBySlug(t.db.handle, 'mine'), undefined);
    });

    test('the description shows under the tag page’s title and in its meta description, sanitised; each edition its own', async () => {
      await publish('Dams on the Mekong', ['Water security']);
      await publish('Плотины на Меконге', ['Water security'], 'ru');
      const tag = (await getTagBySlug(t.db.handle, 'water-security'))!;
      const hostile = `${hostileStrings[0]} ${hostileStrings[1]} [click](javascript:alert(1)) **Basins** & "quotes"`;
      const saved = await editor.post(`/admin/tags/${tag.id}`, {
        name: 'Water security',
        slug: 'water-security',
        kind: 'topic',
        description: hostile,
        'translations.ru.name': 'Водная безопасность',
        'translations.ru.description': 'Реки и *плотины*.',
      });
      assert.equal(saved.statusCode, 303, saved.body);
      const page = await t.app.inject({ url: '/tags/water-security' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Water security<\/h1><div class="tag-description"><p>/);
      assert.match(page.body, /<strong>Basins<\/strong>/);
      const shown = /<div class="tag-description">(.*?)<\/div>/s.exec(page.body)?.[1] ?? '';
      assert.match(shown, /&lt;script&gt;alert/);
      assert.doesNotMatch(shown, /<script|<img|href="javascript/);
      const meta = /<meta name="description" content="([^"]*)"/.exec(page.body)?.[1];
      assert.ok(meta?.includes('Basins &amp; “quotes”'), meta);
      assert.doesNotMatch(meta ?? '', /</);
      const ru = await t.app.inject({ url: '/ru/tags/water-security' });
      assert.equal(ru.statusCode, 200);
      assert.match(ru.body, /<h1>Водная безопасность<\/h1><div class="tag-description"><p>Реки и <em>плотины<\/em>.<\/p>/);
      assert.match(ru.body, /<meta name="description" content="Реки и плотины."/);
      const json = await api('PATCH', '/api/v1/tags/water-security', { description: 'Plain words.' });
      assert.equal(json.statusCode, 200, json.body);
      assert.deepEqual((json.json() as { description: string; translations: unknown }).translations, { ru: { name: 'Водная безопасность', description: 'Реки и *плотины*.' } });
      assert.match((await t.app.inject({ url: '/tags/water-security' })).body, /<div class="tag-description"><p>Plain words.<\/p>/);
    });

    test('a new slug moves the tag’s pages: old addresses (both editions, feeds) answer 301 to the new ones', async () => {
      const tag = (await getTagBySlug(t.db.handle, 'water-security'))!;
      const res = await editor.post(`/admin/tags/${tag.id}`, { name: 'Water and security', slug: 'water', kind: 'topic', description: 'Plain words.' });
      assert.equal(res.statusCode, 303, res.body);
      assert.equal((await getTagById(t.db.handle, tag.id))?.slug, 'water');
      const expectations: Array<[string, string]> = [
        ['/tags/water-security', '/tags/water'],
        ['/tags/water-security/feed.xml', '/tags/water/feed.xml'],
        ['/tags/water-security/atom.xml', '/tags/water/atom.xml'],
        ['/ru/tags/water-security', '/ru/tags/water'],
      ];
      for (const [from, to] of expectations) {
        const moved = await t.app.inject({ url: from });
        assert.equal(moved.statusCode, 301, from);
        assert.equal(moved.headers.location, to, from);
      }
      assert.equal((await t.app.inject({ url: '/tags/water' })).statusCode, 200);
      const entry = await lastAudit();
      assert.equal(entry.action, 'tag.update');
      assert.match(entry.detail, /Renamed from “Water security”; Slug water-security → water/);
      const taken = await editor.post(`/admin/tags/${tag.id}`, { name: 'Water', slug: 'sea-ports', kind: 'topic' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /sea-ports/);
      assert.equal((await getTagById(t.db.handle, tag.id))?.slug, 'water');
      // Back again: the redirect from the address a page answers again goes, and no loop is left.
      assert.equal((await api('PATCH', '/api/v1/tags/water', { slug: 'water-security' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/tags/water-security' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/tags/water' })).headers.location, '/tags/water-security');
    });

    test('a country’s tag keeps its slug, which ties it to its place', async () => {
      await publish('Steppe grain', ['Kazakhstan']);
      const country = (await getTagBySlug(t.db.handle, 'kazakhstan'))!;
      assert.equal(country.kind, 'country');
      const res = await api('PATCH', '/api/v1/tags/kazakhstan', { slug: 'kaz' });
      assert.equal(res.statusCode, 422);
      assert.equal((res.json() as { error: { field: string } }).error.field, 'slug');
      assert.doesNotMatch((await editor.get(`/admin/tags/${country.id}`)).body, /name="slug"/);
    });

    test('merging moves the articles once each, leaves redirects from every address of the merged tag, and is audited', async () => {
      const [energy, power] = [
        (await api('POST', '/api/v1/tags', { name: 'Energy' })).json() as { id: number; slug: string },
        (await api('POST', '/api/v1/tags', { name: 'Power' })).json() as { id: number; slug: string },
      ];
      const onlyPower = await publish('Grid reform', ['Power']);
      const both = await publish('Nuclear choices', ['Power', 'Energy', 'Water security']);
      const onlyEnergy = await publish('Oil and gas', ['Energy']);
      const edit = await editor.get(`/admin/tags/${power.id}`);
      assert.match(edit.body, /<h2 id="merge-heading">Merge into another tag<\/h2>/);
      assert.match(edit.body, new RegExp(`<option value="${energy.slug}">Energy \\(energy\\)</option>`));
      const unconfirmed = await editor.post(`/admin/tags/${power.id}/merge`, { into: energy.slug });
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /Tick the box to confirm the merge/);
      const merged = await editor.post(`/admin/tags/${power.id}/merge`, { into: energy.slug, confirm: '1' });
      assert.equal(merged.statusCode, 303, merged.body);
      assert.equal(merged.headers.location, `/admin/tags/${energy.id}?notice=merged`);
      assert.equal(await getTagById(t.db.handle, power.id), undefined);
      assert.deepEqual(await tagIdsOf(onlyPower), [energy.id]);
      assert.ok((await tagIdsOf(both)).includes(energy.id));
      assert.equal((await tagIdsOf(both)).filter((id) => id === energy.id).length, 1);
      assert.ok(!(await tagIdsOf(both)).includes(power.id));
      assert.deepEqual(await tagIdsOf(onlyEnergy), [energy.id]);
      for (const [from, to] of [
        ['/tags/power', '/tags/energy'],
        ['/tags/power/feed.json', '/tags/energy/feed.json'],
        ['/ru/tags/power', '/ru/tags/energy'],
        ['/ru/tags/power/feed.xml', '/ru/tags/energy/feed.xml'],
      ]) {
        const res = await t.app.inject({ url: from });
        assert.equal(res.statusCode, 301, from);
        assert.equal(res.headers.location, to, from);
      }
      const page = await t.app.inject({ url: '/tags/energy' });
      for (const title of ['Grid reform', 'Nuclear choices', 'Oil and gas']) assert.match(page.body, new RegExp(title));
      // Search finds the moved articles under the target's name, and the merged tag is in no document.
      const indexed = await t.db.handle.db.selectFrom('searchDocumentTags').select(['articleId', 'tagId', 'name']).where('articleId', 'in', [onlyPower, both]).execute();
      assert.ok(indexed.some((r) => r.articleId === onlyPower && r.tagId === energy.id && r.name === 'Energy'));
      assert.ok(!indexed.some((r) => r.tagId === power.id));
      const entry = await lastAudit();
      assert.equal(entry.action, 'tag.merge');
      assert.equal(entry.subjectLabel, 'Energy');
      assert.match(entry.detail, /Merged “Power” \(power\) into it/);
      assert.match((await editor.get(`/admin/tags/${energy.id}?notice=merged`)).body, /Tags merged/);
    });

    test('merging refuses the tag itself, unknown tags and people who may not merge; nothing changes', async () => {
      const a = (await api('POST', '/api/v1/tags', { name: 'Climate' })).json() as { id: number; slug: string };
      const b = (await api('POST', '/api/v1/tags', { name: 'Climate policy' })).json() as { id: number; slug: string };
      const carried = await publish('Carbon prices', ['Climate policy']);
      // Every other tag is offered as a target, its name escaped.
      assert.equal((await api('POST', '/api/v1/tags', { name: `Hostile ${hostileStrings[1]}` })).statusCode, 201);
      const offered = await editor.get(`/admin/tags/${b.id}`);
      assert.match(offered.body, /<option value="[^"]+">Hostile &quot;>&lt;img src=x onerror=alert\(1\)>|<option value="[^"]+">Hostile "&gt;&lt;img/);
      assert.doesNotMatch(offered.body, /<img src=x/);
      const self = await editor.post(`/admin/tags/${b.id}/merge`, { into: b.slug, confirm: '1' });
      assert.equal(self.statusCode, 422);
      assert.match(self.body, /this tag itself/);
      assert.equal((await editor.post(`/admin/tags/${b.id}/merge`, { into: '999999', confirm: '1' })).statusCode, 422);
      assert.equal((await editor.post(`/admin/tags/${b.id}/merge`, { into: '', confirm: '1' })).statusCode, 422);
      assert.equal((await editor.post(`/admin/tags/${b.id}/merge`, { into: hostileStrings[0]!, confirm: '1' })).statusCode, 422);
      assert.equal((await editor.post('/admin/tags/999999/merge', { into: a.slug, confirm: '1' })).statusCode, 404);
      assert.equal((await author.post(`/admin/tags/${b.id}/merge`, { into: a.slug, confirm: '1' })).statusCode, 403);
      assert.equal((await editor.post(`/admin/tags/${b.id}/merge`, { into: a.slug, confirm: '1' }, { csrf: false })).statusCode, 403);
      // The API: a slug names the target; the same refusals as JSON errors.
      const cases: Array<[string, unknown, string, number]> = [
        ['climate-policy', { into: 'climate-policy' }, t.tokens.editor, 422],
        ['climate-policy', { into: 'no-such-tag' }, t.tokens.editor, 422],
        ['climate-policy', { into: 42.5 }, t.tokens.editor, 422],
        // A string of digits is a slug (a year's tag), never an id: no tag has the slug 2024 here.
        ['climate-policy', { into: String(a.id) }, t.tokens.editor, 422],
        ['climate-policy', { into: 'climate', extra: 1 }, t.tokens.editor, 422],
        ['climate-policy', ['climate'], t.tokens.editor, 422],
        ['no-such-tag', { into: 'climate' }, t.tokens.editor, 404],
        ['climate-policy', { into: 'climate' }, t.tokens.author, 403],
      ];
      for (const [slug, body, token, status] of cases) {
        const res = await api('POST', `/api/v1/tags/${slug}/merge`, body, token);
        assert.equal(res.statusCode, status, `${slug} ${JSON.stringify(body)}: ${res.body}`);
        assert.ok((res.json() as { error: { code: string } }).error.code);
      }
      assert.ok(await getTagById(t.db.handle, b.id));
      assert.deepEqual(await tagIdsOf(carried), [b.id]);
      const done = await api('POST', '/api/v1/tags/climate-policy/merge', { into: 'climate' });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((done.json() as { slug: string }).slug, 'climate');
      assert.deepEqual(await tagIdsOf(carried), [a.id]);
      assert.equal((await t.app.inject({ url: '/tags/climate-policy' })).headers.location, '/tags/climate');
    });

    test('descriptions travel in the export and come back on import, in both languages', async () => {
      const folder = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'rostrum-tags-'));
      const other = await startTestApp(kind);
      try {
        assert.equal((await api('PATCH', '/api/v1/tags/water-security', { description: 'Rivers **and** dams.', translations: { ru: { description: 'Реки.' } } })).statusCode, 200);
        const file = nodePath.join(folder, 'site.json');
        const exported = await runCliInProcess(['export', '--out', file], t.db.cliEnv);
        assert.equal(exported.code, 0, exported.stderr);
        const tags = (JSON.parse(fs.readFileSync(file, 'utf8')) as { tags: Array<{ slug: string; description?: string; translations: Record<string, { name?: string; description?: string }> }> }).tags;
        const water = tags.find((tag) => tag.slug === 'water-security')!;
        assert.equal(water.description, 'Rivers **and** dams.');
        assert.deepEqual(water.translations.ru, { name: 'Водная безопасность', description: 'Реки.' });
        assert.equal(tags.find((tag) => tag.slug === 'sea-ports')!.description, undefined);
        assert.equal((await other.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(other.tokens.admin), payload: { languages: ['en', 'ru'] } })).statusCode, 200);
        const imported = await runCliInProcess(['import', 'rostrum', file], other.db.cliEnv);
        assert.equal(imported.code, 0, imported.stderr);
        const there = (await getTagBySlug(other.db.handle, 'water-security'))!;
        assert.equal(there.description, 'Rivers **and** dams.');
        assert.equal(there.descriptionHtml, '<p>Rivers <strong>and</strong> dams.</p>\n');
        assert.deepEqual(await getTagDescriptions(other.db.handle, there.id), { ru: { description: 'Реки.', descriptionHtml: '<p>Реки.</p>\n' } });
      } finally {
        await other.close();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    test('a merged tag’s cached page is dropped: readers get the redirect at once', async () => {
      const keep = (await api('POST', '/api/v1/tags', { name: 'Trade' })).json() as { id: number };
      const go = (await api('POST', '/api/v1/tags', { name: 'Commerce' })).json() as { id: number; slug: string };
      await publish('Tariff wars', ['Commerce']);
      assert.equal((await t.app.inject({ url: '/tags/commerce' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/tags/commerce' })).statusCode, 200);
      assert.equal((await api('POST', `/api/v1/tags/${go.slug}/merge`, { into: keep.id })).statusCode, 200);
      const after = await t.app.inject({ url: '/tags/commerce' });
      assert.equal(after.statusCode, 301);
      assert.equal(after.headers.location, '/tags/trade');
    });
  });
}
