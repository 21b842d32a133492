import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor } from '../../test/office.ts';
import { encodeCursor } from '../core/cursor.ts';

/** More than a blog page holds (10), so that the blog links to an older page. */
const articleCount = 12;

for (const kind of await databaseKinds()) {
  describe(`the page cache keeps one entry per page, by its canonical address, on ${kind}`, () => {
    let t: TestApp;
    let articleUrl: string;
    let pollId: number;
    let olderHref: string;
    const keys = () => [...t.pageCache.keys()].sort();
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

    before(async () => {
      t = await startTestApp(kind);
      for (let i = 1; i <= articleCount; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/articles',
          headers: bearer(t.tokens.editor),
          payload: { expert: 'author-expert', title: `Analysis number ${i}`, lead: 'Lead.', body: 'Body.', status: 'published', published_at: `2024-01-${String(i).padStart(2, '0')}T09:00:00Z` },
        });
        assert.equal(res.statusCode, 201, res.body);
        articleUrl = new URL((res.json() as { url: string }).url).pathname;
      }
      const poll = await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: bearer(t.tokens.editor), payload: { question: 'Cached?', options: ['Yes', 'No'], status: 'open' } });
      pollId = (poll.json() as { id: number }).id;
    });
    after(() => t.close());

    /** Warms the canonical pages, then checks that none of the addresses adds an entry, however often asked. */
    async function assertNoNewEntries(urls: string[]) {
      for (const url of ['/', '/blogs', '/blogs/author-expert', articleUrl, '/feed.xml', `/polls/${pollId}`]) await get(url);
      const before = keys();
      for (const url of urls) {
        for (let i = 0; i < 2; i++) {
          const res = await get(url);
          assert.notEqual(res.statusCode, 500, url);
          assert.deepEqual(keys(), before, `${url} (${res.statusCode}) made a cache entry`);
        }
      }
    }

    test('cursors where no route reads one, and bad cursors, make no entry', async () => {
      const fabricated = encodeCursor({ key: '2024-01-05T00:00:00.000Z', id: 999 });
      await assertNoNewEntries([
        '/?cursor=zzz',
        `/?cursor=${fabricated}`,
        '/feed.xml?cursor=a',
        `${articleUrl}?cursor=zzz`,
        `${articleUrl}?cursor=${fabricated}`,
        '/blogs/author-expert?cursor=zzz',
        '/blogs/author-expert?cursor=',
        `/blogs/author-expert?cursor=${fabricated}`,
        `/blogs/author-expert?cursor=${encodeCursor({ key: '2024-01-05T00:00:00.000Z', id: 1000 })}`,
      ]);
      assert.equal((await get('/blogs/author-expert?cursor=zzz')).statusCode, 400, 'a cursor that does not decode is refused');
    });

    test('unknown query parameters make no entry', async () => {
      await assertNoNewEntries(['/?utm_source=x', '/?', '/blogs?a=1', '/blogs?a=2', `${articleUrl}?x=1`, '/feed.xml?v=2']);
    });

    test('other spellings of an address are sent to the canonical one and make no entry', async () => {
      const spellings: Array<[string, string]> = [
        ['/blogs/author-exper%74', '/blogs/author-expert'],
        ['/blogs/author-exper%74?cursor=zzz', '/blogs/author-expert?cursor=zzz'],
        ['/blogs/', '/blogs'],
        ['//', '/'],
        ['//blogs', '/blogs'],
        ['/blogs//author-expert', '/blogs/author-expert'],
        [`${articleUrl}/`, articleUrl],
        [`/polls/0${pollId}`, `/polls/${pollId}`],
        [`/polls/00${pollId}`, `/polls/${pollId}`],
        [`/polls/%20${pollId}`, `/polls/${pollId}`],
        [`/polls/0${pollId}/embed`, `/polls/${pollId}/embed`],
        ['//evil.example/', '/evil.example'],
      ];
      for (const [url, canonical] of spellings) {
        const res = await get(url);
        assert.equal(res.statusCode, 301, url);
        assert.equal(res.headers.location, canonical, url);
      }
      await assertNoNewEntries(spellings.map(([url]) => url));
    });

    test('the link to older articles is cached and shows them', async () => {
      const first = await get('/blogs/author-expert');
      olderHref = /href="(\/blogs\/author-expert\?cursor=[^"]+)"/.exec(first.body)?.[1] ?? '';
      assert.ok(olderHref, 'the first page links to older articles');
      const older = await get(olderHref);
      assert.equal(older.statusCode, 200);
      assert.match(older.body, /Analysis number 1\b/);
      assert.doesNotMatch(older.body, /Analysis number 12\b/);
      assert.ok(keys().includes(olderHref), 'the older page is kept');
      assert.equal((await get(olderHref)).headers['x-cache'], 'hit');
    });

    test('a session cookie that names no session is no cookie: the cached page', async () => {
      await get('/blogs');
      for (const cookie of ['rostrum_session=x', `rostrum_session=${'A'.repeat(43)}`, 'rostrum_session=', 'rostrum_session_x=1; other=2']) {
        const res = await get('/blogs', { cookie });
        assert.equal(res.statusCode, 200, cookie);
        assert.equal(res.headers['x-cache'], 'hit', cookie);
      }
      // Dropped cache: a reader with a bogus cookie still fills it for everyone.
      t.pageCache.clearLocal();
      const refill = await get('/blogs', { cookie: 'rostrum_session=x' });
      assert.equal(refill.headers['x-cache'], 'miss');
      assert.equal((await get('/blogs')).headers['x-cache'], 'hit');
      const office = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      const signedIn = await get('/blogs', { cookie: office.cookie });
      assert.equal(signedIn.statusCode, 200);
      assert.notEqual(signedIn.headers['x-cache'], 'hit', 'a live session still passes the cache by');
    });
  });
}
