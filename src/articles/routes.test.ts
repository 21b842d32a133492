import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';

const body = `Opening paragraph with a claim.[^1]

## A section

> A quotation worth keeping.

- first point
- second point

[^1]: The source of the claim.`;

for (const kind of await databaseKinds()) {
  describe(`articles over HTTP on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    async function createExpert(name: string) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name, title: 'Senior Fellow', bio: 'Writes on energy.' } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; slug: string; url: string };
    }

    async function uploadImage() {
      const form = multipartBody({ name: 'hero.jpg', type: 'image/jpeg', bytes: await sampleJpeg() }, { alt: 'A harbour at dawn', credit: 'Photo Desk', credit_url: 'https://example.org/photo' });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...form.headers }, payload: form.payload });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; url: string; width: number; height: number };
    }

    test('an expert, an image and an article made through the API appear on the site in the reference order', async () => {
      const expert = await createExpert('Ingrid Solheim');
      assert.equal(expert.slug, 'ingrid-solheim');
      assert.equal(expert.url, 'http://rostrum.test/blogs/ingrid-solheim');
      const image = await uploadImage();
      assert.deepEqual([image.width, image.height], [900, 600]);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: {
          expert: expert.slug,
          title: 'Undercurrents in the Caspian',
          lead: 'Why the quiet sea matters.',
          body,
          image: image.id,
          tags: ['Energy', 'Central Asia'],
          status: 'published',
          published_at: '2021-12-17T10:00:00Z',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const article = created.json() as { id: number; slug: string; url: string };
      assert.equal(article.slug, 'undercurrents-in-the-caspian');
      assert.equal(article.url, 'http://rostrum.test/blogs/ingrid-solheim/undercurrents-in-the-caspian');

      const page = await t.app.inject({ url: '/blogs/ingrid-solheim/undercurrents-in-the-caspian' });
      assert.equal(page.statusCode, 200);
      const html = page.body;
      const order = [
        "Ingrid Solheim's Blog</a>",
        '<h1 class="article-title">Undercurrents in the Caspian</h1>',
        '<time datetime="2021-12-17T10:00:00Z">December 17, 2021</time>',
        'href="/blogs/ingrid-solheim/undercurrents-in-the-caspian/print"',
        '<p class="lead">Why the quiet sea matters.</p>',
        'alt="A harbour at dawn"',
        'Source: <a href="https://example.org/photo"',
        '<blockquote>',
        'class="footnotes"',
        'Share this article',
        'Poll conducted',
        'For business',
      ];
      let at = 0;
      for (const piece of order) {
        const found = html.indexOf(piece, at);
        assert.ok(found >= 0, `"${piece}" should follow position ${at}`);
        at = found;
      }
      for (const network of ['x.com/intent', 'facebook.com/sharer', 'linkedin.com/sharing', 't.me/share', 'vk.com/share', 'wa.me', 'mailto:']) assert.ok(html.includes(network), network);
      // The JSON-LD block is data, which browsers never run; anything else must be our own file.
      assert.doesNotMatch(html, /<script(?![^>]*src="\/assets\/)(?! type="application\/ld\+json">)/, 'no inline or third-party script');
      assert.match(html, /<img[^>]+width="\d+"[^>]+height="\d+"/);
      assert.match(html, /srcset="\/media\/[0-9a-f]{64}\/480\.avif 480w/);

      const print = await t.app.inject({ url: '/blogs/ingrid-solheim/undercurrents-in-the-caspian/print' });
      assert.equal(print.statusCode, 200);
      assert.match(print.body, /http:\/\/rostrum\.test\/blogs\/ingrid-solheim\/undercurrents-in-the-caspian/);
      assert.doesNotMatch(print.body, /Share this article|class="site-nav"/);
      assert.match(print.body, /Source: <a href="https:\/\/example.org\/photo"/);

      const imageRes = await t.app.inject({ url: new URL(image.url).pathname });
      assert.equal(imageRes.statusCode, 200);
      assert.equal(imageRes.headers['content-type'], 'image/jpeg');
      assert.match(String(imageRes.headers['cache-control']), /immutable/);

      for (const url of ['/', '/blogs', '/blogs/ingrid-solheim', '/tags/energy', '/for-business', '/for-researchers', '/for-students']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.ok(res.body.includes('Undercurrents in the Caspian'), `${url} lists the article`);
      }
    });

    test('the public API lists newest first with a cursor that walks every article once', async () => {
      const expert = await createExpert('Cursor Walker');
      for (let i = 1; i <= 5; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/articles',
          headers: bearer(t.tokens.admin),
          payload: { expert: expert.slug, title: `Note ${i}`, lead: 'Lead.', body: 'Body.', status: 'published', published_at: `2024-01-0${i}T00:00:00Z` },
        });
        assert.equal(res.statusCode, 201);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { statusCode: number; json(): unknown } = await t.app.inject({ url: `/api/v1/public/articles?expert=${expert.slug}&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
        assert.equal(res.statusCode, 200);
        const page = res.json() as { items: Array<{ title: string; id: number; slug: string; lead: string; expert: unknown; published_at: string; url: string }>; next_cursor: string | null };
        for (const item of page.items) for (const key of ['id', 'slug', 'title', 'lead', 'expert', 'published_at', 'url']) assert.ok(key in item, key);
        seen.push(...page.items.map((i) => i.title));
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(seen, ['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
      const experts = await t.app.inject({ url: '/api/v1/public/experts' });
      assert.ok((experts.json() as { items: Array<{ slug: string; name: string; url: string; id: number }> }).items.some((e) => e.slug === expert.slug && e.name === 'Cursor Walker'));
    });

    test('drafts and future articles stay off the public site', async () => {
      const draft = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'Secret draft', lead: 'Lead.', body: 'Body.', status: 'draft' },
      });
      assert.equal(draft.statusCode, 201, draft.body);
      const future = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Future piece', lead: 'Lead.', body: 'Body.', status: 'published', published_at: '2999-01-01T00:00:00Z' },
      });
      assert.equal(future.statusCode, 201);
      for (const slug of ['secret-draft', 'future-piece']) {
        assert.equal((await t.app.inject({ url: `/blogs/author-expert/${slug}` })).statusCode, 404);
      }
      const list = await t.app.inject({ url: '/api/v1/public/articles?expert=author-expert' });
      assert.equal((list.json() as { items: unknown[] }).items.length, 0);
      const id = (draft.json() as { id: number }).id;
      assert.equal((await t.app.inject({ url: `/api/v1/public/articles/${id}` })).statusCode, 404);
      const own = await t.app.inject({ url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author) });
      assert.equal(own.statusCode, 200);
    });

    test('roles: authors write drafts for their own blog only; only editors and admins publish or manage experts', async () => {
      const other = await createExpert('Other Expert');
      const cases = [
        { token: t.tokens.author, payload: { expert: other.slug, status: 'draft' }, status: 403 },
        { token: t.tokens.author, payload: { expert: 'author-expert', status: 'published' }, status: 403 },
        { token: t.tokens.author, payload: { expert: 'author-expert', status: 'draft' }, status: 201 },
        { token: t.tokens.editor, payload: { expert: other.slug, status: 'published' }, status: 201 },
      ];
      for (const c of cases) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(c.token), payload: { title: 'Role check', lead: 'L', body: 'B', ...c.payload } });
        assert.equal(res.statusCode, c.status, JSON.stringify(c.payload) + res.body);
      }
      const expertByAuthor = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.author), payload: { name: 'Nope' } });
      assert.equal(expertByAuthor.statusCode, 403);
      assert.equal((expertByAuthor.json() as { error: { code: string } }).error.code, 'forbidden');
      const settingsByEditor = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.editor), payload: { name: 'X' } });
      assert.equal(settingsByEditor.statusCode, 403);
      const published = (await t.app.inject({ url: '/api/v1/public/articles?expert=' + other.slug })).json() as { items: Array<{ id: number }> };
      const patchByAuthor = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${published.items[0]!.id}`, headers: bearer(t.tokens.author), payload: { title: 'Hijack' } });
      assert.equal(patchByAuthor.statusCode, 403, 'an author may not touch another expert’s article through the API');
    });

    test('bad input gets a clear JSON 4xx and writes nothing', async () => {
      const before = (await t.app.inject({ url: '/api/v1/public/articles?limit=100' })).json() as { items: unknown[] };
      const attempts: Array<{ payload: unknown; status: number; field?: string; headers?: Record<string, string> }> = [
        { payload: { expert: 'author-expert', lead: 'L', body: 'B', status: 'draft' }, status: 422, field: 'title' },
        { payload: { expert: 'author-expert', title: 42, lead: 'L', body: 'B', status: 'draft' }, status: 422, field: 'title' },
        { payload: { expert: 'author-expert', title: 'T', lead: 'L', body: 'B', status: 'live' }, status: 422, field: 'status' },
        { payload: { expert: 'Not A Slug!', title: 'T', lead: 'L', body: 'B', status: 'draft' }, status: 422, field: 'expert' },
        { payload: { expert: 'nobody-here', title: 'T', lead: 'L', body: 'B', status: 'draft' }, status: 422, field: 'expert' },
        { payload: { expert: 'author-expert', title: 'T', lead: 'L', body: 'B', status: 'draft', image: 999999 }, status: 422, field: 'image' },
        { payload: { expert: 'author-expert', title: 'T', lead: 'L', body: 'B', status: 'draft', published_at: 'yesterday' }, status: 422, field: 'published_at' },
        { payload: { expert: 'author-expert', title: 'x'.repeat(301), lead: 'L', body: 'B', status: 'draft' }, status: 422, field: 'title' },
        { payload: { expert: 'author-expert', title: 'T', lead: 'L', body: 'B', status: 'draft', surprise: true }, status: 422 },
        { payload: '{"title": ', status: 400, headers: { 'content-type': 'application/json' } },
        { payload: 'x'.repeat(1024 * 1024 + 10), status: 413, headers: { 'content-type': 'application/json' } },
        { payload: 'title=T', status: 415, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        { payload: 'plain', status: 415, headers: { 'content-type': 'text/plain' } },
      ];
      for (const a of attempts) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { ...bearer(t.tokens.editor), ...a.headers }, payload: a.payload as string });
        assert.equal(res.statusCode, a.status, `${JSON.stringify(a.payload).slice(0, 80)} -> ${res.body.slice(0, 200)}`);
        const error = (res.json() as { error: { code: string; message: string; field?: string } }).error;
        assert.ok(error.code && error.message);
        if (a.field) assert.equal(error.field, a.field);
      }
      const afterList = (await t.app.inject({ url: '/api/v1/public/articles?limit=100' })).json() as { items: unknown[] };
      assert.equal(afterList.items.length, before.items.length);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/articles', payload: {} })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer('rst_' + 'a'.repeat(43)), payload: {} })).statusCode, 401);
      for (const url of ['/api/v1/articles/0', '/api/v1/articles/abc', '/api/v1/articles/99999999', '/api/v1/articles/1e3']) {
        const res = await t.app.inject({ url, headers: bearer(t.tokens.admin) });
        assert.equal(res.statusCode, 404, url);
      }
      const badCursor = await t.app.inject({ url: '/api/v1/public/articles?cursor=%3Cscript%3E' });
      assert.equal(badCursor.statusCode, 400);
      assert.equal((await t.app.inject({ url: '/api/v1/public/articles?limit=1000' })).statusCode, 422);
    });

    test('media: the type is read from the bytes, and size is limited', async () => {
      const fake = multipartBody({ name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('<?php echo "not an image"; ?>') }, { alt: 'x' });
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...fake.headers }, payload: fake.payload });
      assert.equal(res.statusCode, 415, res.body);
      const png = multipartBody(
        {
          name: 'notes.txt',
          type: 'text/plain',
          bytes: await (
            await import('sharp')
          )
            .default({ create: { width: 20, height: 10, channels: 3, background: '#fff' } })
            .png()
            .toBuffer(),
        },
        {},
      );
      const accepted = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...png.headers }, payload: png.payload });
      assert.equal(accepted.statusCode, 201, 'a PNG is a PNG whatever its name says');
      const missing = multipartBody(undefined, { alt: 'x' });
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...missing.headers }, payload: missing.payload })).statusCode, 422);
      const huge = multipartBody({ name: 'big.jpg', type: 'image/jpeg', bytes: Buffer.alloc(21 * 1024 * 1024, 1) }, {});
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...huge.headers }, payload: huge.payload })).statusCode, 413);
      const badUrl = multipartBody({ name: 'a.jpg', type: 'image/jpeg', bytes: await sampleJpeg(40, 30) }, { credit_url: 'javascript:alert(1)' });
      const badUrlRes = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...badUrl.headers }, payload: badUrl.payload });
      assert.equal(badUrlRes.statusCode, 422);
      assert.equal((badUrlRes.json() as { error: { field: string } }).error.field, 'credit_url');
      for (const url of ['/media/abc/480.jpg', `/media/${'0'.repeat(64)}/480.jpg`, `/media/${'0'.repeat(64)}/../../etc/passwd`]) {
        assert.equal((await t.app.inject({ url })).statusCode, 404, url);
      }
    });

    test('hostile text in every field comes out escaped or sanitised', async () => {
      for (const [i, evil] of hostileStrings.entries()) {
        const expertRes = await t.app.inject({
          method: 'POST',
          url: '/api/v1/experts',
          headers: bearer(t.tokens.admin),
          payload: { name: `Evil ${i} ${evil}`, title: evil, affiliation: evil, bio: evil },
        });
        assert.equal(expertRes.statusCode, 201, expertRes.body);
        const expert = expertRes.json() as { slug: string };
        const form = multipartBody({ name: 'x.jpg', type: 'image/jpeg', bytes: await sampleJpeg(64 + i, 48) }, { alt: evil, credit: evil });
        const image = (await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.admin), ...form.headers }, payload: form.payload })).json() as { id: number };
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/articles',
          headers: bearer(t.tokens.admin),
          payload: {
            expert: expert.slug,
            title: `Title ${evil}`,
            lead: evil,
            body: `${evil}\n\n[link](${evil}) <a href="javascript:alert(1)" onclick="x()">y</a>`,
            tags: [`tag ${i}`, evil],
            image: image.id,
            status: 'published',
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        const url = new URL((res.json() as { url: string }).url).pathname;
        for (const page of [url, `${url}/print`, '/', '/blogs', `/blogs/${expert.slug}`]) {
          const html = (await t.app.inject({ url: page })).body;
          assert.doesNotMatch(html, /<script>alert|<img src=x|<svg onload| onclick="x\(\)"|href="javascript:/i, `${page} with ${evil}`);
        }
      }
    });

    test('unknown and malformed addresses are 404 pages in the site design, never 500', async () => {
      for (const url of [
        '/blogs/nobody',
        '/blogs/nobody/nothing',
        '/blogs/%3Cscript%3E/x',
        '/blogs/a/..%2F..%2Fetc',
        '/blogs/' + 'a'.repeat(400),
        '/tags/%00',
        '/nowhere',
        '/blogs/author-expert?cursor=!!',
        '/for-everyone',
      ]) {
        const res = await t.app.inject({ url });
        assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url} -> ${res.statusCode}`);
        assert.match(res.headers['content-type'] as string, /text\/html/);
        assert.match(res.body, /class="masthead"/);
        assert.doesNotMatch(res.body, /<script>/);
      }
      const api = await t.app.inject({ url: '/api/v1/nothing' });
      assert.equal(api.statusCode, 404);
      assert.equal((api.json() as { error: { code: string } }).error.code, 'not_found');
    });

    test('requests racing for the same slug all succeed with distinct slugs, or get 409 for a chosen one', async () => {
      await createExpert('Race Runner');
      const payload = { expert: 'race-runner', title: 'Same title', lead: 'L', body: 'B', status: 'published' };
      const answers = await Promise.all([1, 2, 3, 4].map(() => t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(t.tokens.editor), payload })));
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [201, 201, 201, 201],
        answers.map((a) => a.body).join('\n'),
      );
      assert.equal(new Set(answers.map((a) => (a.json() as { slug: string }).slug)).size, 4);
      const chosen = await Promise.all([1, 2].map(() => t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(t.tokens.editor), payload: { ...payload, slug: 'picked' } })));
      assert.deepEqual(chosen.map((a) => a.statusCode).sort(), [201, 409]);
      const experts = await Promise.all([1, 2, 3].map(() => t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Twin Name' } })));
      assert.deepEqual(
        experts.map((a) => a.statusCode),
        [201, 201, 201],
      );
    });

    test('authors cannot feature, and a refused request leaves no tag behind; draft tags stay private', async () => {
      const feature = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'Promote me', lead: 'L', body: 'B', status: 'draft', featured: true },
      });
      assert.equal(feature.statusCode, 403);
      const draft = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'Quiet draft', lead: 'L', body: 'B', status: 'draft', tags: ['Unannounced Topic'] },
      });
      assert.equal(draft.statusCode, 201);
      const id = (draft.json() as { id: number }).id;
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author), payload: { featured: true } })).statusCode, 403);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'X', lead: 'L', body: 'B', status: 'published', tags: ['Secret Plan'] },
      });
      assert.equal(refused.statusCode, 403);
      const tags = (await t.app.inject({ url: '/api/v1/public/tags' })).json() as { items: Array<{ slug: string }> };
      assert.ok(!tags.items.some((tag) => tag.slug === 'secret-plan' || tag.slug === 'unannounced-topic'), JSON.stringify(tags.items));
      assert.equal((await t.app.inject({ url: '/tags/unannounced-topic' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/tags/secret-plan' })).statusCode, 404);
      const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author), payload: {} });
      assert.equal(empty.statusCode, 422);
      const punctuation = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(t.tokens.author), payload: { tags: ['!!!'] } });
      assert.equal(punctuation.statusCode, 422);
    });

    test('forged cursors, impossible dates and unreadable addresses are 4xx, never 500', async () => {
      const forged = Buffer.from('x|1').toString('base64url');
      for (const url of [`/api/v1/public/articles?cursor=${forged}`, `/blogs/author-expert?cursor=${forged}`, `/api/v1/public/experts?cursor=${forged}`]) {
        assert.equal((await t.app.inject({ url })).statusCode, 400, url);
      }
      const impossible = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'T', lead: 'L', body: 'B', status: 'draft', published_at: '2021-02-30' },
      });
      assert.equal(impossible.statusCode, 422);
      for (const url of ['/blogs/%E0%A4%A', '/blogs/' + 'a'.repeat(600), '/blogs/x/' + 'b'.repeat(600)]) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 404, url);
        assert.match(String(res.headers['content-type']), /text\/html/, url);
        assert.ok(res.headers['content-security-policy'], url);
      }
      const photo = await t.app.inject({ method: 'PATCH', url: '/api/v1/experts/author-expert', headers: bearer(t.tokens.admin), payload: { photo: 999999 } });
      assert.equal(photo.statusCode, 422);
    });

    test('tracking parameters do not fill the page cache', async () => {
      await t.app.inject({ url: '/blogs?utm_source=x' });
      assert.notEqual((await t.app.inject({ url: '/blogs?utm_source=x' })).headers['x-cache'], 'hit');
      await t.app.inject({ url: '/blogs' });
      assert.equal((await t.app.inject({ url: '/blogs' })).headers['x-cache'], 'hit');
    });

    test('changes reach readers at once although pages are cached', async () => {
      const expert = await createExpert('Cache Watcher');
      const first = await t.app.inject({ url: `/blogs/${expert.slug}` });
      assert.equal(first.headers['x-cache'], 'miss');
      const second = await t.app.inject({ url: `/blogs/${expert.slug}` });
      assert.equal(second.headers['x-cache'], 'hit');
      assert.equal(second.body, first.body);
      const revalidated = await t.app.inject({ url: `/blogs/${expert.slug}`, headers: { 'if-none-match': String(second.headers.etag) } });
      assert.equal(revalidated.statusCode, 304);
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.admin),
        payload: { expert: expert.slug, title: 'Fresh news', lead: 'L', body: 'B', status: 'published' },
      });
      const third = await t.app.inject({ url: `/blogs/${expert.slug}` });
      assert.ok(third.body.includes('Fresh news'));
      for (const header of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) assert.ok(third.headers[header], header);
      const compressed = await t.app.inject({ url: `/blogs/${expert.slug}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(compressed.headers['content-encoding'], 'br');
      assert.equal(zlib.brotliDecompressSync(compressed.rawPayload).toString(), third.body);
      const gzipped = await t.app.inject({ url: `/blogs/${expert.slug}`, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(zlib.gunzipSync(gzipped.rawPayload).toString(), third.body);
    });

    test('a cached page goes compressed to its first reader as to later ones, by Accept-Encoding, with Vary', async () => {
      const expert = await createExpert('Compression Reader');
      const url = `/blogs/${expert.slug}`;
      const miss = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(miss.headers['x-cache'], 'miss');
      assert.equal(miss.headers['content-encoding'], 'br');
      assert.equal(miss.headers.vary, 'Accept-Encoding');
      assert.equal(Number(miss.headers['content-length']), miss.rawPayload.length);
      const plain = await t.app.inject({ url });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'Accept-Encoding');
      assert.equal(zlib.brotliDecompressSync(miss.rawPayload).toString(), plain.body);
      const hit = await t.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      assert.equal(hit.headers['x-cache'], 'hit');
      assert.deepEqual(hit.rawPayload, miss.rawPayload, 'compressed once');
      const preferred = await t.app.inject({ url, headers: { 'accept-encoding': 'br;q=0.5, gzip' } });
      assert.equal(preferred.headers['content-encoding'], 'gzip');
      assert.equal(zlib.gunzipSync(preferred.rawPayload).toString(), plain.body);
      const refused = await t.app.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
      assert.equal(refused.headers['content-encoding'], undefined);
      assert.equal(refused.body, plain.body);
      const head = await t.app.inject({ method: 'HEAD', url, headers: { 'accept-encoding': 'br' } });
      assert.equal(head.headers['content-encoding'], 'br');
      assert.equal(Number(head.headers['content-length']), miss.rawPayload.length);
      assert.equal(head.rawPayload.length, 0);
      const revalidated = await t.app.inject({ url, headers: { 'accept-encoding': 'br', 'if-none-match': String(miss.headers.etag) } });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(revalidated.headers.vary, 'Accept-Encoding');
    });
  });
}
