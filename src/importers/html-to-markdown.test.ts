import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../views/markdown.ts';
import { htmlToMarkdown, mediaKindOf, type HtmlToMarkdownOptions } from './html-to-markdown.ts';
import { visibleShortcodes, visibleTags } from './html-to-markdown-expectations.ts';
import { limitNesting } from './html-to-markdown-guard.ts';

const md = (html: string, options?: HtmlToMarkdownOptions) => htmlToMarkdown(html, options).markdown;
const moved = (url: string) => `/media/${url.split('/').pop()}`;

test('paragraphs, headings (an h1 becomes level 2), emphasis and line breaks', () => {
  assert.equal(md('<h1>Title</h1><p>One <strong>bold</strong> and <em>italic</em><br>next line</p><h3>Sub</h3>'), '## Title\n\nOne **bold** and *italic*\\\nnext line\n\n### Sub\n');
});

test('emphasis never starts or ends with a space, and empty emphasis goes', () => {
  assert.equal(md('<p>a<strong> bold </strong>b<em> </em>c</p>'), 'a **bold** b c\n');
});

test('nested lists stay tight unless an item holds several paragraphs', () => {
  assert.equal(md('<ol><li>one<ul><li>a</li><li>b<ol><li>deep</li></ol></li></ul></li><li>two</li></ol>'), '1. one\n   - a\n   - b\n     1. deep\n2. two\n');
  assert.equal(md('<ul><li><p>first</p><p>second</p></li><li>x</li></ul>'), '- first\n\n  second\n\n- x\n');
  assert.equal(md('<ol start="3"><li>three</li></ol>'), '3. three\n');
});

test("quotations keep their source on a line of their own; a pull quote's figure goes", () => {
  assert.equal(md('<blockquote><p>Words</p><cite>Someone</cite></blockquote>'), '> Words\n>\n> — Someone\n');
  assert.equal(md('<figure class="wp-block-pullquote"><blockquote><p>Pull</p><cite>C</cite></blockquote></figure>'), '> Pull\n>\n> — C\n');
});

test('tables: pipes escaped, a header row made from the first row when there is none, the caption after', () => {
  const table = md('<table><caption>Costs</caption><tr><td>a|b</td><td>c</td></tr><tr><td>1</td><td>2</td></tr></table>');
  assert.equal(table, '| a\\|b | c |\n| ---- | - |\n| 1    | 2 |\n\nCosts\n');
  assert.match(renderMarkdown(table), /<th>a\|b<\/th>/);
  assert.equal(md('<table><thead><tr><th>H</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>'), '| H |\n| - |\n| x |\n');
});

test('code blocks keep their text exactly, fences longer than any run of backticks inside', () => {
  assert.equal(md('<pre><code class="language-js">a &lt; b\n```\n  c</code></pre>'), '````js\na < b\n```\n  c\n````\n');
  assert.equal(md('<p>Use <code>x*y</code> and <kbd>Ctrl</kbd></p>'), 'Use `x*y` and `Ctrl`\n');
});

test('characters Markdown would read as formatting are escaped, entities and unusual characters survive', () => {
  const text = '*not emphasis* _nor_ [not a link](x) `tick` # not heading < &lt;div&gt; &amp; &copy; ~~no~~ ^[no note] [^1] \\ | 1. ';
  const markdown = md(`<p>${text}</p><p>1. not a list</p><p>- not a list</p><p>+ no</p><p>&gt; no quote</p><p>***</p>`);
  const html = renderMarkdown(markdown);
  for (const tag of ['<em>', '<strong>', '<a ', '<code>', '<h', '<s>', '<sup', '<ol', '<ul', '<blockquote', '<hr']) assert.ok(!html.includes(tag), `${tag} in ${html}`);
  assert.match(html, /\*not emphasis\* _nor_ \[not a link\]\(x\) `tick` # not heading &lt; &lt;div&gt; &amp; © ~~no~~ \^\[no note\] \[\^1\] \\ \| 1\./);
  assert.equal(md('<p>Ελληνικά — “quotes” 😀 ﷽ 中文 &#8217; &nbsp;x</p>'), 'Ελληνικά — “quotes” 😀 ﷽ 中文 ’ \u00a0x\n');
});

test('superscript and subscript digits become their Unicode forms; other superscript keeps its text', () => {
  assert.equal(md('<p>km<sup>2</sup>, H<sub>2</sub>O, E = mc<sup>2</sup>, Mark<sup>up</sup></p>'), 'km², H₂O, E = mc², Markup\n');
});

test('links: title kept; javascript:, data: and other unsafe links lose their address but keep their text', () => {
  const result = htmlToMarkdown(
    '<p><a href="https://x.org/" title="T">x</a> <a href="java\nscript:alert(1)">bad</a> <a href="data:text/html,x">data</a> <a name="anchor">named</a> <a href="mailto:a@b.org">mail</a> <a href="/rel">rel</a></p>',
  );
  assert.equal(result.markdown, '[x](https://x.org/ "T") bad data named [mail](mailto:a@b.org) [rel](/rel)\n');
  assert.ok(result.warnings.some((w) => w.includes('javascript:')));
  assert.ok(result.warnings.some((w) => w.includes('data:')));
});

test('scripts, styles, forms, svg and templates are dropped; unknown elements keep their text', () => {
  const result = htmlToMarkdown(
    '<script>alert(1)</script><style>p{}</style><p>Keep <x-widget>this <b>text</b></x-widget></p><form><input value="no"><button>Send</button></form><svg><text>no</text></svg><template><p>no</p></template><noscript><img src="a.jpg"></noscript>',
  );
  assert.equal(result.markdown, 'Keep this **text**\n');
  assert.deepEqual(result.media, []);
  assert.ok(result.warnings.includes('Scripts were left out.'));
  assert.ok(result.warnings.some((w) => w.startsWith('A form was left out')));
});

test('frames and players become links to their sources, reported; audio and video are media', () => {
  const result = htmlToMarkdown(
    '<iframe src="https://www.youtube.com/embed/abc"></iframe><p>Listen: <audio controls><source src="https://old.org/a.mp3"></audio></p><video src="https://old.org/v.mp4"></video><iframe src="javascript:x"></iframe>',
  );
  assert.equal(result.markdown, '<https://www.youtube.com/embed/abc>\n\nListen: <https://old.org/a.mp3>\n\n<https://old.org/v.mp4>\n');
  assert.deepEqual(result.media, [
    { url: 'https://old.org/a.mp3', kind: 'audio' },
    { url: 'https://old.org/v.mp4', kind: 'video' },
  ]);
  assert.equal(result.warnings.length, 4);
});

test('an image keeps its alt, loses its title (a tooltip), and is moved to its new address', () => {
  const result = htmlToMarkdown('<p><img src="https://old.org/a.jpg" alt="A [b]" title="a.jpg" width="10"></p>', { imageAddress: moved });
  assert.equal(result.markdown, '![A \\[b\\]](/media/a.jpg)\n');
  assert.deepEqual(result.media, [{ url: 'https://old.org/a.jpg', kind: 'image' }]);
  assert.deepEqual(result.warnings, []);
});

test('an image not brought over keeps its address and is reported; without imageAddress nothing is said', () => {
  const html = '<p><img src="https://old.org/missing.jpg" alt=""></p>';
  const second = htmlToMarkdown(html, { imageAddress: () => undefined });
  assert.equal(second.markdown, '![](https://old.org/missing.jpg)\n');
  assert.deepEqual(second.warnings, ['The image https://old.org/missing.jpg was not found among the imported media; its original address was kept.']);
  assert.deepEqual(htmlToMarkdown(html).warnings, []);
});

test('lazy-loaded images use their real address; data: images and smilies are not images', () => {
  const result = htmlToMarkdown(
    '<p><img src="data:image/gif;base64,R0l" data-src="https://old.org/real.jpg" alt="r"> <img src="data:image/png;base64,xx" alt="x"> Hi <img class="wp-smiley" src="https://s.w.org/smile.png" alt=":)"></p>',
  );
  assert.equal(result.markdown, '![r](https://old.org/real.jpg)\n\nHi :)\n');
  assert.deepEqual(result.media, [{ url: 'https://old.org/real.jpg', kind: 'image' }]);
});

test('a figure with a caption is an image alone in its paragraph with the caption as its title', () => {
  const result = htmlToMarkdown(
    '<figure><a href="https://old.org/big.jpg"><img src="https://old.org/a.jpg" alt="Alt" title="file"></a><figcaption>The <a href="https://x.org">caption</a> "quoted"</figcaption></figure>',
    { imageAddress: moved },
  );
  assert.equal(result.markdown, '![Alt](/media/a.jpg "The caption \\"quoted\\"")\n');
  assert.match(renderMarkdown(result.markdown), /<figure><img src="\/media\/a.jpg" alt="Alt" \/><figcaption>The caption "quoted"<\/figcaption><\/figure>/);
});

test('a figure linked elsewhere keeps its link; an image in running text stands alone', () => {
  assert.equal(md('<figure><a href="https://x.org/page"><img src="/a.jpg" alt="A"></a><figcaption>Cap</figcaption></figure>'), '[![A](/a.jpg "Cap")](https://x.org/page)\n');
  assert.equal(md('<p>Before <img src="/a.jpg" alt="A"> after<br><img src="/b.jpg" alt="B"></p>'), 'Before\n\n![A](/a.jpg)\n\nafter\n\n![B](/b.jpg)\n');
});

test('galleries: each image its own figure, the gallery caption a paragraph after them, lists of images unwrapped', () => {
  const gallery =
    '<figure class="wp-block-gallery"><ul><li><figure><img src="/1.jpg" alt="1"><figcaption>One</figcaption></figure></li><li><figure><img src="/2.jpg" alt="2"></figure></li></ul><figcaption>Both</figcaption></figure>';
  assert.equal(md(gallery), '![1](/1.jpg "One")\n\n![2](/2.jpg)\n\nBoth\n');
  assert.equal(md('<div class="kg-gallery-row"><div><img src="/a.jpg" alt="a"></div><div><img src="/b.jpg" alt="b"></div></div>'), '![a](/a.jpg)\n\n![b](/b.jpg)\n');
});

test('figures of other things (a table, an embed) keep their content and put the caption after it', () => {
  assert.equal(md('<figure><table><tr><th>a</th></tr></table><figcaption>Table caption</figcaption></figure>'), '| a |\n| - |\n\nTable caption\n');
});

test("links to the old site's uploads are media; a linked image follows the image to its new address", () => {
  const isSiteFile = (url: string) => url.includes('/uploads/');
  const result = htmlToMarkdown('<p><a href="https://old.org/uploads/report.pdf">PDF</a> <a href="https://old.org/uploads/big.png">big</a> <a href="https://other.org/x.pdf">other</a></p>', {
    isSiteFile,
    imageAddress: moved,
  });
  assert.equal(result.markdown, '[PDF](https://old.org/uploads/report.pdf) [big](/media/big.png) [other](https://other.org/x.pdf)\n');
  assert.deepEqual(result.media, [
    { url: 'https://old.org/uploads/report.pdf', kind: 'file' },
    { url: 'https://old.org/uploads/big.png', kind: 'image' },
  ]);
  assert.deepEqual(result.warnings, ['The link to the file https://old.org/uploads/report.pdf on the old site was kept as it was.']);
});

test('WordPress 6.3 footnotes: references numbered in order of first use, notes at the end, backlinks gone', () => {
  const html =
    '<p>A<sup data-fn="b2" class="fn"><a href="#b2" id="b2-link">1</a></sup> B<sup data-fn="a1" class="fn"><a href="#a1" id="a1-link">2</a></sup> again<sup data-fn="b2" class="fn"><a href="#b2" id="b2-link-2">1</a></sup></p>' +
    '<ol class="wp-block-footnotes"><li id="a1">Note <em>A</em> <a href="#a1-link">↩︎</a></li><li id="b2">Note B <a href="#b2-link">↩︎</a></li></ol>';
  assert.equal(md(html), 'A[^1] B[^2] again[^1]\n\n[^1]: Note B\n\n[^2]: Note *A*\n');
});

test("footnotes as Rostrum's own renderer writes them convert back to the same Markdown", () => {
  const source = 'Text[^1] and more[^2].\n\n[^1]: First *note*.\n\n[^2]: Second.\n';
  assert.equal(md(renderMarkdown(source)), source);
});

test('numbered superscript links whose targets were lost point at the last numbered list, which becomes the notes', () => {
  const html = '<p>Claim.<a href="#note-1"><sup>1</sup></a> Other.<a href="#note-2"><sup>2</sup></a></p><h3>Notes</h3><ol><li>Source one. <a href="#ref-1">↩</a></li><li>Source two.</li></ol>';
  assert.equal(md(html), 'Claim.[^1] Other.[^2]\n\n[^1]: Source one.\n\n[^2]: Source two.\n');
  // A number linking to a heading that exists is a link, not a note.
  assert.equal(md('<h2 id="s2">Two</h2><p>See <a href="#s2">2</a></p><ol><li>x</li><li>y</li></ol>'), '## Two\n\nSee [2](#s2)\n\n1. x\n2. y\n');
});

test('a notes list in a section of its own leaves nothing behind', () => {
  const html = '<p>Text<a href="#n1"><sup>1</sup></a></p><section class="footnotes"><h3>Notes</h3><ol><li id="n1">The note. <a href="#r1">↩</a></li></ol></section><p>After.</p>';
  assert.equal(md(html), 'Text[^1]\n\nAfter.\n\n[^1]: The note.\n');
});

test('conversion is stable: converting the rendering of its output gives the same rendering', () => {
  const html =
    '<h2>H</h2><p>Para with <em>em</em>, <a href="https://x.org">link</a>, `tick` and * star.</p><ul><li>a<ol><li>b</li></ol></li></ul><blockquote><p>q</p></blockquote><table><tr><th>h</th></tr><tr><td>c</td></tr></table><figure><img src="/media/a/800.jpg" alt="A"><figcaption>Cap</figcaption></figure><p>N<sup data-fn="x"><a href="#x">1</a></sup></p><ol><li id="x">Note</li></ol><pre><code>code</code></pre><hr>';
  const first = md(html);
  const again = md(renderMarkdown(first), { titlesAreCaptions: true });
  assert.equal(again, first);
  assert.equal(md(first), md(first), 'the same input gives the same output');
});

test('hostile input: deep nesting, huge input and markup soup neither crash nor leave HTML', () => {
  const deep = (open: string, close: string, n: number) => open.repeat(n) + 'deep' + close.repeat(n);
  for (const html of [
    deep('<div>', '</div>', 20000),
    deep('<blockquote>', '</blockquote>', 5000),
    deep('<ul><li>', '</li></ul>', 3000),
    deep('<em>', '</em>', 10000),
    '<p>'.repeat(30000),
    '<table><tr><td><table><tr><td>x'.repeat(500),
    '<a href="#x"><sup>1</sup></a>'.repeat(1000),
  ]) {
    const markdown = md(html);
    assert.ok(markdown.length < html.length + 10000);
    assert.deepEqual(visibleTags(renderMarkdown(markdown)), []);
  }
  assert.equal(md(deep('<div>', '</div>', 20000)), 'deep\n');
  assert.equal(md('<p>unclosed <b>bold <i>both</p><p>next'), 'unclosed **bold _both_**\n\n**_next_**\n');
  assert.equal(md(''), '');
  assert.equal(md('   \n  '), '');
});

test('the depth guard passes ordinary HTML through untouched and flattens only what is too deep', () => {
  const ordinary = '<div class="a"><p>x &amp; <a href="/y?a=1&amp;b=2">y</a></p></div>';
  assert.equal(limitNesting(ordinary, 64), ordinary);
  assert.equal(limitNesting('<div><div><div>x</div></div></div>', 2), '<div><div>x </div></div>');
});

test('what an URL names, by its extension', () => {
  assert.equal(mediaKindOf('https://x.org/a.JPG?w=300'), 'image');
  assert.equal(mediaKindOf('/a.mp3'), 'audio');
  assert.equal(mediaKindOf('/a.webm#t=1'), 'video');
  assert.equal(mediaKindOf('/report.pdf'), 'file');
});

test('the expectations find tags and shortcodes that show as text, but not code or prose in brackets', () => {
  assert.deepEqual(visibleTags('<p>&lt;div class="x"&gt; <code>&lt;p&gt;</code></p>'), ['div']);
  assert.deepEqual(visibleShortcodes('<p>[gallery ids="1"] [sic] [/caption] [embed]</p>', ['embed']), ['gallery', 'caption', 'embed']);
});
