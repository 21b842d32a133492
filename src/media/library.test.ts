import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createUser } from '../users/store.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { libraryPageSize } from './library.ts';
import { storePreparedImage } from './store.ts';

interface LibraryJson {
  items: Array<{ id: number; src: string; thumb: string; width: number; height: number; alt: string; credit: string; credit_url: string; markdown: string }>;
  page: number;
  pages: number;
  total: number;
}

for (const kind of await databaseKinds()) {
  describe(`the media library on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    let author: OfficeSession;
    let blogless: OfficeSession;

    /** A stored image without decoding one: the library lists rows, and variants are not what it tests. */
    async function stored(n: number, alt: string, credit = '') {
      const hash = createHash('sha256').update(`library image ${n}`).digest('hex');
      const processed = { hash, mime: 'image/jpeg', width: 1600, height: 900, widths: [480, 800, 1200, 1600], variants: [], original: Buffer.from(`bytes ${n}`) };
      return storePreparedImage(t.db.handle, { processed }, { alt, credit, creditUrl: '' });
    }

    before(async () => {
      t = await startTestApp(kind);
      await createUser(t.db.handle, { email: 'blogless@rostrum.test', role: 'author', expertId: null });
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      blogless = await officeSessionFor(t.app, t.db.handle, 'blogless@rostrum.test');
      for (let n = 1; n <= libraryPageSize + 6; n++) await stored(n, `Chart ${n} of grain exports`, n % 2 ? 'Customs Office' : 'Port 100%_Authority');
      await stored(1000, 'Портрет министра', 'ТАСС');
    });
    after(() => t.close());

    test('editors and authors with a blog browse it; an author without a blog and strangers may not', async () => {
      assert.equal((await editor.get('/admin/media.json')).statusCode, 200);
      assert.equal((await author.get('/admin/media.json')).statusCode, 200);
      assert.equal((await author.get('/admin/media')).statusCode, 200);
      const refused = await blogless.get('/admin/media.json');
      assert.equal(refused.statusCode, 403);
      assert.equal((await blogless.get('/admin/media')).statusCode, 403);
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/media.json' });
      assert.ok([302, 303, 401].includes(anonymous.statusCode), String(anonymous.statusCode));
      assert.doesNotMatch(anonymous.body, /grain exports/);
    });

    test('newest first, a page at a time; a page past the last or malformed is a 4xx', async () => {
      const first = (await editor.get('/admin/media.json')).json() as LibraryJson;
      assert.equal(first.total, libraryPageSize + 7);
      assert.equal(first.pages, 2);
      assert.equal(first.items.length, libraryPageSize);
      assert.equal(first.items[0]!.alt, 'Портрет министра');
      const ids = first.items.map((i) => i.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => b - a),
      );
      const second = (await editor.get('/admin/media.json?page=2')).json() as LibraryJson;
      assert.equal(second.items.length, 7);
      assert.ok(second.items.every((i) => !ids.includes(i.id)));
      const item = first.items[1]!;
      assert.match(item.src, /^\/media\/[0-9a-f]{64}\/1600\.jpg$/);
      assert.match(item.thumb, /^\/media\/[0-9a-f]{64}\/480\.jpg$/);
      assert.equal(item.markdown, `![${item.alt}](${item.src})`);
      assert.equal((await editor.get('/admin/media.json?page=3')).statusCode, 404);
      assert.equal((await editor.get('/admin/media?page=3')).statusCode, 404);
      for (const bad of ['page=0', 'page=-1', 'page=abc', 'page=1.5', `q=${'x'.repeat(201)}`]) assert.equal((await editor.get(`/admin/media.json?${bad}`)).statusCode, 422, bad);
    });

    test('search looks in alt texts and credits, in any case, with % and _ as letters', async () => {
      const search = async (q: string) => (await editor.get(`/admin/media.json?q=${encodeURIComponent(q)}`)).json() as LibraryJson;
      assert.equal((await search('CHART 7 ')).total, 1);
      assert.equal((await search('customs office')).total, Math.ceil((libraryPageSize + 6) / 2));
      assert.equal((await search('100%_auth')).total, Math.floor((libraryPageSize + 6) / 2));
      assert.equal((await search('%')).total, Math.floor((libraryPageSize + 6) / 2));
      assert.equal((await search('_')).total, Math.floor((libraryPageSize + 6) / 2));
      assert.equal((await search('тасс')).total, kind === 'postgres' ? 1 : (await search('ТАСС')).total);
      const none = await search('no such words');
      assert.deepEqual([none.total, none.pages, none.items.length], [0, 1, 0]);
      assert.equal((await editor.get('/admin/media.json?q=no+such+words&page=2')).statusCode, 404);
    });

    test('the page lists thumbnails with their Markdown and escapes what it shows', async () => {
      for (const [i, hostile] of hostileStrings.entries()) await stored(2000 + i, hostile, hostile);
      const page = await editor.get(`/admin/media?q=${encodeURIComponent('<')}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert|<svg onload|<img src=x/);
      assert.match(page.body, /<img src="\/media\/[0-9a-f]{64}\/480\.jpg"/);
      assert.match(page.body, /Markdown for the body/);
      const paged = await editor.get('/admin/media?q=chart');
      assert.match(paged.body, /href="\/admin\/media\?q=chart&amp;page=2" rel="next"/);
    });

    test('an image uploaded on the page (no JavaScript) is stored and shown first with its Markdown', async () => {
      const body = multipartBody({ name: 'map.jpg', type: 'image/jpeg', bytes: await sampleJpeg(700, 350) }, { alt: 'A new map', credit: 'Survey', credit_url: '' });
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/media?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...body.headers },
        payload: body.payload,
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const location = String(res.headers.location);
      assert.match(location, /^\/admin\/media\?shown=\d+$/);
      const shown = await author.get(location);
      assert.match(shown.body, /Stored: copy its Markdown into the body/);
      assert.match(shown.body, /value="!\[A new map\]\(\/media\/[0-9a-f]{64}\/700\.jpg &quot;Caption&quot;\)"/);
      // Not an image, and no CSRF token: refused, nothing stored.
      const junk = multipartBody({ name: 'x.jpg', type: 'image/jpeg', bytes: Buffer.from('not an image') }, { alt: 'x' });
      const refused = await t.app.inject({
        method: 'POST',
        url: `/admin/media?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...junk.headers },
        payload: junk.payload,
      });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /not an image we can read/);
      const noToken = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: author.cookie, ...body.headers }, payload: body.payload });
      assert.equal(noToken.statusCode, 403);
    });
  });
}
