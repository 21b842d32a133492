import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, sanitizeBodyHtml } from './markdown.ts';

test('renders paragraphs, headings, quotations and lists', () => {
  const html = renderMarkdown('# Top\n\nA *para*.\n\n> quoted\n\n- one\n- two\n\n## Sub');
  assert.match(html, /<h2>Top<\/h2>/);
  assert.match(html, /<p>A <em>para<\/em>.<\/p>/);
  assert.match(html, /<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
  assert.match(html, /<ul>\s*<li>one<\/li>/);
});

test('renders footnotes as numbered notes with back-links', () => {
  const html = renderMarkdown('Claim.[^a] Another.[^b]\n\n[^a]: First source.\n[^b]: Second source.');
  assert.match(html, /<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/);
  assert.match(html, /<section class="footnotes">/);
  assert.match(html, /<li id="fn1" class="footnote-item"><p>First source. <a href="#fnref1" class="footnote-backref">/);
  assert.match(html, /id="fn2"/);
});

test('escapes raw HTML and drops script, event handlers and javascript: links', () => {
  const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](https://example.org "t")');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.match(html, /&lt;script&gt;/);
  assert.match(html, /<a href="https:\/\/example.org" title="t">y<\/a>/);
});

const ownImage = `/media/${'ab12'.repeat(16)}/800.jpg`;

test('telephone links are kept; other schemes are not', () => {
  assert.match(renderMarkdown('[Call us](tel:+4722000000)'), /<a href="tel:\+4722000000">Call us<\/a>/);
  assert.doesNotMatch(renderMarkdown('[x](data:text/html,hi)'), /href=/);
});

test('the sanitizer keeps only allowed attributes even on allowed tags', () => {
  const html = renderMarkdown(`See ![alt text](${ownImage} "A title")`);
  assert.equal(html, `<p>See <img src="${ownImage}" alt="alt text" title="A title" /></p>\n`);
});

test('an image alone in its paragraph with a title is a figure with that caption; others stay images', () => {
  assert.equal(
    renderMarkdown(`![A map of the basin](${ownImage} "Water stress, 2020. Source: <UN>")`),
    `<figure><img src="${ownImage}" alt="A map of the basin" /><figcaption>Water stress, 2020. Source: &lt;UN&gt;</figcaption></figure>\n`,
  );
  assert.equal(renderMarkdown(`![No caption](${ownImage})`), `<p><img src="${ownImage}" alt="No caption" /></p>\n`);
  const two = renderMarkdown(`![a](${ownImage} "First")\n\n![b](${ownImage} "Second")`);
  assert.equal(two.match(/<figure>/g)?.length, 2);
  assert.match(renderMarkdown(`> ![quoted](${ownImage} "In a quote")`), /<blockquote>\s*<figure>/);
  assert.match(renderMarkdown(`- ![listed](${ownImage} "In a list")`), /<li><figure><img[^>]*><figcaption>In a list<\/figcaption><\/figure>/);
  assert.match(renderMarkdown(`Words and ![inline](${ownImage} "Not a figure")`), /<p>Words and <img[^>]*title="Not a figure"/);
  // Another site's image is dropped by the sanitizer: no figure is made to hold a caption with no picture.
  assert.doesNotMatch(renderMarkdown('![Alt](https://old.example/x.jpg "A caption")'), /<figure|<figcaption/);
  assert.doesNotMatch(renderMarkdown('[![Alt](https://old.example/x.jpg "A caption")](https://old.example/x)'), /<figure|<figcaption/);
  assert.equal(
    renderMarkdown(`[![Linked](${ownImage} "Opens the full map")](https://example.org/map)`),
    `<figure><a href="https://example.org/map"><img src="${ownImage}" alt="Linked" /></a><figcaption>Opens the full map</figcaption></figure>\n`,
  );
});

test('images from the site itself stay; images from other sites are dropped with their tag', () => {
  assert.match(renderMarkdown(`Before ![ours](${ownImage}) after`), new RegExp(`<img src="${ownImage}" alt="ours" />`));
  const foreign = [
    'https://evil.example/x.png',
    'http://evil.example/x.png',
    'HTTPS://evil.example/x.png',
    '//evil.example/x.png',
    '/\\evil.example/x.png',
    '\\\\evil.example/x.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)',
    'ftp://evil.example/x.png',
    'x.png',
  ];
  for (const src of foreign) {
    const html = renderMarkdown(`Before ![alt](${src}) after`);
    assert.match(html, /Before\s.*after/, src);
    // Whatever is left must load from the page's own origin (markdown-it percent-encodes a backslash,
    // which keeps `/\\evil.example` a harmless path here); the plain foreign forms lose the whole tag.
    for (const [, left] of html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)) {
      assert.equal(new URL(left!.replaceAll('&amp;', '&'), 'https://rostrum.test/blogs/a/b').origin, 'https://rostrum.test', `${src} -> ${left}`);
    }
    if (!src.includes('\\')) assert.doesNotMatch(html, /<img/i, src);
  }
});

test('the sanitizer alone drops foreign images however they are spelled', () => {
  for (const tag of [
    '<img src="https://evil.example/x.png">',
    '<img src="//evil.example/x.png">',
    '<img src="/\\evil.example/x.png">',
    '<img src="&#47;&#47;evil.example/x.png">',
    '<img src=" https://evil.example/x.png">',
    '<img src="\thttps://evil.example/x.png">',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<img srcset="https://evil.example/x.png 1x">',
    '<img alt="no source">',
  ]) {
    const html = sanitizeBodyHtml(`<p>a ${tag} b</p>`);
    assert.equal(html, '<p>a  b</p>', tag);
  }
  assert.equal(sanitizeBodyHtml(`<img src="${ownImage}" alt="x" srcset="https://evil.example/x.png 1x">`), `<img src="${ownImage}" alt="x" />`);
});

test('links to other sites are still allowed', () => {
  assert.match(renderMarkdown('[elsewhere](https://example.org/page)'), /<a href="https:\/\/example.org\/page">elsewhere<\/a>/);
  assert.match(renderMarkdown(`[![ours](${ownImage})](https://example.org/)`), new RegExp(`<a href="https://example.org/"><img src="${ownImage}" alt="ours" /></a>`));
});
