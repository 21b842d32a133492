import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { listAuditEvents } from '../audit/store.ts';

for (const kind of await databaseKinds()) {
  describe(`the glossary API and page on ${kind}`, () => {
    let t: TestApp;
    const as = (role: 'admin' | 'editor' | 'author') => bearer(t.tokens[role]);
    const create = (payload: unknown, role: 'admin' | 'editor' | 'author' = 'editor') => t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: as(role), payload: payload as object });

    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('an editor adds a term: 201 with its slug and its address on /glossary; audited', async () => {
      const res = await create({ term: 'EAEU', expansion: 'Eurasian Economic Union', definition: 'An economic union of *five* states.' });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.term, 'EAEU');
      assert.equal(body.slug, 'eaeu');
      assert.equal(body.expansion, 'Eurasian Economic Union');
      assert.equal(body.url, `${t.db.config.publicUrl}/glossary#term-eaeu`);
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.action, 'glossary.create');
      assert.equal(entry!.subjectLabel, 'EAEU');
      const admin = await create({ term: 'LNG', expansion: 'Liquefied natural gas' }, 'admin');
      assert.equal(admin.statusCode, 201);
      assert.equal(admin.json().definition, '');
    });

    test('terms are unique whatever their case: 409 naming the field', async () => {
      const res = await create({ term: 'eaeu', expansion: 'Another' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.field, 'term');
    });

    test('bad input is a 422 naming the field; never a 500', async () => {
      const cases: Array<[unknown, string]> = [
        [{ expansion: 'x' }, 'term'],
        [{ term: '', expansion: 'x' }, 'term'],
        [{ term: '   ', expansion: 'x' }, 'term'],
        [{ term: '.NET', expansion: 'x' }, 'term'],
        [{ term: 'x'.repeat(101), expansion: 'x' }, 'term'],
        [{ term: 42, expansion: 'x' }, 'term'],
        [{ term: ['EU'], expansion: 'x' }, 'term'],
        [{ term: 'OK', expansion: '' }, 'expansion'],
        [{ term: 'OK', expansion: 'x'.repeat(301) }, 'expansion'],
        [{ term: 'OK', expansion: 'x', definition: 'd'.repeat(4001) }, 'definition'],
        [{ term: 'OK\u0000', expansion: 'x' }, 'term'],
        [{ term: 'OK', expansion: 'x', extra: 1 }, 'extra'],
        // One letter, or an everyday word, would be marked in nearly every article.
        [{ term: 'a', expansion: 'single letter' }, 'term'],
        [{ term: 'The', expansion: 'article' }, 'term'],
        // Longer than 100 characters in lower case ("İ" becomes two), which PostgreSQL's key column must hold.
      ];
      const dotted = await create({ term: 'İ'.repeat(100), expansion: 'x' });
      assert.equal(dotted.statusCode, 201, dotted.body);
      const acronym = await create({ term: 'IT', expansion: 'Information technology' });
      assert.equal(acronym.statusCode, 201, 'an acronym in capitals may spell an everyday word');
      for (const made of [dotted, acronym]) await t.app.inject({ method: 'DELETE', url: `/api/v1/glossary/${made.json().id}`, headers: as('editor') });
      for (const [payload, field] of cases) {
        const res = await create(payload);
        assert.equal(res.statusCode, 422, JSON.stringify(payload).slice(0, 80));
        assert.equal(res.json().error.field, field);
      }
      const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: { ...as('editor'), 'content-type': 'application/json' }, payload: '{"term":' });
      assert.equal(notJson.statusCode, 400);
    });

    test('authors are refused (403), anonymous callers too (401)', async () => {
      assert.equal((await create({ term: 'WTO', expansion: 'World Trade Organization' }, 'author')).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/api/v1/glossary', headers: as('author') })).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/glossary', payload: { term: 'WTO', expansion: 'x' } })).statusCode, 401);
      const id = (await t.app.inject({ url: '/api/v1/glossary', headers: as('editor') })).json().items[0].id;
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/glossary/${id}`, headers: as('author'), payload: { expansion: 'Mine' } })).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/glossary/${id}`, headers: as('author') })).statusCode, 403);
    });

    test('the list, A to Z, for editors (with times) and for everyone (public)', async () => {
      const editors = (await t.app.inject({ url: '/api/v1/glossary', headers: as('editor') })).json();
      assert.deepEqual(
        editors.items.map((i: { term: string }) => i.term),
        ['EAEU', 'LNG'],
      );
      assert.ok(editors.items[0].created_at);
      const open = await t.app.inject({ url: '/api/v1/public/glossary' });
      assert.equal(open.statusCode, 200);
      assert.equal(open.json().next_cursor, null);
      assert.deepEqual(Object.keys(open.json().items[0]).sort(), ['definition', 'expansion', 'id', 'language', 'slug', 'term', 'url']);
    });

    test('PATCH changes a term, keeps its slug, audits the change; duplicates 409; unknown ids 404', async () => {
      const lng = (await t.app.inject({ url: '/api/v1/public/glossary' })).json().items.find((i: { term: string }) => i.term === 'LNG');
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/glossary/${lng.id}`, headers: as('editor'), payload: { term: 'L.N.G.', definition: 'Gas cooled to a liquid.' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().slug, 'lng');
      assert.equal(res.json().expansion, 'Liquefied natural gas');
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.action, 'glossary.update');
      assert.match(entry!.detail, /Renamed from “LNG”; Definition changed/);
      const clash = await t.app.inject({ method: 'PATCH', url: `/api/v1/glossary/${lng.id}`, headers: as('editor'), payload: { term: 'Eaeu' } });
      assert.equal(clash.statusCode, 409);
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/glossary/${lng.id}`, headers: as('editor'), payload: { expansion: 7 } })).statusCode, 422);
      for (const url of ['/api/v1/glossary/99999', '/api/v1/glossary/abc', '/api/v1/glossary/-1', '/api/v1/glossary/1e3']) {
        assert.equal((await t.app.inject({ method: 'PATCH', url, headers: as('editor'), payload: { expansion: 'x' } })).statusCode, 404, url);
        assert.equal((await t.app.inject({ method: 'DELETE', url, headers: as('editor') })).statusCode, 404, url);
      }
    });

    test('/glossary lists every term A to Z with a letter index and anchors; hostile text is escaped', async () => {
      for (const [i, hostile] of hostileStrings.entries()) {
        const res = await create({ term: `X${i} ${hostile}`, expansion: hostile, definition: `${hostile} [link](javascript:alert(1))` });
        assert.equal(res.statusCode, 201, res.body);
      }
      const page = await t.app.inject({ url: '/glossary' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Glossary<\/h1>/);
      assert.match(page.body, /<nav class="letter-index" aria-label="Glossary by letter">/);
      assert.match(page.body, /<a href="#letter-e">E<\/a>/);
      assert.match(page.body, /<span class="letter-empty">B<\/span>/);
      assert.match(
        page.body,
        /<div class="glossary-entry" id="term-eaeu"><dt>EAEU<\/dt><dd class="glossary-expansion">Eurasian Economic Union<\/dd><dd class="glossary-definition"><p>An economic union of <em>five<\/em> states.<\/p>/,
      );
      assert.ok(page.body.indexOf('id="term-eaeu"') < page.body.indexOf('id="term-lng"'));
      assert.doesNotMatch(page.body, /<script>alert|<img src=x|<svg onload|href="javascript:/);
      assert.match(page.body, /&lt;script&gt;alert|&lt;script>alert/);
    });

    test('DELETE removes a term, audited; the page no longer shows it', async () => {
      const lng = (await t.app.inject({ url: '/api/v1/public/glossary' })).json().items.find((i: { slug: string }) => i.slug === 'lng');
      const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/glossary/${lng.id}`, headers: as('admin') });
      assert.equal(res.statusCode, 204);
      assert.equal((await listAuditEvents(t.db.handle, { limit: 1 }))[0]!.action, 'glossary.delete');
      assert.doesNotMatch((await t.app.inject({ url: '/glossary' })).body, /id="term-lng"/);
    });
  });
}
