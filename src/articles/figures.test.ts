import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { figureMarkdown } from '../views/figure-markdown.ts';
import { getArticleById } from './store.ts';

/** A real image of its own colour, so that each test stores new bytes. */
const image = (r: number, width = 1000, height = 500) =>
  sharp({ create: { width, height, channels: 3, background: { r, g: 80, b: 120 } } })
    .png()
    .toBuffer();

for (const kind of await databaseKinds()) {
  describe(`figures in articles' bodies on ${kind}`, () => {
    let t: TestApp;
    let editor: OfficeSession;
    const publicUrl = () => t.db.config.publicUrl;

    before(async () => {
      t = await startTestApp(kind);
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
    });
    after(() => t.close());

    async function upload(r: number, description: Record<string, string>, token = t.tokens.editor) {
      const body = multipartBody({ name: 'chart.png', type: 'image/png', bytes: await image(r) }, description);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(token), ...body.headers }, payload: body.payload });
      assert.equal(res.statusCode, 201, res.body);
      const media = res.json() as { id: number; url: string; hash: string };
      return { ...media, path: new URL(media.url).pathname };
    }

    async function publish(title: string, body: string) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title, lead: 'A lead.', body, status: 'published' },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; url: string };
    }

    const get = (url: string) => t.app.inject({ method: 'GET', url });

    test('a figure of the library is a <figure> with its variants, size, caption and credit on the page, in print and in feeds', async () => {
      const media = await upload(31, { alt: 'Library alt', credit: 'UN Water', credit_url: 'https://example.org/water?a=1&b=2' });
      const body = `Before the chart.\n\n${figureMarkdown({ src: media.path, alt: 'Rainfall by month, 2020', caption: 'Rainfall fell by a third.' })}\n\nAfter the chart.`;
      const article = await publish('Rain and its charts', body);
      const path = new URL(article.url).pathname;
      for (const url of [path, `${path}/print`]) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        const figure = /<figure class="body-figure">[\s\S]*?<\/figure>/.exec(res.body)?.[0];
        assert.ok(figure, `${url} has the figure`);
        // Every variant the media item has, in every format, at its width; the fallback with its size.
        for (const format of ['avif', 'webp', 'jpg']) for (const w of [480, 800]) assert.ok(figure.includes(`/media/${media.hash}/${w}.${format} ${w}w`), `${url}: ${format} ${w}`);
        assert.match(figure, /<img src="\/media\/[0-9a-f]{64}\/1000\.jpg" alt="Rainfall by month, 2020" width="1000" height="500"/);
        assert.match(figure, /sizes="\(min-width: 48rem\) 42rem, 100vw"/);
        assert.match(
          figure,
          /<figcaption><p class="caption">Rainfall fell by a third\.<\/p><p class="credit">Source: <a href="https:\/\/example\.org\/water\?a=1&amp;b=2" rel="noopener nofollow">UN Water<\/a><\/p><\/figcaption>/,
        );
      }
      const feed = (await get('/feed.json')).json() as { items: Array<{ url: string; content_html: string }> };
      const entry = feed.items.find((i) => i.url === article.url);
      assert.ok(entry);
      assert.match(entry.content_html, /<figure class="body-figure">/);
      assert.ok(entry.content_html.includes(`srcset="${publicUrl()}/media/${media.hash}/480.avif 480w, ${publicUrl()}/media/${media.hash}/800.avif 800w`), entry.content_html.slice(0, 600));
      assert.ok(entry.content_html.includes(`src="${publicUrl()}/media/${media.hash}/1000.jpg"`));
      assert.match(entry.content_html, /Source: <a href="https:\/\/example\.org\/water/);
      const rss = (await get('/feed.xml')).body;
      assert.ok(rss.includes(`${publicUrl()}/media/${media.hash}/800.webp 800w`));
    });

    test('a figure without alt text of its own takes the library’s, and without a caption still shows the credit', async () => {
      const media = await upload(32, { alt: 'A map of the basin', credit: 'Basin Authority' });
      const article = await publish('The basin', `![](${media.path})`);
      const html = (await getArticleById(t.db.handle, article.id))!.bodyHtml;
      assert.match(html, /<figure class="body-figure"><picture>[\s\S]*alt="A map of the basin"[\s\S]*<figcaption><p class="credit">Source: Basin Authority<\/p><\/figcaption><\/figure>/);
    });

    test('hostile captions, alt texts and credits come out escaped', async () => {
      for (const [i, hostile] of hostileStrings.entries()) {
        const media = await upload(40 + i, { alt: hostile, credit: hostile });
        const article = await publish(`Hostile ${i}`, figureMarkdown({ src: media.path, alt: hostile, caption: hostile }));
        const page = (await get(new URL(article.url).pathname)).body;
        const figure = /<figure class="body-figure">[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
        assert.ok(figure, hostile);
        // Escaped: the words may show, but never as a tag or an attribute of their own.
        assert.doesNotMatch(figure, /<script|<svg|<img src=x/i, hostile);
        if (/[<>"]/.test(hostile)) assert.ok(!figure.includes(hostile), hostile);
        assert.doesNotMatch(figure, /href="javascript/i);
      }
    });

    test('a credit changed later shows in every body that uses the image, at once', async () => {
      const media = await upload(50, { alt: 'Exports', credit: 'Old Bureau' });
      const one = await publish('Exports one', figureMarkdown({ src: media.path, alt: 'Exports', caption: 'One' }));
      const two = await publish('Exports two', `Text.\n\n${figureMarkdown({ src: media.path, alt: 'Exports', caption: 'Two' })}`);
      const pathOne = new URL(one.url).pathname;
      assert.match((await get(pathOne)).body, /Source: Old Bureau/);
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/media/${media.id}`,
        headers: bearer(t.tokens.editor),
        payload: { credit: 'New Bureau', credit_url: 'https://example.org/bureau' },
      });
      assert.equal(res.statusCode, 200, res.body);
      for (const article of [one, two]) {
        const page = (await get(new URL(article.url).pathname)).body;
        assert.match(page, /Source: <a href="https:\/\/example\.org\/bureau" rel="noopener nofollow">New Bureau<\/a>/);
        assert.doesNotMatch(page, /Old Bureau/);
      }
    });

    test('an image used as a figure counts as used: an author may not rewrite its credit once a published body shows it', async () => {
      const media = await upload(55, { alt: 'A chart', credit: 'Kept' }, t.tokens.author);
      await publish('Uses the author’s upload', figureMarkdown({ src: media.path, alt: 'A chart', caption: 'c' }));
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/media/${media.id}`, headers: bearer(t.tokens.author), payload: { credit: 'Rewritten' } });
      assert.equal(res.statusCode, 403, res.body);
    });

    test('an address that names no stored image stays a plain image, with no variants, and breaks nothing', async () => {
      const unknown = `/media/${'e'.repeat(64)}/800.jpg`;
      const article = await publish('Unknown image', `![Gone](${unknown} "A caption")\n\n![Bad](/media/not-a-hash/800.jpg)`);
      const html = (await getArticleById(t.db.handle, article.id))!.bodyHtml;
      assert.match(html, new RegExp(`<figure><img src="${unknown}" alt="Gone" /><figcaption>A caption</figcaption></figure>`));
      assert.doesNotMatch(html, /srcset|<picture/);
      assert.equal((await get(new URL(article.url).pathname)).statusCode, 200);
    });

    test('another site’s image is not shown, and the editor says why, without JavaScript', async () => {
      const body = 'Text.\n\n![Outside](https://other.example/chart.png "A chart")\n\n![Inline](data:image/png;base64,iVBORw0KGgo=)\n\n![Relative](images/chart.png)';
      const article = await publish('Outside images', body);
      const page = (await get(new URL(article.url).pathname)).body;
      assert.doesNotMatch(page, /other\.example|data:image|images\/chart/);
      const editorPage = await editor.get(`/admin/articles/${article.id}`);
      assert.equal(editorPage.statusCode, 200);
      const warnings = /<section class="figure-warnings"[\s\S]*?<\/section>/.exec(editorPage.body)?.[0] ?? '';
      assert.doesNotMatch(warnings, /hidden/);
      assert.match(warnings, /Images that will not be shown/);
      assert.match(warnings, /https:\/\/other\.example\/chart\.png<\/code> It is on another site\./);
      assert.match(warnings, /data:image\/png;base64,iVBORw0KGgo=<\/code> It is written into the text itself/);
      assert.match(warnings, /images\/chart\.png<\/code> Its address is relative/);
      // A body with only the site's own images has nothing to list.
      const clean = await publish('Own images only', 'Just text.');
      const cleanPage = (await editor.get(`/admin/articles/${clean.id}`)).body;
      assert.match(cleanPage, /<section class="figure-warnings"[^>]*hidden/);
      assert.match(cleanPage, /href="\/admin\/media" target="_blank"/);
    });

    test('the editor’s preview draws the figure as it will be published', async () => {
      const media = await upload(60, { alt: 'Preview alt', credit: 'Preview Source' });
      const res = await editor.json('POST', '/admin/articles/preview', { body: figureMarkdown({ src: media.path, alt: 'Alt', caption: 'Seen in the preview' }) });
      assert.equal(res.statusCode, 200, res.body);
      const { html } = res.json() as { html: string };
      assert.match(html, /<figure class="body-figure"><picture><source type="image\/avif" srcset="\/media\/[0-9a-f]{64}\/480\.avif 480w/);
      assert.match(html, /<p class="caption">Seen in the preview<\/p><p class="credit">Source: Preview Source<\/p>/);
    });

    test('a Russian article says “Источник:” under its figures', async () => {
      const media = await upload(61, { alt: 'Карта', credit: 'Росстат' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Карта', lead: 'Лид.', body: figureMarkdown({ src: media.path, alt: 'Карта', caption: 'Подпись' }), status: 'draft', language: 'ru' },
      });
      if (res.statusCode !== 201) return; // a site without the Russian edition refuses the language; nothing to check then
      const html = (await getArticleById(t.db.handle, (res.json() as { id: number }).id))!.bodyHtml;
      assert.match(html, /<p class="credit">Источник: Росстат<\/p>/);
    });
  });
}
