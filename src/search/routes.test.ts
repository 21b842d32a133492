import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';

/** Queries a person (or a fuzzer) might send: each must be answered, never with a 500. */
export const nastyQueries = [
  '',
  ' ',
  '"',
  '""',
  '"""',
  "'",
  '(',
  ')',
  '((',
  '))',
  '(()',
  'a AND',
  'OR b',
  'NOT',
  'AND OR NOT',
  'x NEAR y',
  'NEAR(a b, 2)',
  '*',
  'sanc*',
  '^start',
  'title:caspian',
  'col:"x"',
  '-',
  '--',
  '-caspian',
  '- -',
  '+caspian',
  'caspian -',
  '"caspian',
  'caspian"',
  '"unbalanced "phrase',
  '\\',
  '\\"',
  '%',
  '%%',
  '_',
  '&&',
  '||',
  '!',
  '!!x',
  '<->',
  'a <-> b',
  ':*',
  'a:*',
  "a' b'",
  '{}',
  '[]',
  '😀',
  '🏳️‍🌈 caspian',
  'Ǆ ﬁ İ ß',
  'العربية',
  '中文 搜索',
  '\u0000',
  '\u0002mark\u0003',
  '\u202e',
  'a'.repeat(500),
  'caspian '.repeat(200),
  'x'.repeat(10_000),
  '"'.repeat(10_000),
  '('.repeat(5000) + ')'.repeat(5000),
  'é'.repeat(3000),
  ...hostileStrings,
];

for (const kind of await databaseKinds()) {
  describe(`search pages and API on ${kind}`, () => {
    let t: TestApp;
    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const api = (params: Record<string, string>) => get(`/api/v1/public/search?${new URLSearchParams(params)}`);

    before(async () => {
      t = await startTestApp(kind);
      const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: bearer(t.tokens.editor), payload });
      const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Lena Marsh' } });
      assert.equal(expert.statusCode, 201);
      for (let i = 0; i < 12; i++) {
        const response = await post({
          expert: 'lena-marsh',
          title: `Caspian shipping ${i}`,
          lead: 'Shipping on the Caspian.',
          body: `Tanker traffic, part ${i}, grows along the Caspian coast.`,
          status: 'published',
          tags: ['Central Asia'],
          published_at: `2024-01-${String(i + 10).padStart(2, '0')}T00:00:00Z`,
        });
        assert.equal(response.statusCode, 201, response.body);
      }
      await post({ expert: 'author-expert', title: `Hostile ${hostileStrings.join(' ')}`, lead: hostileStrings.join(' '), body: `Caspian ${hostileStrings.join('\n\n')}`, status: 'published' });
      await post({ expert: 'author-expert', title: 'Unseen Caspian draft', lead: 'L', body: 'B', status: 'draft' });
    });
    after(() => t.close());

    test('the API answers ranked items with highlighted excerpts and page information', async () => {
      const response = await api({ q: 'tanker caspian', limit: '5' });
      assert.equal(response.statusCode, 200);
      const json = response.json();
      assert.equal(json.total, 12);
      assert.equal(json.items.length, 5);
      assert.equal(json.next_page, 2);
      const item = json.items[0];
      assert.deepEqual(Object.keys(item).sort(), ['excerpt_html', 'expert', 'experts', 'id', 'image', 'language', 'lead', 'published_at', 'score', 'slug', 'tags', 'title', 'url'].sort());
      assert.equal(item.expert.slug, 'lena-marsh');
      assert.deepEqual(item.tags, ['central-asia']);
      assert.match(item.url, /^http:\/\/rostrum\.test\/blogs\/lena-marsh\//);
      assert.match(item.excerpt_html, /<mark>Tanker<\/mark>/);
      const last = (await api({ q: 'tanker caspian', limit: '5', page: '3' })).json();
      assert.equal(last.items.length, 2);
      assert.equal(last.next_page, null);
    });

    test('filters by expert, tag, dates and sort; unknown ones are 404, malformed ones 400', async () => {
      assert.equal((await api({ q: 'caspian', expert: 'author-expert' })).json().total, 1);
      assert.equal((await api({ q: 'caspian', tag: 'central-asia' })).json().total, 12);
      const dated = (await api({ q: 'caspian', from: '2024-01-12', to: '2024-01-13', sort: 'date' })).json();
      assert.deepEqual(
        dated.items.map((i: { title: string }) => i.title),
        ['Caspian shipping 3', 'Caspian shipping 2'],
      );
      assert.equal((await api({ q: 'caspian', expert: 'nobody' })).statusCode, 404);
      assert.equal((await api({ q: 'caspian', tag: 'nowhere' })).statusCode, 404);
      // A region is its own tag and its countries': an article tagged Kazakhstan alone is Central Asia's.
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'lena-marsh', title: 'Steppe grain', lead: 'Wheat.', body: 'Steppe wheat crosses the Caspian.', status: 'published', tags: ['Kazakhstan'] },
      });
      assert.equal((await api({ q: 'steppe', tag: 'central-asia' })).json().total, 1);
      // A known place nothing is tagged with yet finds nothing, rather than being unknown.
      const southAsia = await api({ q: 'steppe', tag: 'south-asia' });
      assert.equal(southAsia.statusCode, 200);
      assert.equal(southAsia.json().total, 0);
      const withRegions = await get('/search?q=steppe');
      assert.match(withRegions.body, /<option value="central-asia"[^>]*>Central Asia<\/option>/);
      const malformed: Array<Record<string, string>> = [
        { from: '2024-02-30' },
        { to: 'yesterday' },
        { from: '2024-02-02', to: '2024-02-01' },
        { page: '0' },
        { page: '1e3' },
        { limit: '51' },
        { sort: 'random' },
        { expert: '<b>' },
        { language: 'english!' },
      ];
      for (const bad of malformed) {
        const response = await api({ q: 'caspian', ...bad });
        assert.equal(response.statusCode, 400, JSON.stringify(bad));
        assert.equal(response.json().error.field, Object.keys(bad)[0] === 'from' && 'to' in bad ? 'to' : Object.keys(bad).at(-1));
      }
      const page = await get('/search?q=caspian&from=2024-13-01');
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /We could not use this search/);
      assert.equal((await get('/search?q=caspian&expert=nobody')).statusCode, 404);
    });

    test('the page shows the form, the count, escaped highlighted results and pages; without a query it invites one', async () => {
      const empty = await get('/search');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /role="search"/);
      assert.match(empty.body, /<meta name="robots" content="noindex"/);
      assert.match(empty.body, /Type a few words/);
      const page = await get('/search?q=caspian+%3Cscript%3E');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /value="caspian &lt;script>"/);
      assert.doesNotMatch(page.body, /<script>alert|<img src=x|<svg onload/);
      const results = await get('/search?q=tanker');
      assert.match(results.body, /12 results for/);
      assert.match(results.body, /<mark>Tanker<\/mark>/);
      assert.match(results.body, /Page 1 of 2/);
      assert.match(results.body, /href="\/search\?q=tanker&amp;page=2"/);
      assert.doesNotMatch(results.body, /Unseen Caspian draft/);
      const none = await get('/search?q=zeppelin');
      assert.match(none.body, /Nothing matches <q>zeppelin<\/q>/);
    });

    test('a search waits for the reader, not for the event loop: with every reader busy on a slow read, the listing API is answered first', async () => {
      // Slow reads on every thread of the read pool (SQLite: counting to three million; PostgreSQL, where the
      // reader is the connection pool and never holds the loop: sleeping a second), so that a search must wait.
      const slowRead = () =>
        kind === 'sqlite'
          ? sql`with recursive c(n) as (select 1 union all select n + 1 from c where n < 3000000) select count(*) from c`.execute(t.db.handle.reader)
          : sql`select pg_sleep(1)`.execute(t.db.handle.reader);
      const settled = new Set<string>();
      const track = <T>(name: string, promise: Promise<T>) => promise.finally(() => settled.add(name));
      const busy = Promise.all(Array.from({ length: t.db.config.readThreads }, () => track('slow reads', slowRead())));
      const search = track('search', api({ q: 'tanker caspian' }));
      const listing = await get('/api/v1/public/articles?limit=10');
      assert.equal(listing.statusCode, 200);
      assert.equal(listing.json().items.length, 10);
      assert.ok(!settled.has('slow reads'), 'the listing was answered while the slow reads ran');
      if (kind === 'sqlite') assert.ok(!settled.has('search'), 'the search waited for a thread of the read pool');
      assert.equal((await search).json().total, 12);
      await busy;
    });

    test('every masthead carries the search form', async () => {
      const home = await get('/');
      assert.match(home.body, /<form class="masthead-search" role="search" method="get" action="\/search"/);
    });

    test(`${nastyQueries.length} nasty queries are answered 200 on the page and the API`, async () => {
      assert.ok(nastyQueries.length >= 40);
      for (const q of nastyQueries) {
        const query = new URLSearchParams({ q });
        const page = await get(`/search?${query}`);
        assert.equal(page.statusCode, 200, `page for ${JSON.stringify(q.slice(0, 40))}: ${page.body.slice(0, 200)}`);
        const response = await get(`/api/v1/public/search?${query}`);
        assert.equal(response.statusCode, 200, `API for ${JSON.stringify(q.slice(0, 40))}: ${response.body.slice(0, 200)}`);
        for (const item of response.json().items) assert.doesNotMatch(item.excerpt_html.replace(/<\/?mark>/g, ''), /[<>]/);
      }
    });
  });
}
