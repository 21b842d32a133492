import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { listAuditEvents } from '../audit/store.ts';
import { updateExpert } from '../experts/store.ts';
import { getRedirectFrom, listRedirects } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`redirects on ${kind}`, () => {
    let t: TestApp;
    const as = (role: 'admin' | 'editor' | 'author') => bearer(t.tokens[role]);
    const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, role: 'admin' | 'editor' | 'author' = 'editor') =>
      t.app.inject({ method, url, headers: as(role), ...(payload !== undefined && { payload: payload as object }) });
    const create = (payload: unknown, role: 'admin' | 'editor' | 'author' = 'editor') => api('POST', '/api/v1/redirects', payload, role);
    const read = (url: string) => t.app.inject({ method: 'GET', url });

    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('an editor adds a redirect: 201, kept in its one spelling, audited, and readers are sent on with a 301', async () => {
      const res = await create({ from: 'https://old.example.org/2013/01/10/hello-world/', to: '/blogs/author-expert', note: 'From the old site' });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.from, '/2013/01/10/hello-world');
      assert.equal(body.to, '/blogs/author-expert');
      assert.equal(body.status, 301);
      assert.equal(body.prefix, false);
      assert.equal(body.origin, 'api');
      assert.equal(res.headers.location, `/api/v1/redirects/${body.id}`);
      const [entry] = await listAuditEvents(t.db.handle, { limit: 1 });
      assert.equal(entry!.action, 'redirect.create');
      assert.equal(entry!.subjectLabel, '/2013/01/10/hello-world');

      const followed = await read('/2013/01/10/hello-world');
      assert.equal(followed.statusCode, 301);
      assert.equal(followed.headers.location, '/blogs/author-expert');
      // A query the redirect does not name is no obstacle; the trailing slash is taken off first.
      assert.equal((await read('/2013/01/10/hello-world?utm_source=feed')).headers.location, '/blogs/author-expert');
      const slashed = await read('/2013/01/10/hello-world/');
      assert.equal(slashed.statusCode, 301);
      assert.equal(slashed.headers.location, '/2013/01/10/hello-world');
    });

    test('the answer is kept in the page cache for anonymous readers, and dropped when redirects change', async () => {
      await create({ from: '/cached-old', to: '/polls' });
      const first = await read('/cached-old');
      assert.equal(first.statusCode, 301);
      assert.notEqual(first.headers['x-cache'], 'hit');
      const second = await read('/cached-old');
      assert.equal(second.statusCode, 301);
      assert.equal(second.headers['x-cache'], 'hit');
      assert.equal(second.headers.location, '/polls');
      const id = (await getRedirectFrom(t.db.handle, '/cached-old'))!.id;
      assert.equal((await api('DELETE', `/api/v1/redirects/${id}`)).statusCode, 204);
      assert.equal((await read('/cached-old')).statusCode, 404);
    });

    test('old front-page links with a query (/?p=123) lead on; the front page itself is untouched', async () => {
      await create({ from: '/?p=123', to: '/blogs/author-expert' });
      const res = await read('/?p=123');
      assert.equal(res.statusCode, 301);
      assert.equal(res.headers.location, '/blogs/author-expert');
      assert.equal((await read('/?p=124')).statusCode, 200);
      assert.equal((await read('/')).statusCode, 200);
    });

    test('a prefix sends everything under the old address to the same place under the new; an external target is kept whole', async () => {
      await create({ from: '/category/analysis/', to: '/tags/analysis', prefix: true, status: 308 });
      const under = await read('/category/analysis/page/2');
      assert.equal(under.statusCode, 308);
      assert.equal(under.headers.location, '/tags/analysis/page/2');
      await create({ from: '/donate', to: 'https://example.org/give?campaign=old', status: 302 });
      const away = await read('/donate');
      assert.equal(away.statusCode, 302);
      assert.equal(away.headers.location, 'https://example.org/give?campaign=old');
    });

    test('a live page always wins over a redirect from its address', async () => {
      await create({ from: '/glossary', to: '/polls' });
      assert.equal((await read('/glossary')).statusCode, 200);
    });

    test('chains collapse into one hop, and loops are refused with the field named', async () => {
      await create({ from: '/a-first', to: '/a-second' });
      await create({ from: '/a-second', to: '/a-third' });
      assert.equal((await getRedirectFrom(t.db.handle, '/a-first'))!.target, '/a-third');
      const added = await create({ from: '/a-zero', to: '/a-first' });
      assert.equal(added.json().to, '/a-third');
      for (const [from, to] of [
        ['/a-third', '/a-first'],
        ['/a-loop', '/a-loop/'],
      ]) {
        const loop = await create({ from, to });
        assert.equal(loop.statusCode, 422, `${from} → ${to}: ${loop.body}`);
        assert.equal(loop.json().error.field, 'to');
      }
      assert.equal(await getRedirectFrom(t.db.handle, '/a-third'), undefined);
    });

    test('bad input is a 422 naming the field, a taken address a 409; never a 500, never half-written', async () => {
      const before = (await listRedirects(t.db.handle, { limit: 1000 })).length;
      const cases: Array<[unknown, number, string]> = [
        [{ from: 'no-slash', to: '/x' }, 422, 'from'],
        [{ from: '//evil.example/x', to: '/x' }, 422, 'from'],
        [{ from: '/', to: '/x' }, 422, 'from'],
        [{ from: '/x', to: '//evil.example/' }, 422, 'to'],
        [{ from: '/x', to: 'javascript:alert(1)' }, 422, 'to'],
        [{ from: '/x', to: '/y', status: 200 }, 422, 'status'],
        [{ from: '/x', to: '/y', status: '301' }, 201, ''],
        [{ from: '/x', to: '/z' }, 409, 'from'],
        [{ from: 5, to: '/y' }, 422, 'from'],
        [{ from: '/x2', to: ['/y'] }, 422, 'to'],
        [{ from: '/x3', to: '/y', prefix: 'yes' }, 422, 'prefix'],
        [{ from: '/x4', to: '/y', extra: 1 }, 422, ''],
        [{ from: `/${'a'.repeat(2001)}`, to: '/y' }, 422, 'from'],
        [{ from: '/x5', to: '/y', note: 'n'.repeat(301) }, 422, 'note'],
      ];
      for (const [payload, status, field] of cases) {
        const res = await create(payload);
        assert.equal(res.statusCode, status, `${JSON.stringify(payload).slice(0, 60)}: ${res.body.slice(0, 200)}`);
        if (field) assert.equal(res.json().error.field, field, JSON.stringify(payload).slice(0, 60));
      }
      assert.equal((await listRedirects(t.db.handle, { limit: 1000 })).length, before + 1);
      const huge = await t.app.inject({
        method: 'POST',
        url: '/api/v1/redirects',
        headers: { ...as('editor'), 'content-type': 'application/json' },
        payload: `{"from":"/${'a'.repeat(2 * 1024 * 1024)}"}`,
      });
      assert.equal(huge.statusCode, 413);
    });

    test('hostile text is kept as text and sent escaped', async () => {
      for (const [i, s] of hostileStrings.entries()) {
        const res = await create({ from: `/hostile-${i}/${s}`, to: `/search?q=${encodeURIComponent(s)}`, note: s });
        assert.equal(res.statusCode, 201, res.body);
        const followed = await read(res.json().from);
        assert.equal(followed.statusCode, 301);
        assert.doesNotMatch(String(followed.headers.location), /[<>"' ]/);
      }
    });

    test('the API lists newest first with a cursor and a finder; get, patch and delete; unknown ids are 404', async () => {
      const first = await api('GET', '/api/v1/redirects?limit=2');
      assert.equal(first.statusCode, 200);
      const page = first.json();
      assert.equal(page.items.length, 2);
      assert.ok(page.next_cursor);
      const next = (await api('GET', `/api/v1/redirects?limit=2&cursor=${page.next_cursor}`)).json();
      assert.ok(next.items.every((r: { id: number }) => page.items.every((p: { id: number }) => p.id !== r.id)));
      const found = (await api('GET', '/api/v1/redirects?q=CATEGORY')).json();
      assert.deepEqual(
        found.items.map((r: { from: string }) => r.from),
        ['/category/analysis'],
      );
      assert.equal((await api('GET', '/api/v1/redirects?q=100%25_')).json().items.length, 0);
      assert.equal((await api('GET', '/api/v1/redirects?cursor=nonsense')).statusCode, 400);
      const id = found.items[0].id;
      assert.equal((await api('GET', `/api/v1/redirects/${id}`)).json().to, '/tags/analysis');
      const patched = await api('PATCH', `/api/v1/redirects/${id}`, { to: '/tags/policy', status: 301 });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().to, '/tags/policy');
      assert.equal(patched.json().prefix, true);
      assert.equal((await api('PATCH', `/api/v1/redirects/${id}`, { to: 'nowhere' })).statusCode, 422);
      for (const url of ['/api/v1/redirects/999999', '/api/v1/redirects/abc']) {
        assert.equal((await api('GET', url)).statusCode, 404, url);
        assert.equal((await api('PATCH', url, { note: 'x' })).statusCode, 404, url);
        assert.equal((await api('DELETE', url)).statusCode, 404, url);
      }
    });

    test('authors and anonymous callers may not keep redirects', async () => {
      assert.equal((await create({ from: '/mine', to: '/x' }, 'author')).statusCode, 403);
      assert.equal((await api('GET', '/api/v1/redirects', undefined, 'author')).statusCode, 403);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/redirects' })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/redirects', payload: { from: '/a', to: '/b' } })).statusCode, 401);
      assert.equal(await getRedirectFrom(t.db.handle, '/mine'), undefined);
    });

    test('a published article whose address changes leaves a redirect; moving back makes no loop; a draft leaves none', async () => {
      const made = await api('POST', '/api/v1/articles', { expert: 'author-expert', title: 'Moving piece', lead: 'Lead.', body: 'Body.', status: 'published' });
      assert.equal(made.statusCode, 201, made.body);
      const { id } = made.json();
      assert.equal((await api('PATCH', `/api/v1/articles/${id}`, { slug: 'moved-piece' })).statusCode, 200);
      const old = await read('/blogs/author-expert/moving-piece');
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/blogs/author-expert/moved-piece');
      assert.equal((await read('/blogs/author-expert/moved-piece')).statusCode, 200);
      await api('PATCH', `/api/v1/articles/${id}`, { slug: 'moved-again' });
      assert.equal((await getRedirectFrom(t.db.handle, '/blogs/author-expert/moving-piece'))!.target, '/blogs/author-expert/moved-again');
      await api('PATCH', `/api/v1/articles/${id}`, { slug: 'moving-piece' });
      assert.equal((await read('/blogs/author-expert/moving-piece')).statusCode, 200);
      assert.equal(await getRedirectFrom(t.db.handle, '/blogs/author-expert/moving-piece'), undefined);
      assert.equal((await read('/blogs/author-expert/moved-again')).headers.location, '/blogs/author-expert/moving-piece');
      assert.equal((await read('/blogs/author-expert/moved-piece')).headers.location, '/blogs/author-expert/moving-piece');

      const draft = (await api('POST', '/api/v1/articles', { expert: 'author-expert', title: 'Quiet draft', lead: 'Lead.', body: 'Body.', status: 'draft' })).json();
      await api('PATCH', `/api/v1/articles/${draft.id}`, { slug: 'quiet-draft-2' });
      assert.equal(await getRedirectFrom(t.db.handle, '/blogs/author-expert/quiet-draft'), undefined);
      const moves = await listRedirects(t.db.handle, { origin: 'move', limit: 100 });
      assert.ok(moves.length >= 2);
    });

    test("an expert's new slug sends the old blog and everything under it to the new one", async () => {
      const expert = (await api('POST', '/api/v1/experts', { name: 'Renamed Expert' }, 'admin')).json();
      await api('POST', '/api/v1/articles', { expert: expert.slug, title: 'Under the blog', lead: 'Lead.', body: 'Body.', status: 'published' });
      await updateExpert(t.db.handle, expert.id, { slug: 'new-name' });
      const blog = await read(`/blogs/${expert.slug}`);
      assert.equal(blog.statusCode, 301);
      assert.equal(blog.headers.location, '/blogs/new-name');
      assert.equal((await read(`/blogs/${expert.slug}/under-the-blog`)).headers.location, '/blogs/new-name/under-the-blog');
      assert.equal((await read('/blogs/new-name/under-the-blog')).statusCode, 200);
    });

    test('a prefix never leads under itself, nor round through the redirects under its target', async () => {
      const under = await create({ from: '/p-a', to: '/p-a/b', prefix: true });
      assert.equal(under.statusCode, 422);
      assert.equal(under.json().error.field, 'to');
      assert.equal((await create({ from: '/p-m/x', to: '/p-n/x' })).statusCode, 201);
      const round = await create({ from: '/p-n', to: '/p-m', prefix: true });
      assert.equal(round.statusCode, 422, round.body);
      assert.match(round.json().error.message, /lead back under \/p-n/);
    });

    test('old links carrying tracking parameters still lead on; the office, the API and files are never redirected', async () => {
      await create({ from: '/?p=777', to: '/polls' });
      assert.equal((await read('/?p=777&utm_source=newsletter&fbclid=abc')).headers.location, '/polls');
      for (const from of ['/admin/articles', '/api/v1/articles', '/media/abc/800.jpg', '/assets/x.css']) {
        const res = await create({ from, to: '/polls' });
        assert.equal(res.statusCode, 422, from);
        assert.equal(res.json().error.field, 'from');
      }
    });

    test('content published at an address takes it from a redirect, so later chains do not lead past it', async () => {
      const page = (await api('POST', '/api/v1/pages', { title: 'Who we are', path: 'who-we-are', body: 'Us.', status: 'published' })).json();
      await api('PATCH', `/api/v1/pages/${page.id}`, { path: 'about-us-now' });
      assert.equal((await getRedirectFrom(t.db.handle, '/who-we-are'))?.target, '/about-us-now');
      await api('POST', '/api/v1/pages', { title: 'Who we are, again', path: 'who-we-are', body: 'A new page.', status: 'published' });
      assert.equal(await getRedirectFrom(t.db.handle, '/who-we-are'), undefined);
      const later = (await create({ from: '/team-old', to: '/who-we-are' })).json();
      assert.equal(later.to, '/who-we-are');
    });

    test('experts renamed and articles moved in any order never leave a loop', async () => {
      const make = async (name: string) => (await api('POST', '/api/v1/experts', { name }, 'admin')).json() as { id: number; slug: string };
      const [first, second] = [await make('Loop First'), await make('Loop Second')];
      const article = (await api('POST', '/api/v1/articles', { expert: first.slug, title: 'Travelling piece', lead: 'L.', body: 'B.', status: 'published' })).json();
      await api('PATCH', `/api/v1/articles/${article.id}`, { expert: second.slug });
      await updateExpert(t.db.handle, first.id, { slug: 'loop-third' });
      await updateExpert(t.db.handle, second.id, { slug: first.slug });
      const live = `/blogs/${first.slug}/travelling-piece`;
      assert.equal((await read(live)).statusCode, 200);
      assert.equal((await read(`/blogs/${second.slug}/travelling-piece`)).headers.location, live);
      // Taken off the site, its old addresses lead on without ever coming back to where they started.
      await api('PATCH', `/api/v1/articles/${article.id}`, { status: 'draft' });
      for (const start of [live, `/blogs/${second.slug}/travelling-piece`]) {
        const seen = new Set<string>([start]);
        let res = await read(start);
        while (res.statusCode === 301) {
          const next = String(res.headers.location);
          assert.ok(!seen.has(next), `${start} loops through ${[...seen].join(' → ')} → ${next}`);
          seen.add(next);
          res = await read(next);
        }
        assert.equal(res.statusCode, 404);
      }
    });
  });
}
