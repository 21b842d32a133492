import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageAddressProblem, imagesInMarkdown, mediaHashOf, renderMarkdown, sanitizeBodyHtml, type BodyFigures } from './markdown.ts';
import { figureMarkdown } from './figure-markdown.ts';
import type { PictureView } from './picture.tsx';
import { readableBody } from '../articles/reading.ts';

const hash = 'c'.repeat(64);
const src = `/media/${hash}/1600.jpg`;
const picture: PictureView = {
  src: `/media/${hash}/1200.jpg`,
  width: 1200,
  height: 675,
  alt: 'The library’s alt',
  credit: 'Central Bank',
  creditUrl: 'https://bank.example/data',
  sources: [
    { type: 'image/avif', srcset: `/media/${hash}/480.avif 480w, /media/${hash}/1200.avif 1200w` },
    { type: 'image/jpeg', srcset: `/media/${hash}/480.jpg 480w, /media/${hash}/1200.jpg 1200w` },
  ],
};
const figures: BodyFigures = { images: new Map([[hash, picture]]), creditLabel: 'Source:' };

test('a library image alone in its paragraph is a figure: variants, size, caption, then the credit as the hero has it', () => {
  assert.equal(
    renderMarkdown(`![Inflation, 2020–2025](${src} "Prices rose fastest in 2022.")`, figures),
    '<figure class="body-figure"><picture>' +
      `<source type="image/avif" srcset="/media/${hash}/480.avif 480w, /media/${hash}/1200.avif 1200w" sizes="(min-width: 48rem) 42rem, 100vw" />` +
      `<source type="image/jpeg" srcset="/media/${hash}/480.jpg 480w, /media/${hash}/1200.jpg 1200w" sizes="(min-width: 48rem) 42rem, 100vw" />` +
      `<img src="/media/${hash}/1200.jpg" alt="Inflation, 2020–2025" width="1200" height="675" loading="lazy" decoding="async" /></picture>` +
      '<figcaption><p class="caption">Prices rose fastest in 2022.</p><p class="credit">Source: <a href="https://bank.example/data" rel="noopener nofollow">Central Bank</a></p></figcaption></figure>\n',
  );
});

test('without alt text the library’s is used; without a credit or caption the figcaption is left out', () => {
  const bare = renderMarkdown(`![](${src})`, { images: new Map([[hash, { ...picture, credit: '', creditUrl: '' }]]), creditLabel: 'Source:' });
  assert.match(bare, /alt="The library’s alt"/);
  assert.match(bare, /<\/picture><\/figure>\n$/);
  const creditOnly = renderMarkdown(`![](${src})`, { images: new Map([[hash, { ...picture, creditUrl: '' }]]), creditLabel: 'Источник:' });
  assert.match(creditOnly, /<figcaption><p class="credit">Источник: Central Bank<\/p><\/figcaption>/);
});

test('a library image among words keeps its paragraph, with its variants; a linked one is a figure with the link around the picture', () => {
  const inline = renderMarkdown(`Rates ![small chart](${src}) since 2020.`, figures);
  assert.match(inline, /^<p>Rates <picture><source [^>]+\/><source [^>]+\/><img src="[^"]+" alt="small chart" width="1200" height="675" [^>]*\/><\/picture> since 2020\.<\/p>\n$/);
  const linked = renderMarkdown(`[![Linked](${src} "Opens the data")](https://bank.example/table)`, figures);
  assert.match(linked, /^<figure class="body-figure"><a href="https:\/\/bank\.example\/table"><picture>[\s\S]*<\/picture><\/a><figcaption><p class="caption">Opens the data<\/p>/);
});

test('hostile captions, alt texts and credits are escaped; a credit link that is not http(s) is dropped by the sanitizer', () => {
  const hostile = '"><script>alert(1)</script><img src=x onerror=alert(1)>';
  const html = renderMarkdown(figureMarkdown({ src, alt: hostile, caption: hostile }), {
    images: new Map([[hash, { ...picture, credit: hostile, creditUrl: 'javascript:alert(1)' }]]),
    creditLabel: 'Source:',
  });
  assert.doesNotMatch(html, /<script|<img src=x|href="javascript/i);
  assert.equal(html.match(/<img /g)?.length, 1);
  assert.match(html, /<p class="caption">"&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('an address that names no stored image renders as before: no variants', () => {
  const unknown = `/media/${'d'.repeat(64)}/800.jpg`;
  assert.equal(renderMarkdown(`![Gone](${unknown} "Caption")`, figures), `<figure><img src="${unknown}" alt="Gone" /><figcaption>Caption</figcaption></figure>\n`);
  assert.equal(renderMarkdown(`![Gone](${unknown})`, figures), `<p><img src="${unknown}" alt="Gone" /></p>\n`);
  assert.equal(mediaHashOf(unknown), 'd'.repeat(64));
  for (const other of [`/media/${hash}`, `/media/${hash}/../x`, `https://x.example/media/${hash}/1.jpg`, `/media/${hash.toUpperCase()}/1.jpg`]) assert.equal(mediaHashOf(other), undefined, other);
});

test('the sanitizer keeps a figure’s own <source>s and drops any naming another site, and classes other than the figure’s', () => {
  assert.equal(
    sanitizeBodyHtml(`<picture><source type="image/avif" srcset="/media/${hash}/480.avif 480w" sizes="100vw"></picture>`),
    `<picture><source type="image/avif" srcset="/media/${hash}/480.avif 480w" sizes="100vw" /></picture>`,
  );
  for (const evil of ['https://evil.example/x.avif 480w', '//evil.example/x.avif 800w', '/\\evil.example/x.avif 1x', 'data:image/avif;base64,AAAA 1x', '', ' ']) {
    assert.doesNotMatch(sanitizeBodyHtml(`<picture><source type="image/avif" srcset="${evil}"></picture>`), /<source/, evil);
  }
  // A list mixing the site's own with another's keeps only the own candidates.
  const mixed = sanitizeBodyHtml(`<picture><source srcset="/media/${hash}/480.avif 480w, //evil.example/x.avif 800w, https://evil.example/y 1200w"></picture>`);
  assert.doesNotMatch(mixed, /evil/);
  assert.equal(sanitizeBodyHtml('<p class="credit evil">x</p><figure class="body-figure hero">y</figure>'), '<p class="credit">x</p><figure class="body-figure">y</figure>');
  assert.equal(sanitizeBodyHtml(`<img src="/media/${hash}/1.jpg" srcset="https://evil.example/x.png 1x" decoding="async" onload="x()">`), `<img src="/media/${hash}/1.jpg" decoding="async" />`);
});

test('images are found wherever Markdown writes them, and each address is judged', () => {
  const body = '![a](https://a.example/1.png)\n\n- ![b](/media/x/1.jpg)\n\n> ![c](images/c.png)\n\n| t |\n|---|\n| ![d](//d.example/d.png) |\n\nText ![e](data:image/png;base64,iVBORw0KGgo=) end.';
  const found = imagesInMarkdown(body);
  assert.deepEqual(
    found.map((i) => [i.alt, imageAddressProblem(i.src) ?? 'own']),
    [
      ['a', 'outside'],
      ['b', 'own'],
      ['c', 'relative'],
      ['d', 'outside'],
      ['e', 'data'],
    ],
  );
  assert.equal(imageAddressProblem('/\\evil.example/x.png'), 'outside');
  assert.equal(imageAddressProblem('HTTPS://X.EXAMPLE/Y.PNG'), 'outside');
  assert.equal(imageAddressProblem('mailto:x@y'), 'outside');
});

test('figure Markdown reads back as written: brackets, quotation marks, backslashes and line breaks', () => {
  for (const text of ['Plain', 'With [brackets] and \\ backslash', 'He said "no" (twice)', 'Two\nlines', '*not emphasis?*']) {
    const markdown = figureMarkdown({ src, alt: text, caption: text });
    assert.equal(markdown.includes('\n'), false);
    const html = renderMarkdown(markdown, figures);
    const expected = text.replace(/\s+/g, ' ').replace(/"/g, '"');
    assert.ok(html.includes(`<p class="caption">${expected.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`), `${text}: ${html}`);
  }
  assert.equal(figureMarkdown({ src, alt: 'x', caption: '' }), `![x](${src})`);
});

test('the reading page counts a figure’s <source>s as void: paragraphs after it keep their numbers', () => {
  const html = renderMarkdown(`First.\n\n![Chart](${src} "Caption")\n\nSecond.`, figures);
  const { html: readable } = readableBody(html);
  assert.match(readable, /<p id="p1">First\./);
  assert.match(readable, /<p id="p2">Second\./);
  assert.doesNotMatch(readable, /<p class="caption" id=/);
});

test('a paragraph of nothing but images the site will not show leaves no empty paragraph behind', () => {
  assert.equal(renderMarkdown('Before.\n\n![x](https://other.example/x.png "Caption")\n\n[![y](//other.example/y.png)](https://other.example/)\n\nAfter.', figures), '<p>Before.</p>\n<p>After.</p>\n');
  // Among words, the words stay; the site's own images stay.
  assert.equal(renderMarkdown('Words ![x](https://other.example/x.png) more.'), '<p>Words  more.</p>\n');
  assert.equal(renderMarkdown('![own](/media/x/1.jpg)'), '<p><img src="/media/x/1.jpg" alt="own" /></p>\n');
  // And the editor still finds them to list.
  assert.deepEqual(
    imagesInMarkdown('![x](https://other.example/x.png)').map((i) => i.src),
    ['https://other.example/x.png'],
  );
});
