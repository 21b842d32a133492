import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../views/markdown.ts';
import { convertWordPressContent, type WordPressAttachment, type WordPressContentContext } from './content.ts';

const upload = (name: string) => `https://example.org/wp-content/uploads/2024/05/${name}`;

const attachments: WordPressAttachment[] = [
  { id: 11, url: upload('river.jpg'), alt: 'A river', caption: 'The river <em>at dawn</em>', title: 'River', parentId: 7, mimeType: 'image/jpeg' },
  { id: 12, url: upload('bridge.jpg'), alt: 'A bridge', caption: '', title: 'Bridge', parentId: 7, mimeType: 'image/jpeg' },
  { id: 13, url: upload('talk.mp3'), alt: '', caption: '', title: 'Talk', parentId: 7, mimeType: 'audio/mpeg' },
  { id: 14, url: upload('aerial.jpg'), alt: 'From above', caption: 'Aerial view', title: 'Aerial', parentId: 99, mimeType: 'image/jpeg' },
];

const context = (extra: Partial<WordPressContentContext> = {}): WordPressContentContext => ({
  postId: 7,
  attachment: (id) => attachments.find((a) => a.id === id),
  attachmentsOfPost: () => attachments.filter((a) => a.parentId === 7),
  ...extra,
});

const convert = (content: string, extra?: Partial<WordPressContentContext>) => convertWordPressContent(content, context(extra));
const markdown = (content: string, extra?: Partial<WordPressContentContext>) => convert(content, extra).markdown;

test('classic: blank lines are paragraphs, single newlines line breaks, block HTML left alone', () => {
  assert.equal(
    markdown('First line\nsecond line\n\nSecond paragraph\n<ul>\n<li>item</li>\n</ul>\n<pre>keep\n\n  this</pre>'),
    'First line\\\nsecond line\n\nSecond paragraph\n\n- item\n\n```\nkeep\n\n  this\n```\n',
  );
});

test('[caption]: a figure whose caption is the text after the image; alt from the image, else from the attachment', () => {
  const content =
    '[caption id="attachment_11" align="alignleft" width="300"]<a href="' +
    upload('river.jpg') +
    '"><img class="size-medium" src="' +
    upload('river-300x200.jpg') +
    '" alt="" width="300" /></a> The river, <strong>early</strong>[/caption]\n\nAfter.';
  const result = convert(content);
  assert.equal(result.markdown, `![A river](${upload('river-300x200.jpg')} "The river, early")\n\nAfter.\n`);
  assert.deepEqual(result.media, [{ url: upload('river-300x200.jpg'), kind: 'image' }]);
  assert.equal(markdown('[caption caption="Old style"]<img src="/a.jpg" alt="A">[/caption]'), '![A](/a.jpg "Old style")\n');
});

test("[gallery] without ids shows the post's images in menu order, each a figure with its caption", () => {
  assert.equal(markdown('[gallery]'), `![A river](${upload('river.jpg')} "The river at dawn")\n\n![A bridge](${upload('bridge.jpg')})\n`);
  assert.equal(markdown('[gallery exclude="11"]'), `![A bridge](${upload('bridge.jpg')})\n`);
});

test('[gallery ids] in the order named, reversed by order="DESC"; rand keeps that order; missing ones reported', () => {
  assert.equal(markdown('[gallery ids="14,11" orderby="rand"]'), `![From above](${upload('aerial.jpg')} "Aerial view")\n\n![A river](${upload('river.jpg')} "The river at dawn")\n`);
  assert.equal(markdown('[gallery include="11,12" order="DESC"]').split('\n')[0], `![A bridge](${upload('bridge.jpg')})`);
  const missing = convert('[gallery ids="11,404"]');
  assert.ok(missing.warnings.includes('The gallery image 404 is not in the export; it was left out.'));
  assert.ok(convert('[gallery id="99"]').warnings.some((w) => w.includes("another post's images")));
});

test('[embed] and a URL alone on its line become links, reported', () => {
  const result = convert('Watch:\n\nhttps://www.youtube.com/watch?v=abc\n\n[embed width="500"]https://vimeo.com/1[/embed]\n\nSee https://x.org inline.');
  assert.equal(result.markdown, 'Watch:\n\n<https://www.youtube.com/watch?v=abc>\n\n<https://vimeo.com/1>\n\nSee https\\://x.org inline.\n');
  assert.deepEqual(result.warnings, ['Embedded content from https://www.youtube.com/watch?v=abc was kept as a link.', 'Embedded content from https://vimeo.com/1 was kept as a link.']);
  assert.equal(markdown('<pre>\nhttps://x.org/in-code\n</pre>'), '```\nhttps://x.org/in-code\n```\n', 'code is left as written');
});

test("[audio] and [video] become links to their files, reported as media; a bare [audio] plays the post's audio", () => {
  const result = convert('[audio mp3="https://example.org/wp-content/uploads/a.mp3"]\n\n[video src="https://cdn.org/v.mp4" poster="p.jpg"][/video]\n\n[audio]');
  assert.equal(result.markdown, `<https://example.org/wp-content/uploads/a.mp3>\n\n<https://cdn.org/v.mp4>\n\n<${upload('talk.mp3')}>\n`);
  assert.deepEqual(
    result.media.map((m) => m.kind),
    ['audio', 'video', 'audio'],
  );
  assert.equal(result.warnings.length, 3);
});

test('unknown shortcodes stay as text, named in the report; [[gallery]] is the shortcode written out', () => {
  const result = convert('[contact-form-7 id="3" title="Contact"]\n\nWrite [[gallery]] to show a gallery. Prices [sic] rose.');
  assert.equal(result.markdown, '\\[contact-form-7 id="3" title="Contact"]\n\nWrite \\[gallery] to show a gallery. Prices \\[sic] rose.\n');
  assert.deepEqual(result.warnings, ['The shortcode [contact-form-7] is not known to the importer; it was kept as text.']);
  assert.match(renderMarkdown(result.markdown), /<p>\[contact-form-7 id=“3” title=“Contact”\]<\/p>/);
});

test('blocks: paragraphs, headings, nested lists, quotes, pull quotes, code, preformatted, verse, separator', () => {
  const content = [
    '<!-- wp:heading {"level":1} --><h1>Top</h1><!-- /wp:heading -->',
    '<!-- wp:paragraph --><p>Text with <strong>bold</strong>.</p><!-- /wp:paragraph -->',
    '<!-- wp:list {"ordered":true} --><ol><!-- wp:list-item --><li>One<!-- wp:list --><ul><!-- wp:list-item --><li>Inner</li><!-- /wp:list-item --></ul><!-- /wp:list --></li><!-- /wp:list-item --></ol><!-- /wp:list -->',
    '<!-- wp:quote --><blockquote class="wp-block-quote"><!-- wp:paragraph --><p>Quoted</p><!-- /wp:paragraph --><cite>Author</cite></blockquote><!-- /wp:quote -->',
    '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Pulled</p></blockquote></figure><!-- /wp:pullquote -->',
    '<!-- wp:code --><pre class="wp-block-code"><code>&lt;b&gt;x&lt;/b&gt;</code></pre><!-- /wp:code -->',
    '<!-- wp:verse --><pre class="wp-block-verse">Line one\nLine two</pre><!-- /wp:verse -->',
    '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->',
    '<!-- wp:more --><!--more--><!-- /wp:more --><!-- wp:nextpage --><!--nextpage--><!-- /wp:nextpage -->',
    '<!-- wp:spacer --><div style="height:100px" aria-hidden="true" class="wp-block-spacer"></div><!-- /wp:spacer -->',
  ].join('\n\n');
  assert.equal(markdown(content), '## Top\n\nText with **bold**.\n\n1. One\n   - Inner\n\n> Quoted\n>\n> — Author\n\n> Pulled\n\n```\n<b>x</b>\n```\n\nLine one\\\nLine two\n\n---\n');
});

test('blocks: a table with its caption, columns and groups flattened, buttons as links, an HTML block converted', () => {
  const content =
    '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><figcaption>Numbers</figcaption></figure><!-- /wp:table -->' +
    '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div class="wp-block-column"><!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div><!-- /wp:column --><!-- wp:column --><div class="wp-block-column"><!-- wp:group --><div class="wp-block-group"><!-- wp:paragraph --><p>Right</p><!-- /wp:paragraph --></div><!-- /wp:group --></div><!-- /wp:column --></div><!-- /wp:columns -->' +
    '<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button --><div class="wp-block-button"><a class="wp-block-button__link" href="https://x.org/join">Join us</a></div><!-- /wp:button --></div><!-- /wp:buttons -->' +
    '<!-- wp:html --><div class="custom"><p>Raw <span style="color:red">HTML</span></p></div><!-- /wp:html -->';
  assert.equal(markdown(content), '| A |\n| - |\n| 1 |\n\nNumbers\n\nLeft\n\nRight\n\n[Join us](https://x.org/join)\n\nRaw HTML\n');
});

test('blocks: images with captions and links, a gallery of image blocks, an embed by its URL', () => {
  const content =
    `<!-- wp:image {"id":11} --><figure class="wp-block-image"><a href="https://x.org/story"><img src="${upload('river.jpg')}" alt="River" class="wp-image-11"/></a><figcaption>Linked <em>caption</em></figcaption></figure><!-- /wp:image -->` +
    `<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery"><!-- wp:image {"id":12} --><figure class="wp-block-image"><img src="${upload('bridge.jpg')}" alt="Bridge"/><figcaption>B</figcaption></figure><!-- /wp:image --><!-- wp:image {"id":11} --><figure class="wp-block-image"><img src="${upload('river.jpg')}" alt="River"/></figure><!-- /wp:image --><figcaption class="blocks-gallery-caption">Two images</figcaption></figure><!-- /wp:gallery -->` +
    '<!-- wp:embed {"url":"https://twitter.com/x/status/1","type":"rich"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://twitter.com/x/status/1\n</div><figcaption>A tweet</figcaption></figure><!-- /wp:embed -->';
  const result = convert(content, { imageAddress: (url) => `/media/${url.split('/').pop()}` });
  assert.equal(
    result.markdown,
    '[![River](/media/river.jpg "Linked caption")](https://x.org/story)\n\n![Bridge](/media/bridge.jpg "B")\n\n![River](/media/river.jpg)\n\nTwo images\n\n<https://twitter.com/x/status/1>\n\nA tweet\n',
  );
  assert.deepEqual(result.warnings, ['Embedded content from https://twitter.com/x/status/1 was kept as a link.']);
});

test('blocks: links from images to their attachment pages are dropped; a file block is one link', () => {
  const content =
    '<!-- wp:gallery {"linkTo":"attachment"} --><figure class="wp-block-gallery"><ul class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><a href="https://example.org/post/river/"><img src="/r.jpg" alt="R" data-link="https://example.org/post/river/"/></a></figure></li></ul></figure><!-- /wp:gallery -->' +
    '<p><a href="https://example.org/?attachment_id=12" rel="attachment wp-att-12"><img src="/b.jpg" alt="B"></a></p>' +
    '<!-- wp:file --><div class="wp-block-file"><object class="wp-block-file__embed" data="https://example.org/wp-content/uploads/r.pdf" type="application/pdf"></object><a href="https://example.org/wp-content/uploads/r.pdf">Annual report</a><a href="https://example.org/wp-content/uploads/r.pdf" class="wp-block-file__button" download>Download</a></div><!-- /wp:file -->';
  const result = convert(content);
  assert.equal(result.markdown, '![R](/r.jpg)\n\n![B](/b.jpg)\n\n[Annual report](https://example.org/wp-content/uploads/r.pdf)\n');
  assert.deepEqual(result.media.at(-1), { url: 'https://example.org/wp-content/uploads/r.pdf', kind: 'file' });
});

test('blocks: a shortcode block gets paragraphs and its shortcode expanded', () => {
  assert.equal(markdown('<!-- wp:shortcode -->\n[gallery ids="12"]\n<!-- /wp:shortcode -->'), `![A bridge](${upload('bridge.jpg')})\n`);
});

test('blocks: unknown blocks are converted and named once; generated blocks are named together', () => {
  const result = convert(
    '<!-- wp:acme/notice --><div class="notice"><p>Plugin text</p></div><!-- /wp:acme/notice --><!-- wp:acme/notice --><div><p>Again</p></div><!-- /wp:acme/notice --><!-- wp:latest-posts /--><!-- wp:archives {"showPostCounts":true} /-->',
  );
  assert.equal(result.markdown, 'Plugin text\n\nAgain\n');
  assert.deepEqual(result.warnings, [
    'The block acme/notice is not known to the importer; its stored HTML was converted as it is.',
    'Blocks that WordPress fills in when a page is shown store no content and were left out: core/latest-posts, core/archives.',
  ]);
});

test('WordPress 6.3 footnotes: numbered in the order of the text, notes from the meta at the end', () => {
  const content =
    '<!-- wp:paragraph --><p>First claim<sup data-fn="bb-2" class="fn"><a href="#bb-2" id="bb-2-link">1</a></sup> and second<sup data-fn="aa-1" class="fn"><a href="#aa-1" id="aa-1-link">2</a></sup>.</p><!-- /wp:paragraph --><!-- wp:footnotes /-->' +
    '<!-- wp:paragraph --><p>After the notes block.</p><!-- /wp:paragraph -->';
  const footnotes = JSON.stringify([
    { id: 'aa-1', content: 'Note about the <em>second</em>.' },
    { id: 'bb-2', content: 'Note about the first, <a href="https://x.org">linked</a>.' },
  ]);
  const result = convert(content, { footnotes });
  assert.equal(result.markdown, 'First claim[^1] and second[^2].\n\nAfter the notes block.\n\n[^1]: Note about the first, [linked](https://x.org).\n\n[^2]: Note about the *second*.\n');
  assert.deepEqual(result.warnings, []);
  const html = renderMarkdown(result.markdown);
  assert.match(html, /<li id="fn1" class="footnote-item"><p>Note about the first/);
});

test('footnotes without their block still come at the end; unreadable meta and unreferenced notes are reported', () => {
  const text = '<p>Claim<sup data-fn="n1" class="fn"><a href="#n1" id="n1-link">1</a></sup></p>';
  assert.equal(markdown(text, { footnotes: '[{"id":"n1","content":"Source."},{"id":"n2","content":"Orphan."}]' }), 'Claim[^1]\n\n1. Orphan.\n\n[^1]: Source.\n');
  assert.ok(convert(text, { footnotes: '[{"id":"n1","content":"Source."},{"id":"n2","content":"Orphan."}]' }).warnings[0]!.includes('Orphan.'));
  assert.ok(convert(text, { footnotes: '{not json' }).warnings[0]!.includes('could not be read'));
});

test('two passes: media first, then every image at its new address', () => {
  const content = `<p><img src="${upload('river.jpg')}" alt="R"></p><p><img src="https://elsewhere.org/x.png" alt="X"></p>`;
  const first = convert(content);
  assert.deepEqual(
    first.media.map((m) => m.url),
    [upload('river.jpg'), 'https://elsewhere.org/x.png'],
  );
  assert.deepEqual(first.warnings, []);
  const second = convert(content, { imageAddress: (url) => (url === upload('river.jpg') ? '/media/abc/800.jpg' : undefined) });
  assert.equal(second.markdown, '![R](/media/abc/800.jpg)\n\n![X](https://elsewhere.org/x.png)\n');
  assert.deepEqual(second.warnings, ['The image https://elsewhere.org/x.png was not found among the imported media; its original address was kept.']);
});

test('hostile content: scripts, javascript: links, shortcode and block soup', () => {
  const result = convert(
    '<script>alert(1)</script><a href="javascript:alert(1)">x</a> [caption][caption][/caption] [gallery ids="a,b,,-1"] <!-- wp:paragraph {"a":"} -->--> -->' + '[embed]'.repeat(500),
  );
  const html = renderMarkdown(result.markdown);
  assert.ok(!/<script|javascript:/i.test(html));
});
