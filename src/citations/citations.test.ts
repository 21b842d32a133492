import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseHtml, type HTMLElement } from 'node-html-parser';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';

const profileLinks = ['https://orcid.org/0000-0002-1825-0097', 'https://www.linkedin.com/in/amara-okafor', 'https://amara.example/'];
const article = {
  title: 'Storage & the Grid: 50% more {braces} under_score',
  lead: 'Batteries are changing how grids balance — and who pays. Ünïcödé too.',
  tags: ['Energy', 'Central Asia'],
  published_at: '2021-12-17T10:00:00Z',
};
const base = 'http://rostrum.test';
/** biblatex's convention is that styles may change a title's case; the round trip compares the text as written. */
const readAsWritten = { sentenceCase: false } as const;
const path = '/blogs/amara-okafor/storage-the-grid-50-more-braces-under-score';

/** Content of the first <meta> with this name or property; all of them with `all`. */
function metaValues(doc: HTMLElement, key: string): string[] {
  return doc
    .querySelectorAll('meta')
    .filter((m) => m.getAttribute('name') === key || m.getAttribute('property') === key)
    .map((m) => m.getAttribute('content') ?? '');
}
const meta = (doc: HTMLElement, key: string) => metaValues(doc, key)[0];

function jsonLdOf(html: string) {
  const scripts = parseHtml(html).querySelectorAll('script[type="application/ld+json"]');
  assert.equal(scripts.length, 1);
  return JSON.parse(scripts[0]!.rawText) as Record<string, any>;
}

for (const kind of await databaseKinds()) {
  describe(`citations and article metadata on ${kind}`, () => {
    let t: TestApp;
    let imageId: number;
    before(async () => {
      t = await startTestApp(kind);
      const expert = await t.app.inject({
        method: 'POST',
        url: '/api/v1/experts',
        headers: bearer(t.tokens.admin),
        payload: { name: 'Amara Okafor', title: 'Senior Fellow', affiliation: 'Energy Programme', same_as: profileLinks },
      });
      assert.equal(expert.statusCode, 201, expert.body);
      const form = multipartBody(
        { name: 'hero.jpg', type: 'image/jpeg', bytes: await sampleJpeg(1600, 900) },
        { alt: 'Battery banks at dusk', credit: 'Photo Desk', credit_url: 'https://photos.example/1' },
      );
      const media = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...form.headers }, payload: form.payload });
      assert.equal(media.statusCode, 201, media.body);
      imageId = (media.json() as { id: number }).id;
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'amara-okafor', ...article, body: 'Body text.', image: imageId, status: 'published' },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((created.json() as { url: string }).url, base + path);
      const draft = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'amara-okafor', title: 'Unfinished', lead: 'Not yet.', body: 'Draft.', status: 'draft' },
      });
      assert.equal(draft.statusCode, 201, draft.body);
    });
    after(() => t.close());

    test('the article page carries Open Graph, Twitter, Highwire and Dublin Core metadata', async () => {
      const res = await t.app.inject({ url: path });
      assert.equal(res.statusCode, 200);
      const doc = parseHtml(res.body);
      assert.equal(doc.querySelectorAll('link[rel="canonical"]').length, 1);
      assert.equal(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'), base + path);
      assert.equal(metaValues(doc, 'description').length, 1);
      assert.equal(meta(doc, 'description'), article.lead);
      assert.equal(meta(doc, 'og:type'), 'article');
      assert.equal(meta(doc, 'og:title'), article.title);
      assert.equal(meta(doc, 'og:description'), article.lead);
      assert.equal(meta(doc, 'og:url'), base + path);
      assert.equal(meta(doc, 'og:site_name'), 'Rostrum');
      assert.equal(meta(doc, 'og:locale'), 'en_US');
      assert.match(meta(doc, 'og:image')!, /^http:\/\/rostrum\.test\/media\/[0-9a-f]+\/1200\.jpg$/);
      assert.equal(meta(doc, 'og:image:width'), '1200');
      assert.equal(meta(doc, 'og:image:height'), '675');
      assert.equal(meta(doc, 'og:image:alt'), 'Battery banks at dusk');
      assert.equal(meta(doc, 'article:published_time'), '2021-12-17T10:00:00.000Z');
      assert.ok(meta(doc, 'article:modified_time'));
      assert.equal(meta(doc, 'article:author'), `${base}/blogs/amara-okafor`);
      assert.deepEqual(metaValues(doc, 'article:tag').sort(), ['Central Asia', 'Energy']);
      assert.equal(meta(doc, 'twitter:card'), 'summary_large_image');
      assert.equal(meta(doc, 'twitter:title'), article.title);
      assert.equal(meta(doc, 'twitter:image'), meta(doc, 'og:image'));
      assert.equal(meta(doc, 'twitter:image:alt'), 'Battery banks at dusk');

      assert.equal(meta(doc, 'citation_title'), article.title);
      assert.deepEqual(metaValues(doc, 'citation_author'), ['Okafor, Amara']);
      assert.equal(meta(doc, 'citation_publication_date'), '2021/12/17');
      assert.equal(meta(doc, 'citation_online_date'), '2021/12/17');
      assert.equal(meta(doc, 'citation_publisher'), 'Rostrum');
      assert.equal(meta(doc, 'citation_technical_report_institution'), undefined, 'a blog post, not a report');
      assert.equal(meta(doc, 'citation_language'), 'en');
      assert.equal(meta(doc, 'citation_abstract_html_url'), base + path);
      assert.equal(meta(doc, 'citation_fulltext_html_url'), base + path);
      assert.equal(metaValues(doc, 'citation_pdf_url').length, 0);
      assert.equal(meta(doc, 'DC.title'), article.title);
      assert.equal(meta(doc, 'DC.date'), '2021-12-17');
      // No translations yet, so no hreflang alternates.
      assert.equal(doc.querySelectorAll('link[hreflang]').length, 0);
    });

    test('JSON-LD describes a BlogPosting with its author, publisher, image and keywords', async () => {
      const ld = jsonLdOf((await t.app.inject({ url: path })).body);
      assert.equal(ld['@context'], 'https://schema.org');
      assert.equal(ld['@type'], 'BlogPosting');
      assert.equal(ld.headline, article.title);
      assert.equal(ld.description, article.lead);
      assert.equal(ld.datePublished, '2021-12-17T10:00:00.000Z');
      assert.ok(typeof ld.dateModified === 'string');
      assert.equal(ld.inLanguage, 'en');
      assert.equal(ld.url, base + path);
      assert.equal(ld.mainEntityOfPage['@id'], base + path);
      assert.deepEqual(ld.author, {
        '@type': 'Person',
        name: 'Amara Okafor',
        url: `${base}/blogs/amara-okafor`,
        jobTitle: 'Senior Fellow',
        affiliation: { '@type': 'Organization', name: 'Energy Programme' },
        sameAs: profileLinks,
      });
      assert.deepEqual(ld.publisher, { '@type': 'Organization', name: 'Rostrum', url: base });
      assert.equal(ld.image['@type'], 'ImageObject');
      assert.equal(ld.image.url, meta(parseHtml((await t.app.inject({ url: path })).body), 'og:image'));
      assert.deepEqual(
        [ld.image.width, ld.image.height, ld.image.caption, ld.image.creditText, ld.image.acquireLicensePage],
        [1200, 675, 'Battery banks at dusk', 'Photo Desk', 'https://photos.example/1'],
      );
      assert.deepEqual(ld.keywords.sort(), ['Central Asia', 'Energy']);
      assert.deepEqual(ld.isPartOf, { '@type': 'Blog', name: "Amara Okafor's Blog", url: `${base}/blogs/amara-okafor` });
    });

    test('the page offers the three styles and the three downloads; the print version carries a suggested citation', async () => {
      const doc = parseHtml((await t.app.inject({ url: path })).body);
      const block = doc.querySelector('section.cite');
      assert.ok(block);
      assert.equal(block.getAttribute('aria-labelledby'), 'cite-heading');
      assert.equal(doc.getElementById('cite-apa')?.text, `Okafor, A. (2021, December 17). ${article.title}. Amara Okafor's Blog. ${base}${path}`);
      assert.equal(doc.getElementById('cite-apa')?.innerHTML, `Okafor, A. (2021, December 17). Storage &amp; the Grid: 50% more {braces} under_score. <i>Amara Okafor's Blog</i>. ${base}${path}`);
      assert.ok(doc.getElementById('cite-chicago'));
      assert.ok(doc.getElementById('cite-mla'));
      assert.deepEqual(
        block.querySelectorAll('.cite-downloads a').map((a) => a.getAttribute('href')),
        ['bib', 'ris', 'json'].map((e) => `${path}/cite.${e}`),
      );
      const print = parseHtml((await t.app.inject({ url: `${path}/print` })).body);
      assert.equal(print.querySelector('.suggested-citation')?.text, `Suggested citation: Okafor, Amara. “${article.title}.” Amara Okafor's Blog, Rostrum, December 17, 2021. ${base}${path}.`);
    });

    test('the BibTeX file parses back to the article’s fields', async () => {
      const res = await t.app.inject({ url: `${path}/cite.bib` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/x-bibtex; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="storage-the-grid-50-more-braces-under-score.bib"');
      const { entries, errors } = parseBibtex(res.body, readAsWritten);
      assert.deepEqual(errors, []);
      assert.equal(entries.length, 1);
      const entry = entries[0]!;
      assert.equal(entry.type, 'online');
      assert.equal(entry.key, 'okafor2021storage');
      assert.equal(entry.fields.title, article.title);
      assert.deepEqual(entry.fields.author, [{ lastName: 'Okafor', firstName: 'Amara' }]);
      assert.equal(entry.fields.date, '2021-12-17');
      assert.equal(entry.fields.url, base + path);
      assert.deepEqual(entry.fields.organization, ['Rostrum']);
      assert.equal(entry.fields.abstract, article.lead);
      assert.equal(entry.fields.titleaddon, "Amara Okafor's Blog");
      assert.equal(entry.fields.langid, 'english');
    });

    test('the RIS file parses back to the article’s fields, with CRLF line endings', async () => {
      const res = await t.app.inject({ url: `${path}/cite.ris` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/x-research-info-systems; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="storage-the-grid-50-more-braces-under-score.ris"');
      assert.ok(
        res.body
          .split('\r\n')
          .slice(0, -1)
          .every((line) => /^[A-Z][A-Z0-9] {2}- /.test(line)),
        res.body,
      );
      assert.ok(!/[^\r]\n/.test(res.body));
      const [item] = (await Cite.async(res.body)).data as Array<Record<string, any>>;
      assert.equal(item!.type, 'post-weblog');
      assert.equal(item!.title, article.title);
      assert.deepEqual(item!.author, [{ family: 'Okafor', given: 'Amara' }]);
      assert.deepEqual(item!.issued, { 'date-parts': [[2021, 12, 17]] });
      assert.equal(item!.URL, base + path);
      assert.equal(item!.publisher, 'Rostrum');
      assert.equal(item!.abstract, article.lead);
      assert.equal(item!['container-title'], "Amara Okafor's Blog");
      assert.equal(item!.language, 'en');
    });

    test('the CSL-JSON file is one post-weblog item with fields of the right types', async () => {
      const res = await t.app.inject({ url: `${path}/cite.json` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.citationstyles.csl+json; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="storage-the-grid-50-more-braces-under-score.json"');
      const items = res.json() as Array<Record<string, unknown>>;
      assert.ok(Array.isArray(items) && items.length === 1);
      const item = items[0]!;
      assert.deepEqual(item, {
        id: 'okafor2021storage',
        type: 'post-weblog',
        title: article.title,
        author: [{ family: 'Okafor', given: 'Amara' }],
        issued: { 'date-parts': [[2021, 12, 17]] },
        'container-title': "Amara Okafor's Blog",
        publisher: 'Rostrum',
        URL: base + path,
        abstract: article.lead,
        language: 'en',
        keyword: 'Energy, Central Asia',
      });
      // citation-js reads it as CSL too.
      assert.equal(((await Cite.async(res.body)).data as Array<{ title: string }>)[0]!.title, article.title);
    });

    test('citation files come from the page cache for anonymous readers, headers and all', async () => {
      const first = await t.app.inject({ url: `${path}/cite.ris` });
      const second = await t.app.inject({ url: `${path}/cite.ris` });
      assert.equal(second.headers['x-cache'], 'hit');
      assert.equal(second.body, first.body);
      assert.equal(second.headers['content-disposition'], first.headers['content-disposition']);
      assert.equal(second.headers['content-type'], first.headers['content-type']);
      assert.ok(second.headers['content-security-policy']);
    });

    test('drafts, unknown and malformed addresses are 404 for every format', async () => {
      for (const ext of ['bib', 'ris', 'json']) {
        for (const url of [
          `/blogs/amara-okafor/unfinished/cite.${ext}`,
          `/blogs/amara-okafor/nothing/cite.${ext}`,
          `/blogs/nobody/storage/cite.${ext}`,
          `/blogs/%3Cscript%3E/x%22y/cite.${ext}`,
          `/blogs/${'a'.repeat(400)}/b/cite.${ext}`,
        ]) {
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 404, `${url}: ${res.statusCode}`);
        }
      }
    });

    test('hostile titles, leads and names stay inside their attributes and the JSON-LD block', async () => {
      for (const [i, hostile] of [...hostileStrings, '</script><script>alert(1)</script>', '<!--', '\u2028\u2029 & > <'].entries()) {
        const expert = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: `A ${hostile} ${i}`, slug: `hostile-${i}`, title: hostile } });
        assert.equal(expert.statusCode, 201, expert.body);
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/articles',
          headers: bearer(t.tokens.editor),
          payload: {
            expert: `hostile-${i}`,
            title: `A ${hostile} title`,
            lead: `A ${hostile} lead`,
            body: 'Body.',
            tags: [`A ${hostile} tag`.slice(0, 60)],
            status: 'published',
            slug: `hostile-${i}`,
          },
        });
        assert.equal(created.statusCode, 201, created.body);
        const html = (await t.app.inject({ url: `/blogs/hostile-${i}/hostile-${i}` })).body;
        const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
        assert.ok(!/[<>]/.test(script), script);
        const ld = jsonLdOf(html);
        assert.equal(ld.headline, `A ${hostile} title`);
        assert.equal(ld.description, `A ${hostile} lead`);
        assert.equal(ld.author.name, `A ${hostile} ${i}`);
        const doc = parseHtml(html);
        assert.equal(meta(doc, 'og:title'), `A ${hostile} title`);
        assert.equal(meta(doc, 'citation_title'), `A ${hostile} title`);
        assert.equal(meta(doc, 'twitter:description'), `A ${hostile} lead`);
        assert.ok(!html.includes('<script>alert'), 'no script element is opened by the text');
        assert.ok(!html.includes('<img src=x'), 'no element is opened by the text');
        for (const ext of ['bib', 'ris', 'json']) assert.equal((await t.app.inject({ url: `/blogs/hostile-${i}/hostile-${i}/cite.${ext}` })).statusCode, 200);
        const bib = parseBibtex((await t.app.inject({ url: `/blogs/hostile-${i}/hostile-${i}/cite.bib` })).body, readAsWritten);
        assert.deepEqual(bib.errors, []);
        assert.equal(bib.entries[0]!.fields.title, `A ${hostile} title`.replace(/\s+/g, ' ').trim());
      }
    });
  });
}
