import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp, type UploadFile } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getSiteAppearance, isMenuHref } from './appearance.ts';

const path = '/admin/settings/appearance';

/** A logo as designers send one: a wide PNG with a transparent background. */
const transparentPng = () =>
  sharp({ create: { width: 600, height: 150, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: Buffer.from('<svg width="600" height="150"><rect x="10" y="10" width="580" height="130" fill="#8a1c2b"/></svg>'), top: 0, left: 0 }])
    .png()
    .toBuffer();

/** The masthead's section links, as [label, href] in order. */
const mastheadLinks = (html: string) => [...(/<nav class="site-nav"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? '').matchAll(/<a href="([^"]*)"[^>]*>(.*?)<\/a>/g)].map((m) => [m[2]!, m[1]!]);

test('a menu address is a path on the site or an http(s) address, nothing else', () => {
  for (const good of ['/about', '/tags/energy?x=1', 'https://example.org/', 'http://example.org/a#b']) assert.ok(isMenuHref(good), good);
  for (const bad of [
    "javascript:alert('x')",
    'JAVASCRIPT:alert(1)',
    'data:text/html,x',
    '//evil.example',
    'vbscript:x',
    'about',
    '/a b',
    '/"><script>',
    'https://user:pw@example.org',
    'ftp://example.org',
    '',
    `/${'a'.repeat(600)}`,
  ])
    assert.ok(!isMenuHref(bad), bad);
});

for (const kind of await databaseKinds()) {
  describe(`logo, favicon, menu and footer on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let editor: OfficeSession;

    /** An upload form as a browser sends it: multipart, the CSRF token in the address. */
    const upload = (session: OfficeSession, which: 'logo' | 'favicon', file?: UploadFile) => {
      const body = multipartBody(file, {}, { fileField: `${which}_file`, emptyFilePart: true });
      return t.app.inject({ method: 'POST', url: `${path}/${which}?_csrf=${encodeURIComponent(session.csrf)}`, headers: { cookie: session.cookie, ...body.headers }, payload: body.payload });
    };
    const lastAudit = async () => (await listAuditEvents(t.db.handle, { limit: 1 }))[0]!;

    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { languages: ['en', 'ru'] } })).statusCode, 200);
    });
    after(() => t.close());

    test('the screen shows the built-in menu as rows; the settings page leads to it; editors are refused', async () => {
      const page = await admin.get(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Logo, menu and footer<\/h1>/);
      assert.match(page.body, /name="menu.0.label"[^>]*value="Expert blogs"|value="Expert blogs"[^>]*name="menu.0.label"/);
      assert.match(page.body, /This is the built-in menu/);
      assert.match(page.body, /Label in Русский/);
      assert.match((await admin.get('/admin/settings')).body, /href="\/admin\/settings\/appearance"/);
      assert.equal((await editor.get(path)).statusCode, 403);
      assert.equal((await editor.post(path, { 'menu.0.label': 'Mine', 'menu.0.href': '/mine' })).statusCode, 403);
      assert.equal((await upload(editor, 'logo', { name: 'l.jpg', type: 'image/jpeg', bytes: await sampleJpeg(200, 60) })).statusCode, 403);
      assert.equal((await editor.post(`${path}/logo/remove`)).statusCode, 403);
      assert.equal((await admin.post(path, { 'menu.0.label': 'Forged', 'menu.0.href': '/forged' }, { csrf: false })).statusCode, 403);
      assert.equal((await getSiteAppearance(t.db.handle)).menu, undefined);
    });

    test('a menu of the site’s own: its order kept, links prefixed in the other edition, built-in labels in its language; the cache is dropped', async () => {
      const before = await t.app.inject({ url: '/' });
      assert.deepEqual(mastheadLinks(before.body).slice(0, 2), [
        ['Expert blogs', '/blogs'],
        ['Reader polls', '/polls'],
      ]);
      // Twice, so the page is in the cache when the menu changes.
      await t.app.inject({ url: '/' });
      const saved = await admin.post(path, {
        'menu.0.label': 'Expert blogs',
        'menu.0.href': '/blogs',
        'menu.0.order': '2',
        'menu.1.label': 'Reader polls',
        'menu.1.href': '/polls',
        'menu.1.remove': '1',
        'menu.2.label': 'About us',
        'menu.2.href': '/about',
        'menu.2.order': '1',
        'menu.2.labels.ru': 'О нас',
        'menu.3.label': 'Annual report',
        'menu.3.href': 'https://example.org/report.pdf',
        'menu.3.order': '',
        'menu.4.label': '',
        'menu.4.href': '',
        footer_text: `Registered charity 1234. ${hostileStrings[0]}`,
        'translations.ru.footer_text': 'Зарегистрированная организация.',
        'footer.0.label': 'Contact',
        'footer.0.href': '/contact',
      });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, `${path}?notice=saved`);
      const home = await t.app.inject({ url: '/' });
      assert.deepEqual(mastheadLinks(home.body), [
        ['About us', '/about'],
        ['Expert blogs', '/blogs'],
        ['Annual report', 'https://example.org/report.pdf'],
      ]);
      assert.match(home.body, /<p class="footer-text">Registered charity 1234. &lt;script>alert/);
      assert.doesNotMatch(home.body, /<script>alert/);
      assert.match(home.body, /<nav aria-label="[^"]*" class="footer-pages"><ul><li><a href="\/contact">Contact<\/a>/);
      const ru = await t.app.inject({ url: '/ru' });
      assert.deepEqual(mastheadLinks(ru.body), [
        ['О нас', '/ru/about'],
        ['Блоги экспертов', '/ru/blogs'],
        ['Annual report', 'https://example.org/report.pdf'],
      ]);
      assert.match(ru.body, /<p class="footer-text">Зарегистрированная организация.<\/p>/);
      const entry = await lastAudit();
      assert.equal(entry.action, 'settings.update');
      assert.match(entry.detail, /masthead menu \(3 links\), footer links \(1\), footer text, footer text \(ru\)/);
      // The form shows what was saved, in its order, with spare rows.
      const form = await admin.get(`${path}?notice=saved`);
      assert.match(form.body, /Menu and footer saved/);
      assert.match(form.body, /This menu is the site’s own/);
      assert.match(form.body, /Put the built-in menu back/);
    });

    test('hostile labels and addresses are refused beside their rows; nothing is half-saved', async () => {
      const savedBefore = await getSiteAppearance(t.db.handle);
      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ 'menu.0.label': hostileStrings[0]!, 'menu.0.href': '/x' }, 'menu.0.label', /must not contain &lt; or >/],
        [{ 'menu.0.label': 'Fine', 'menu.0.href': '/x', 'menu.5.label': 'Bad', 'menu.5.href': "javascript:alert('x')" }, 'menu.1.href', /must be an address on this site/],
        [{ 'menu.0.label': 'Fine', 'menu.0.href': 'data:text/html,<b>x</b>' }, 'menu.0.href', /must be an address on this site/],
        [{ 'menu.0.label': 'Fine', 'menu.0.href': '//evil.example/' }, 'menu.0.href', /must be an address on this site/],
        [{ 'menu.0.label': '', 'menu.0.href': '/nameless' }, 'menu.0.label', /must not be empty/],
        [{ 'menu.0.label': 'Fine', 'menu.0.href': '/x', 'menu.0.order': 'first' }, 'menu.0.order', /must be a whole number/],
        [{ 'menu.0.label': 'Fine', 'menu.0.href': '/x', 'menu.0.labels.ru': '<b>' }, 'menu.0.labels.ru', /must not contain/],
        [{ 'footer.2.label': 'Bell\u0007', 'footer.2.href': '/x' }, 'footer.0.label', /control characters/],
        [{ footer_text: 'x'.repeat(501) }, 'footer_text', /at most 500 characters/],
      ];
      for (const [fields, field, message] of cases) {
        const res = await admin.post(path, fields);
        assert.equal(res.statusCode, 422, `${JSON.stringify(fields)}: ${res.statusCode}`);
        assert.match(res.body, new RegExp(`id="field-${field.replace(/\./g, '\\.')}-error">[^<]*`), field);
        assert.match(res.body, message, field);
      }
      const many = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [[`menu.${i}.label`, `Link ${i}`] as const, [`menu.${i}.href`, `/l${i}`] as const]).flat());
      assert.equal((await admin.post(path, many)).statusCode, 422);
      assert.deepEqual(await getSiteAppearance(t.db.handle), savedBefore);
    });

    test('a logo and a favicon are uploaded through media and shown on every page; /favicon.ico leads to the favicon', async () => {
      const noFile = await upload(admin, 'logo');
      assert.equal(noFile.statusCode, 422);
      assert.match(noFile.body, /Choose an image file for the logo/);
      const notImage = await upload(admin, 'logo', { name: 'logo.png', type: 'image/png', bytes: Buffer.from('<svg onload=alert(1)>not an image</svg>') });
      assert.ok(notImage.statusCode >= 400 && notImage.statusCode < 500, String(notImage.statusCode));
      assert.match(notImage.body, /class="field-error" id="field-logo_file-error"/);
      assert.equal((await getSiteAppearance(t.db.handle)).logo, undefined);

      const logo = await upload(admin, 'logo', { name: 'logo.png', type: 'image/png', bytes: await transparentPng() });
      assert.equal(logo.statusCode, 303, logo.body);
      assert.equal(logo.headers.location, `${path}?notice=logo`);
      const stored = (await getSiteAppearance(t.db.handle)).logo!;
      assert.equal(stored.type, 'image/webp');
      assert.match(stored.src, /^\/media\/[0-9a-f]+\/\d+\.webp$/);
      const home = await t.app.inject({ url: '/' });
      const img = /<a class="site-name has-logo" href="\/"><img class="site-logo" ([^>]*)\/><span>Rostrum<\/span><\/a>/.exec(home.body)?.[1];
      assert.ok(img, 'the masthead shows the logo beside the name');
      assert.match(img, / alt(="")?$/);
      assert.match(img, /srcset="\/media\/[0-9a-f]+\/\d+\.webp \d+w/);
      assert.match(img, /width="\d+" height="\d+"/);
      const variant = await t.app.inject({ url: stored.src });
      assert.equal(variant.statusCode, 200);
      assert.equal(variant.headers['content-type'], 'image/webp');
      // The logo alone: the name becomes its text alternative.
      assert.equal((await admin.post(path, { logo_only: '1', 'footer.0.label': 'Contact', 'footer.0.href': '/contact' })).statusCode, 303);
      const alone = await t.app.inject({ url: '/ru' });
      assert.match(alone.body, /<a class="site-name has-logo" href="\/ru"><img class="site-logo" [^>]*alt="Rostrum"[^>]*\/><\/a>/);

      const favicon = await upload(admin, 'favicon', { name: 'icon.jpg', type: 'image/jpeg', bytes: await sampleJpeg(64, 64) });
      assert.equal(favicon.statusCode, 303, favicon.body);
      const icon = (await getSiteAppearance(t.db.handle)).favicon!;
      assert.match((await t.app.inject({ url: '/polls' })).body, new RegExp(`<link rel="icon" type="image/webp" href="${icon.src}"/>`));
      const ico = await t.app.inject({ url: '/favicon.ico' });
      assert.equal(ico.statusCode, 302);
      assert.equal(ico.headers.location, icon.src);
      assert.match((await admin.get(path)).body, /<img class="appearance-preview favicon" src="\/media\//);

      const removed = await admin.post(`${path}/favicon/remove`);
      assert.equal(removed.headers.location, `${path}?notice=favicon-removed`);
      assert.equal((await t.app.inject({ url: '/favicon.ico' })).statusCode, 301);
      assert.match((await t.app.inject({ url: '/' })).body, /<link rel="icon" type="image\/svg\+xml"/);
      assert.equal((await lastAudit()).detail, 'Removed: favicon');
    });

    test('the built-in menu comes back, in each edition’s words', async () => {
      const back = await admin.post(path, { menu_builtin: '1', 'menu.0.label': 'About us', 'menu.0.href': '/about' });
      assert.equal(back.statusCode, 303, back.body);
      assert.equal((await getSiteAppearance(t.db.handle)).menu, undefined);
      assert.deepEqual(mastheadLinks((await t.app.inject({ url: '/ru' })).body)[0], ['Блоги экспертов', '/ru/blogs']);
      // The built-in rows saved as they are stay the built-in menu.
      const same = await admin.post(
        path,
        Object.fromEntries(
          [
            ['Expert blogs', '/blogs'],
            ['Reader polls', '/polls'],
            ['Regions', '/regions'],
            ['For business', '/for-business'],
            ['For researchers', '/for-researchers'],
            ['For students', '/for-students'],
          ].flatMap(([label, href], i) => [
            [`menu.${i}.label`, label!],
            [`menu.${i}.href`, href!],
          ]),
        ),
      );
      assert.equal(same.statusCode, 303);
      assert.equal((await getSiteAppearance(t.db.handle)).menu, undefined);
    });
  });
}
