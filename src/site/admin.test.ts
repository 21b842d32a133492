import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getSiteSettings } from './store.ts';
import { chosenColour } from './admin.tsx';

test('the colour a person changed wins: the hex text, else the picker', () => {
  assert.equal(chosenColour('#8a1c2b', '#1d4e89', '#8a1c2b'), '#1d4e89');
  assert.equal(chosenColour('#8a1c2b', '#8A1C2B', '#336699'), '#336699');
  assert.equal(chosenColour('#8a1c2b', '#8a1c2b', '#8a1c2b'), '#8a1c2b');
  assert.equal(chosenColour('#8a1c2b', '', '#336699'), '#336699');
  assert.equal(chosenColour('#8a1c2b', 'red;}', '#336699'), 'red;}', 'a typed value is checked, not quietly replaced');
});

for (const kind of await databaseKinds()) {
  describe(`site settings in the editorial office on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let editor: OfficeSession;
    let author: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    const form = (fields: Record<string, string | string[]> = {}) => ({
      name: 'Meridian Council',
      tagline: 'Analysis',
      description: 'What we do.',
      brand_color: '#8a1c2b',
      brand_color_picker: '#8a1c2b',
      ...fields,
    });

    test('an administrator changes the name and colour; every page follows at once', async () => {
      const page = await admin.get('/admin/settings');
      assert.equal(page.statusCode, 200);
      for (const label of ['Site name', 'Tagline', 'Description', 'Or type its hex code', 'Pick a colour']) assert.match(page.body, new RegExp(`>${label}</label>`));
      assert.match(page.body, /type="color"[^>]*value="#8a1c2b"/);
      const home = await t.app.inject({ url: '/' });
      assert.match(home.body, /<title>Rostrum/, 'the home page is cached with the old name');
      const saved = await admin.post('/admin/settings', form({ name: `Meridian ${hostileStrings[0]}`, tagline: hostileStrings[1]!, brand_color: '#1D4E89' }));
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, '/admin/settings?notice=saved');
      const settings = await getSiteSettings(t.db.handle);
      assert.equal(settings.name, `Meridian ${hostileStrings[0]}`);
      assert.equal(settings.tagline, hostileStrings[1]);
      assert.equal(settings.brandColor, '#1d4e89');
      const after = await t.app.inject({ url: '/' });
      assert.match(after.body, /<title>Meridian &lt;script>/);
      const stylesheet = /<link rel="stylesheet" href="(\/assets\/screen\.[0-9a-f]{12}\.css)"/.exec(after.body)?.[1];
      assert.ok(stylesheet && !home.body.includes(stylesheet), 'the page links the stylesheet of the new colour');
      assert.ok((await t.app.inject({ url: stylesheet })).body.endsWith(':root{--brand:#1d4e89}'));
      assert.doesNotMatch(after.body, /<script>alert|<img src=x/);
      const office = await admin.get('/admin/settings?notice=saved');
      assert.match(office.body, /Settings saved/);
      assert.doesNotMatch(office.body, /<script>alert|<img src=x/);
      const entry = (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;
      assert.equal(entry.action, 'settings.update');
      assert.match(entry.detail, /site name, tagline, description, brand colour/);
      const picked = await admin.post('/admin/settings', form({ name: settings.name, tagline: settings.tagline, brand_color: '#1d4e89', brand_color_picker: '#336699' }));
      assert.equal(picked.statusCode, 303);
      assert.equal((await getSiteSettings(t.db.handle)).brandColor, '#336699');
    });

    test('bad input comes back with 422 and the message; nothing is written', async () => {
      const before = await getSiteSettings(t.db.handle);
      const cases: Array<[Record<string, string | string[]>, RegExp]> = [
        [form({ brand_color: 'red;}body{display:none' }), /Brand colour: must be a colour such as #8a1c2b/],
        [form({ brand_color: '#12345' }), /must be a colour such as/],
        [form({ name: '  ' }), /Site name: must not be empty/],
        [form({ name: 'n'.repeat(121) }), /must be at most 120 characters/],
        [form({ tagline: 't'.repeat(201) }), /must be at most 200 characters/],
        [form({ description: 'd'.repeat(1001) }), /must be at most 1000 characters/],
        [form({ description: 'nul\u0000' }), /must not contain control characters/],
        [form({ tagline: ['a', 'b'] }), /Tagline: Expected string, received array/],
      ];
      for (const [fields, message] of cases) {
        const res = await admin.post('/admin/settings', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields).slice(0, 120));
        assert.match(res.body, message);
        assert.match(res.body, /There is a problem/);
      }
      const typed = await admin.post('/admin/settings', form({ name: 'Typed name', brand_color: 'teal' }));
      assert.match(typed.body, /value="Typed name"/);
      assert.match(typed.body, /value="teal"/);
      assert.deepEqual(await getSiteSettings(t.db.handle), before);
    });

    test('an administrator adds a Russian edition with its own name; a bad language list is refused with a message', async () => {
      const refused = await admin.post('/admin/settings', form({ languages: 'en, xx' }));
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /Languages: must be one of the languages Rostrum speaks: en, ru/);
      assert.match(refused.body, /value="en, xx"/, 'what was typed comes back');
      const twice = await admin.post('/admin/settings', form({ languages: 'ru, ru' }));
      assert.match(twice.body, /must name each language once/);
      const saved = await admin.post('/admin/settings', form({ languages: 'en, ru' }));
      assert.equal(saved.statusCode, 303, saved.body);
      const page = await admin.get('/admin/settings');
      assert.match(page.body, /<legend lang="en">In Русский<\/legend>/);
      assert.match(page.body, /name="translations\.ru\.name"/);
      const named = await admin.post(
        '/admin/settings',
        form({ languages: 'en, ru', 'translations.ru.name': `Совет ${hostileStrings[0]}`, 'translations.ru.tagline': 'Аналитика', 'translations.ru.description': '' }),
      );
      assert.equal(named.statusCode, 303, named.body);
      const settings = await getSiteSettings(t.db.handle);
      assert.deepEqual(settings.languages, ['en', 'ru']);
      assert.equal(settings.translations.ru?.name, `Совет ${hostileStrings[0]}`);
      const russian = await t.app.inject({ url: '/ru' });
      assert.match(russian.body, /<title>Совет &lt;script>/);
      assert.match(russian.body, /<p class="site-tagline">Аналитика<\/p>/);
      assert.match(russian.body, /What we do\./, 'an empty text falls back to the default language');
      assert.match((await listAuditEvents(t.db.handle, { limit: 1 }))[0]!.detail, /name \(ru\), tagline \(ru\)/);
      const tooLong = await admin.post('/admin/settings', form({ languages: 'en, ru', 'translations.ru.name': 'н'.repeat(121) }));
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /Site name \(Русский\): must be at most 120 characters/);
      assert.equal((await admin.post('/admin/settings', form({ languages: 'en' }))).statusCode, 303);
      assert.equal((await t.app.inject({ url: '/ru' })).headers.location, '/', 'an edition taken away sends its readers to the default one');
    });

    test('editors and authors are refused; a form without the CSRF token is refused', async () => {
      for (const session of [editor, author]) {
        assert.equal((await session.get('/admin/settings')).statusCode, 403);
        assert.equal((await session.post('/admin/settings', form({ name: 'Taken over' }))).statusCode, 403);
      }
      assert.equal((await admin.post('/admin/settings', form({ name: 'Forged' }), { csrf: false })).statusCode, 403);
      assert.notEqual((await getSiteSettings(t.db.handle)).name, 'Taken over');
      assert.notEqual((await getSiteSettings(t.db.handle)).name, 'Forged');
      assert.doesNotMatch((await editor.get('/admin')).body, /href="\/admin\/settings"/);
    });
  });
}
