import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { buildApp } from '../app.tsx';
import { feedRoutes } from './routes.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'url' || name === 'sitemap' });
/** W3C Datetime (https://www.w3.org/TR/NOTE-datetime), complete date plus time. */
const w3cDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const namespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';

type Entry = { loc: string; lastmod?: string };

function parseSitemap(body: string, root: 'urlset' | 'sitemapindex'): Entry[] {
  assert.equal(XMLValidator.validate(body), true, 'well-formed XML');
  const doc = parser.parse(body) as Record<string, Record<string, unknown>>;
  const top = doc[root];
  assert.ok(top, `a <${root}>`);
  assert.equal(top['@_xmlns'], namespace);
  return (top[root === 'urlset' ? 'url' : 'sitemap'] as Entry[] | undefined) ?? [];
}

for (const kind of await databaseKinds()) {
  describe(`sitemap and robots.txt on ${kind}`, () => {
    let t: TestApp;
    let publicUrl: string;
    const articleUrls: string[] = [];
    let pollIds: { open: number; draft: number };
    const post = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: bearer(t.tokens.admin), payload });

    before(async () => {
      t = await startTestApp(kind);
      publicUrl = t.db.config.publicUrl;
      for (const [i, tags] of [['Kazakhstan'], ['Energy'], ['Energy'], []].entries()) {
        const res = await post('/api/v1/articles', {
          expert: 'author-expert',
          title: `Mapped ${i}`,
          lead: 'Lead.',
          body: 'Body.',
          tags,
          status: 'published',
          published_at: `2024-03-0${i + 1}T00:00:00Z`,
        });
        assert.equal(res.statusCode, 201, res.body);
        articleUrls.push((res.json() as { url: string }).url);
      }
      for (const [title, status, at] of [
        ['Unlisted draft', 'draft'],
        ['Unlisted future', 'published', '2999-01-01T00:00:00Z'],
      ] as const) {
        assert.equal((await post('/api/v1/articles', { expert: 'author-expert', title, lead: 'L.', body: 'B.', tags: ['Unlisted'], status, ...(at && { published_at: at }) })).statusCode, 201);
      }
      const open = (await post('/api/v1/polls', { question: 'Open?', options: ['Yes', 'No'], status: 'open' })).json() as { id: number };
      const draft = (await post('/api/v1/polls', { question: 'Draft?', options: ['Yes', 'No'] })).json() as { id: number };
      pollIds = { open: open.id, draft: draft.id };
    });
    after(() => t.close());

    test('one urlset lists every public page worth indexing, with absolute addresses and W3C dates', async () => {
      const res = await t.app.inject({ url: '/sitemap.xml' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
      const entries = parseSitemap(res.body, 'urlset');
      const locs = entries.map((e) => e.loc);
      for (const e of entries) {
        assert.ok(e.loc.startsWith(`${publicUrl}/`), e.loc);
        if (e.lastmod !== undefined) assert.match(e.lastmod, w3cDateTime);
      }
      assert.equal(new Set(locs).size, locs.length, 'each address once');
      const pages = [
        '/',
        '/blogs',
        '/polls',
        '/regions',
        '/countries',
        '/glossary',
        '/for-business',
        '/for-researchers',
        '/for-students',
        '/blogs/author-expert',
        '/tags/energy',
        '/countries/kz',
        '/regions/central-asia',
        `/polls/${pollIds.open}`,
      ];
      for (const page of pages) assert.ok(locs.includes(publicUrl + page), page);
      for (const url of articleUrls) assert.match(entries.find((e) => e.loc === url)?.lastmod ?? '', w3cDateTime, url);
      assert.ok(!locs.includes(`${publicUrl}/polls/${pollIds.draft}`), 'a draft poll is not public');
      assert.ok(!locs.some((l) => /unlisted|\/tags\/kazakhstan/.test(l)), 'no draft, no scheduled article, no tag only they carry, no place tag in place of its page');
    });

    test('past the chunk size, /sitemap.xml is an index of a pages sitemap and article chunks', async () => {
      const { app: other, ctx } = await buildApp(t.db.config, t.db.handle);
      const small: FastifyInstance = Fastify();
      // The app's error handler turns the routes' refusals (not found) into answers, as in the app.
      small.setErrorHandler(other.errorHandler);
      await small.register(async (scope) => feedRoutes(scope, ctx, { sitemapChunkSize: 3 }));
      try {
        const index = parseSitemap((await small.inject({ url: '/sitemap.xml' })).body, 'sitemapindex');
        assert.deepEqual(
          index.map((s) => s.loc),
          [`${publicUrl}/sitemaps/pages.xml`, `${publicUrl}/sitemaps/articles-1.xml`, `${publicUrl}/sitemaps/articles-2.xml`],
        );
        for (const s of index.slice(1)) assert.match(s.lastmod!, w3cDateTime);
        const chunks = await Promise.all(index.slice(1).map(async (s) => parseSitemap((await small.inject({ url: new URL(s.loc).pathname })).body, 'urlset').map((e) => e.loc)));
        assert.deepEqual(
          chunks.map((c) => c.length),
          [3, 1],
        );
        assert.deepEqual(chunks.flat().sort(), [...articleUrls].sort());
        const pages = parseSitemap((await small.inject({ url: '/sitemaps/pages.xml' })).body, 'urlset').map((e) => e.loc);
        assert.ok(pages.includes(`${publicUrl}/blogs/author-expert`));
        assert.ok(!pages.some((p) => articleUrls.includes(p)));
        for (const url of ['/sitemaps/articles-3.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-99999999999.xml', '/sitemaps/other.xml', '/sitemaps/%3Cscript%3E.xml']) {
          assert.equal((await small.inject({ url })).statusCode, 404, url);
        }
      } finally {
        await small.close();
        await other.close();
      }
    });

    test('robots.txt opens the site, closes the office, the API and search, and names the sitemap', async () => {
      const res = await t.app.inject({ url: '/robots.txt' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      const lines = res.body.split('\n');
      assert.equal(lines[0], 'User-agent: *');
      for (const rule of ['Disallow: /admin', 'Disallow: /api/', 'Disallow: /search', 'Allow: /', `Sitemap: ${publicUrl}/sitemap.xml`]) assert.ok(lines.includes(rule), rule);
    });
  });
}
