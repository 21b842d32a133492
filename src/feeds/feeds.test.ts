import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name, jpath) => ['item', 'entry', 'category', 'atom:link', 'author'].includes(name) || (String(jpath).startsWith('feed.') && name === 'link'),
});
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const rfc822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const decodeHtml = (html: string) => html.replace(/&(lt|gt|quot|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e]!);
/** What a reader would run as markup if an HTML field let a hostile string through unescaped. */
const liveMarkup = /<script|<svg|<img[^>]*onerror/i;

type Xml = Record<string, any>;

function parseXml(body: string): Xml {
  assert.equal(XMLValidator.validate(body), true, 'well-formed XML');
  return parser.parse(body) as Xml;
}

const expertName = 'Dana "Q" <Ray> & Sons';
const expertSlug = 'dana-q-ray-sons';
const cdataBreaker = 'Ends ]]> twice ]]> here';
const titles = [...hostileStrings, cdataBreaker];
const hostileTag = '<b>Trade</b> & "Tariffs" ]]>';

for (const kind of await databaseKinds()) {
  describe(`feeds on ${kind}`, () => {
    let t: TestApp;
    let publicUrl: string;
    const post = (url: string, payload: Record<string, unknown>, token = t.tokens.admin) => t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
    const get = (url: string) => t.app.inject({ url });
    let unpublishId: number;

    before(async () => {
      t = await startTestApp(kind);
      publicUrl = t.db.config.publicUrl;
      assert.equal((await post('/api/v1/experts', { name: expertName, bio: 'Writes <i>much</i> & often.' })).statusCode, 201);
      const form = multipartBody({ name: 'a.jpg', type: 'image/jpeg', bytes: await sampleJpeg() }, { alt: 'A "view" <of> it', credit: 'Desk & <Co>' });
      const image = (await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.admin), ...form.headers }, payload: form.payload })).json() as {
        id: number;
        url: string;
      };
      const body = `Text ${hostileStrings.join(' ')} ${cdataBreaker}[^1]\n\n[Other blog](/blogs/author-expert) and [up](x) and [out](https://example.org/a?b=1&c=2).\n\n![Map](${new URL(image.url, publicUrl).pathname})\n\n[^1]: A note.`;
      for (const [i, title] of titles.entries()) {
        const made = await post('/api/v1/articles', {
          expert: expertSlug,
          title,
          lead: `Lead ${hostileStrings[i % hostileStrings.length]}`,
          body,
          image: image.id,
          tags: [hostileTag, 'Plain'],
          status: 'published',
          published_at: `2024-01-${String(10 + i).padStart(2, '0')}T09:00:00Z`,
        });
        assert.equal(made.statusCode, 201, made.body);
      }
      for (const [title, status, at] of [
        ['Secret draft', 'draft'],
        ['Secret review', 'in_review'],
        ['Secret future', 'published', '2999-01-01T00:00:00Z'],
      ] as const) {
        const made = await post('/api/v1/articles', { expert: expertSlug, title, lead: 'Hidden.', body: 'Hidden.', tags: ['Hidden only'], status, ...(at && { published_at: at }) });
        assert.equal(made.statusCode, 201, made.body);
      }
      assert.equal((await post('/api/v1/experts', { name: 'Place Writer' })).statusCode, 201);
      for (const [title, tags] of [
        ['Steppe notes', ['Kazakhstan']],
        ['Region notes', ['Central Asia']],
        ['Elsewhere notes', ['Chile']],
      ] as const) {
        const made = await post('/api/v1/articles', { expert: 'place-writer', title, lead: 'L.', body: 'B.', tags, status: 'published', published_at: '2023-05-01T00:00:00Z' });
        assert.equal(made.statusCode, 201, made.body);
      }
      const going = await post('/api/v1/articles', {
        expert: 'author-expert',
        title: 'Soon withdrawn',
        lead: 'Here for now.',
        body: 'Body.',
        status: 'published',
        published_at: '2024-02-01T00:00:00Z',
      });
      unpublishId = (going.json() as { id: number }).id;
    });
    after(() => t.close());

    test('RSS 2.0: required channel and item elements, self link, plain-text titles that survive escaping', async () => {
      const res = await get('/feed.xml');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
      const { rss } = parseXml(res.body);
      assert.equal(rss['@_version'], '2.0');
      const channel = rss.channel;
      assert.equal(channel.title, 'Rostrum');
      assert.equal(channel.link, `${publicUrl}/`);
      assert.ok(typeof channel.description === 'string');
      assert.equal(channel.generator, 'Rostrum');
      assert.equal(channel.language, 'en');
      assert.deepEqual(
        channel['atom:link'].map((l: Xml) => [l['@_rel'], l['@_href']]),
        [['self', `${publicUrl}/feed.xml`]],
      );
      const items: Xml[] = channel.item;
      assert.equal(items.length, titles.length + 4);
      assert.equal(items[0]!.title, 'Soon withdrawn', 'newest first');
      const ours = items.slice(1, titles.length + 1);
      assert.deepEqual(
        ours.map((i) => i.title),
        [...titles].reverse(),
      );
      for (const item of ours) {
        assert.match(item.link, new RegExp(`^${publicUrl}/blogs/${expertSlug}/`));
        assert.equal(item.guid['#text'], item.link);
        assert.equal(item.guid['@_isPermaLink'], 'true');
        assert.match(item.pubDate, rfc822);
        assert.equal(item['dc:creator'], expertName);
        assert.deepEqual(
          item.category.map((c: Xml) => c['#text'] ?? c),
          [hostileTag, 'Plain'],
        );
        assert.match(item.enclosure['@_url'], new RegExp(`^${publicUrl}/media/`));
        assert.equal(item.enclosure['@_type'], 'image/jpeg');
        assert.doesNotMatch(item.description, liveMarkup);
        assert.ok(decodeHtml(item.description).startsWith('Lead '));
        assert.doesNotMatch(item['content:encoded'], liveMarkup);
      }
      assert.match(channel.lastBuildDate, rfc822);
      assert.doesNotMatch(res.body, /Secret|Hidden/);
    });

    test('Atom 1.0: required feed and entry elements, RFC 3339 dates, HTML titles escaped once', async () => {
      const res = await get(`/blogs/${expertSlug}/atom.xml`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
      const { feed } = parseXml(res.body);
      assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
      assert.equal(feed.id, `${publicUrl}/blogs/${expertSlug}`);
      assert.equal(feed.title, `${expertName}'s Blog — Rostrum`);
      assert.match(feed.updated, rfc3339);
      assert.deepEqual(
        feed.author.map((a: Xml) => a.name),
        [expertName],
      );
      const links = new Map(feed.link.map((l: Xml) => [l['@_rel'], l['@_href']]));
      assert.equal(links.get('self'), `${publicUrl}/blogs/${expertSlug}/atom.xml`);
      assert.equal(links.get('alternate'), `${publicUrl}/blogs/${expertSlug}`);
      const entries: Xml[] = feed.entry;
      assert.deepEqual(
        entries.map((e) => decodeHtml(e.title['#text'])),
        [...titles].reverse(),
      );
      for (const entry of entries) {
        assert.equal(entry.title['@_type'], 'html');
        assert.doesNotMatch(entry.title['#text'], liveMarkup);
        assert.match(entry.id, new RegExp(`^${publicUrl}/blogs/${expertSlug}/`));
        assert.match(entry.updated, rfc3339);
        assert.match(entry.published, rfc3339);
        assert.equal(entry.link.find((l: Xml) => !l['@_rel'])['@_href'], entry.id);
        assert.ok(entry.link.some((l: Xml) => l['@_rel'] === 'enclosure'));
        assert.equal(entry.content['@_type'], 'html');
        assert.doesNotMatch(entry.content['#text'], liveMarkup);
        assert.doesNotMatch(entry.summary['#text'], liveMarkup);
        assert.deepEqual(
          entry.category.map((c: Xml) => c['@_term']),
          ['b-trade-b-tariffs', 'plain'],
        );
      }
      assert.equal(
        feed.updated,
        entries
          .map((e) => e.updated)
          .sort()
          .pop(),
        'the newest entry’s time, not now',
      );
    });

    test('JSON Feed 1.1: version, items with id, url, content_html, RFC 3339 dates and authors', async () => {
      const res = await get(`/tags/plain/feed.json`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8');
      const feed = res.json() as Xml;
      assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
      assert.equal(feed.title, 'Plain — Rostrum');
      assert.equal(feed.feed_url, `${publicUrl}/tags/plain/feed.json`);
      assert.equal(feed.home_page_url, `${publicUrl}/tags/plain`);
      assert.equal(feed.items.length, titles.length);
      for (const item of feed.items as Xml[]) {
        assert.equal(item.id, item.url);
        assert.ok(titles.includes(item.title));
        assert.match(item.date_published, rfc3339);
        assert.match(item.date_modified, rfc3339);
        assert.deepEqual(item.authors, [{ name: expertName, url: `${publicUrl}/blogs/${expertSlug}` }]);
        assert.deepEqual(item.tags, [hostileTag, 'Plain']);
        assert.match(item.image, new RegExp(`^${publicUrl}/media/`));
        assert.doesNotMatch(item.content_html, liveMarkup);
      }
    });

    test('content is the sanitised body with absolute links and images, the hero image on top', async () => {
      const feed = (await get('/feed.json')).json() as Xml;
      const item = feed.items.find((i: Xml) => i.title === cdataBreaker) as Xml;
      const html: string = item.content_html;
      assert.match(
        html,
        /^<figure><img src="http[^"]+\/media\/[^"]+" alt="A &quot;view&quot; &lt;of&gt; it" width="\d+" height="\d+"><figcaption>Source: Desk &amp; &lt;Co&gt;<\/figcaption><\/figure>/,
      );
      assert.ok(html.includes(`href="${publicUrl}/blogs/author-expert"`), html);
      assert.ok(html.includes(`href="${publicUrl}/blogs/${expertSlug}/x"`), 'relative to the article');
      assert.ok(html.includes('href="https://example.org/a?b=1&amp;c=2"'), 'other sites untouched');
      assert.ok(html.includes(`href="${item.url}#fn1"`), 'footnote links point into the article');
      assert.match(html, new RegExp(`<img src="${publicUrl}/media/[^"]+" alt="Map"`));
      assert.doesNotMatch(html, /(?:href|src)="\/(?!\/)/, 'no root-relative address left');
    });

    test('drafts, articles in review and scheduled ones never appear; a tag only they carry has no feed', async () => {
      for (const url of ['/feed.xml', '/atom.xml', '/feed.json', `/blogs/${expertSlug}/feed.xml`, '/tags/plain/atom.xml']) {
        assert.doesNotMatch((await get(url)).body, /Secret|Hidden/, url);
      }
      assert.equal((await get('/tags/hidden-only/feed.xml')).statusCode, 404);
    });

    test('a region’s feed gathers its own and its countries’ articles, a country’s its own', async () => {
      const titlesIn = async (url: string) => ((await get(url)).json() as { items: Array<{ title: string }> }).items.map((i) => i.title);
      assert.deepEqual((await titlesIn('/regions/central-asia/feed.json')).sort(), ['Region notes', 'Steppe notes']);
      assert.deepEqual(await titlesIn('/countries/kz/feed.json'), ['Steppe notes']);
      assert.deepEqual(await titlesIn('/countries/KZ/feed.json'), ['Steppe notes']);
      assert.deepEqual(await titlesIn('/countries/fr/feed.json'), [], 'a country with nothing yet has an empty feed, as its page is empty');
      const { feed } = parseXml((await get('/regions/central-asia/atom.xml')).body);
      assert.equal(feed.title, 'Central Asia — Rostrum');
      assert.equal(feed.link.find((l: Xml) => l['@_rel'] === 'self')['@_href'], `${publicUrl}/regions/central-asia/atom.xml`);
      const { rss } = parseXml((await get('/countries/kz/feed.xml')).body);
      assert.equal(rss.channel.link, `${publicUrl}/countries/kz`);
      const moved = await get('/tags/kazakhstan/atom.xml');
      assert.equal(moved.statusCode, 301, 'a place’s tag leads to the place’s feed, as its page does');
      assert.equal(moved.headers.location, '/countries/kz/atom.xml');
      for (const url of ['/regions/nowhere/feed.xml', '/countries/zz/atom.xml', '/countries/kaz/feed.json', `/regions/${encodeURIComponent(hostileStrings[0]!)}/feed.xml`]) {
        assert.equal((await get(url)).statusCode, 404, url);
      }
    });

    test('unknown or hostile experts and tags are 404, never 500', async () => {
      for (const url of [
        '/blogs/nobody/feed.xml',
        '/blogs/nobody/atom.xml',
        '/blogs/nobody/feed.json',
        '/tags/nothing/feed.xml',
        `/blogs/${encodeURIComponent(hostileStrings[0]!)}/feed.xml`,
        `/tags/${encodeURIComponent(hostileStrings[1]!)}/feed.json`,
        `/blogs/${'a'.repeat(400)}/atom.xml`,
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.doesNotMatch(res.body, /<script>alert/, url);
      }
    });

    test('feeds are byte-stable and cached like pages; unpublishing drops the article from them', async () => {
      const [a, b] = [await get('/feed.xml?fresh=1'), await get('/feed.xml?fresh=2')];
      assert.equal(a.body, b.body, 'rendered twice, the same bytes');
      await get('/atom.xml');
      const cached = await get('/atom.xml');
      assert.equal(cached.headers['x-cache'], 'hit');
      assert.equal(cached.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.ok(cached.body.includes('Soon withdrawn'));
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${unpublishId}`, headers: bearer(t.tokens.admin), payload: { status: 'draft' } });
      assert.equal(res.statusCode, 200, res.body);
      for (const url of ['/atom.xml', '/feed.xml', '/feed.json', '/blogs/author-expert/feed.json']) {
        assert.ok(!(await get(url)).body.includes('Soon withdrawn'), url);
      }
    });

    test('an expert with nothing published has a valid, empty feed', async () => {
      const { feed } = parseXml((await get('/blogs/author-expert/atom.xml')).body);
      assert.equal(feed.entry, undefined);
      assert.match(feed.updated, rfc3339);
      const rss = parseXml((await get('/blogs/author-expert/feed.xml')).body);
      assert.equal(rss.rss.channel.title, "Author Expert's Blog — Rostrum");
    });

    test('pages announce their feeds with <link rel="alternate">', async () => {
      const article = ((await get('/api/v1/public/articles')).json() as { items: Array<{ url: string }> }).items[0]!;
      const expected: Array<[string, string]> = [
        ['/', ''],
        [`/blogs/${expertSlug}`, `/blogs/${expertSlug}`],
        [new URL(article.url).pathname, `/blogs/${expertSlug}`],
        ['/tags/plain', '/tags/plain'],
        ['/regions/central-asia', '/regions/central-asia'],
        ['/countries/kz', '/countries/kz'],
      ];
      for (const [page, base] of expected) {
        const html = (await get(page)).body;
        for (const [type, file] of [
          ['application/rss+xml', 'feed.xml'],
          ['application/atom+xml', 'atom.xml'],
          ['application/feed+json', 'feed.json'],
        ] as const) {
          const link = new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="${publicUrl}${base}/${file}"`);
          assert.match(html, link, `${page} announces ${base}/${file}`);
        }
      }
    });
  });
}
