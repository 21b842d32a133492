import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertGhostContent, isGhostUpload, type GhostContentContext } from './content.ts';

const site: GhostContentContext = { siteUrl: 'https://think.example/' };
const fromHtml = (html: string, context = site) => convertGhostContent({ html }, context);
const lexical = (...children: unknown[]) => JSON.stringify({ root: { type: 'root', children } });
const text = (value: string, format = 0) => ({ type: 'extended-text', text: value, format });

test('__GHOST_URL__ is the site; its uploads are media, moved when the importer says where', () => {
  const html =
    '<p><a href="__GHOST_URL__/other-post/">Other</a> <a href="__GHOST_URL__/content/files/2026/12/annex.pdf">annex</a></p><figure class="kg-card kg-image-card"><img src="__GHOST_URL__/content/images/2026/12/chart.png" class="kg-image" alt="Chart" srcset="__GHOST_URL__/content/images/size/w600/2026/12/chart.png 600w"></figure>';
  const result = fromHtml(html, { ...site, imageAddress: (url) => (url.endsWith('chart.png') ? '/media/chart/800.png' : undefined) });
  assert.equal(result.markdown, '[Other](https://think.example/other-post/) [annex](https://think.example/content/files/2026/12/annex.pdf)\n\n![Chart](/media/chart/800.png)\n');
  assert.deepEqual(result.media, [
    { url: 'https://think.example/content/images/2026/12/chart.png', kind: 'image' },
    { url: 'https://think.example/content/files/2026/12/annex.pdf', kind: 'file' },
  ]);
  assert.ok(isGhostUpload('https://think.example/blog/content/images/a.png', 'https://think.example/blog'));
  assert.ok(!isGhostUpload('https://elsewhere.example/content/images/a.png', 'https://think.example'));
});

test('image and gallery cards: figures with captions; a gallery caption after its images', () => {
  const html =
    '<figure class="kg-card kg-image-card kg-card-hascaption"><img src="/content/images/a.jpg" class="kg-image" alt="A"><figcaption>Image <b>caption</b></figcaption></figure>' +
    '<figure class="kg-card kg-gallery-card kg-width-wide kg-card-hascaption"><div class="kg-gallery-container"><div class="kg-gallery-row"><div class="kg-gallery-image"><img src="/content/images/b.jpg" alt="B"></div><div class="kg-gallery-image"><img src="/content/images/c.jpg" alt=""></div></div></div><figcaption>Gallery caption</figcaption></figure>';
  assert.equal(fromHtml(html).markdown, '![A](/content/images/a.jpg "Image caption")\n\n![B](/content/images/b.jpg)\n\n![](/content/images/c.jpg)\n\nGallery caption\n');
});

test('bookmark, embed, callout, toggle, button and header cards', () => {
  const html =
    '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://paper.example/report"><div class="kg-bookmark-content"><div class="kg-bookmark-title">The Report</div><div class="kg-bookmark-description">Blurb</div><div class="kg-bookmark-metadata"><img class="kg-bookmark-icon" src="https://paper.example/icon.png" alt=""><span class="kg-bookmark-author">Paper</span></div></div><div class="kg-bookmark-thumbnail"><img src="https://paper.example/t.jpg" alt=""></div></a></figure>' +
    '<figure class="kg-card kg-embed-card"><iframe width="200" src="https://www.youtube.com/embed/xyz" title="Talk"></iframe><figcaption>The talk</figcaption></figure>' +
    '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">Remember <em>this</em>.</div></div>' +
    '<div class="kg-card kg-toggle-card" data-kg-toggle-state="close"><div class="kg-toggle-heading"><h4 class="kg-toggle-heading-text">Method</h4><button class="kg-toggle-card-icon"><svg><path d="M1"/></svg></button></div><div class="kg-toggle-content"><p>We asked.</p></div></div>' +
    '<div class="kg-card kg-button-card kg-align-center"><a href="https://think.example/join" class="kg-btn kg-btn-accent">Join</a></div>' +
    '<div class="kg-card kg-header-card kg-size-small"><h2 class="kg-header-card-header">Big news</h2><h3 class="kg-header-card-subheader">Sub</h3></div>';
  const result = fromHtml(html);
  assert.equal(
    result.markdown,
    '[The Report](https://paper.example/report)\n\n[Talk](https://www.youtube.com/embed/xyz)\n\nThe talk\n\n> 💡 Remember *this*.\n\n**Method**\n\nWe asked.\n\n[Join](https://think.example/join)\n\n## Big news\n\n### Sub\n',
  );
  assert.deepEqual(result.media, [], "a bookmark's thumbnail and icon are not the post's images");
  assert.deepEqual(result.warnings, ['Embedded content from https://www.youtube.com/embed/xyz was kept as a link.']);
});

test('audio, video and file cards become links with their titles, reported; a sign-up card is left out', () => {
  const html =
    '<div class="kg-card kg-audio-card"><img src="__GHOST_URL__/content/images/thumb.jpg" alt="audio-thumbnail" class="kg-audio-thumbnail"><div class="kg-audio-player-container"><audio src="__GHOST_URL__/content/media/2026/12/talk.mp3" preload="metadata"></audio><div class="kg-audio-title">Our podcast</div><div class="kg-audio-player"><button class="kg-audio-play-icon"><svg></svg></button><span class="kg-audio-current-time">0:00</span><input type="range" class="kg-audio-seek-slider" max="100" value="0"><button class="kg-audio-playback-rate">1&#215;</button></div></div></div>' +
    '<figure class="kg-card kg-video-card"><div class="kg-video-container"><video src="__GHOST_URL__/content/media/2026/12/clip.mp4" poster="https://img.spacergif.org/v1/1x1/0a/spacer.png"></video><div class="kg-video-overlay"><button class="kg-video-large-play-icon"><svg></svg></button></div></div><figcaption>A clip</figcaption></figure>' +
    '<div class="kg-card kg-file-card"><a class="kg-file-card-container" href="__GHOST_URL__/content/files/2026/12/brief.pdf" title="Download" download><div class="kg-file-card-contents"><div class="kg-file-card-title">Policy brief</div><div class="kg-file-card-metadata"><div class="kg-file-card-filename">brief.pdf</div><div class="kg-file-card-filesize">120 KB</div></div></div><div class="kg-file-card-icon"><svg></svg></div></a></div>' +
    '<div class="kg-card kg-signup-card"><h2>Sign up</h2><form><input type="email"><button>Subscribe</button></form></div>';
  const result = fromHtml(html);
  assert.equal(
    result.markdown,
    '[Our podcast](https://think.example/content/media/2026/12/talk.mp3)\n\n[A clip](https://think.example/content/media/2026/12/clip.mp4)\n\n[Policy brief](https://think.example/content/files/2026/12/brief.pdf)\n',
  );
  assert.deepEqual(
    result.media.map((m) => m.kind),
    ['video', 'audio', 'file'],
  );
  assert.equal(result.warnings.length, 4);
});

test('Lexical: headings, formats, links, line breaks, nested lists, quotes and cards', () => {
  const document = lexical(
    { type: 'extended-heading', tag: 'h1', children: [text('Title')] },
    {
      type: 'paragraph',
      children: [
        text('Bold', 1),
        text(' and '),
        text('italic', 2),
        text(' and '),
        text('code', 16),
        { type: 'linebreak' },
        { type: 'link', url: '__GHOST_URL__/x/', children: [text('link')] },
        text('2', 64),
      ],
    },
    {
      type: 'list',
      listType: 'number',
      start: 1,
      children: [
        { type: 'listitem', children: [text('one')] },
        { type: 'listitem', children: [{ type: 'list', listType: 'bullet', children: [{ type: 'listitem', children: [text('inner')] }] }] },
        { type: 'listitem', children: [text('two')] },
      ],
    },
    { type: 'extended-quote', children: [text('Quoted')] },
    { type: 'image', src: '__GHOST_URL__/content/images/a.png', alt: 'A', caption: 'Cap <b>tion</b>' },
    { type: 'horizontalrule' },
    { type: 'codeblock', code: 'let a = 1 < 2;', language: 'js' },
    { type: 'callout', calloutEmoji: '⚠️', calloutText: '<b>Careful</b>' },
    { type: 'bookmark', url: 'https://x.example/', metadata: { title: 'X site' } },
    { type: 'embed', url: 'https://vimeo.com/1', html: '<iframe src="https://player.vimeo.com/1"></iframe>' },
    { type: 'markdown', markdown: 'Some *markdown*[^1]\n\n[^1]: A note.' },
    { type: 'paywall' },
    { type: 'collection', collection: 'latest' },
  );
  const result = convertGhostContent({ lexical: document }, site);
  assert.equal(
    result.markdown,
    '## Title\n\n**Bold** and *italic* and `code`\\\n[link](https://think.example/x/)²\n\n1. one\n   - inner\n2. two\n\n> Quoted\n\n![A](https://think.example/content/images/a.png "Cap tion")\n\n---\n\n```js\nlet a = 1 < 2;\n```\n\n> ⚠️ **Careful**\n\n[X site](https://x.example/)\n\n<https://vimeo.com/1>\n\nSome *markdown*[^1]\n\n[^1]: A note.\n',
  );
  assert.deepEqual(result.warnings, ['Embedded content from https://vimeo.com/1 was kept as a link.', 'A Ghost collection card shows content only the live site can show; it was left out.']);
});

test('Mobiledoc: markups, atoms, lists, image sections and cards', () => {
  const mobiledoc = JSON.stringify({
    version: '0.3.1',
    markups: [['strong'], ['a', ['href', 'https://x.example/', 'onclick', 'bad()']]],
    atoms: [['soft-return', '', {}]],
    cards: [
      ['image', { src: '__GHOST_URL__/content/images/m.jpg', alt: 'M', caption: 'Mobiledoc image' }],
      ['html', { html: '<table><tr><th>h</th></tr><tr><td>d</td></tr></table>' }],
      ['hr', {}],
    ],
    sections: [
      [1, 'h2', [[0, [], 0, 'Heading']]],
      [
        1,
        'p',
        [
          [0, [0], 1, 'Strong'],
          [0, [], 0, ' then '],
          [0, [1], 1, 'a link'],
          [1, [], 0, 0],
          [0, [], 0, 'next line'],
        ],
      ],
      [3, 'ul', [[[0, [], 0, 'first']], [[0, [], 0, 'second']]]],
      [10, 0],
      [10, 1],
      [10, 2],
      [1, 'aside', [[0, [], 0, 'Pulled']]],
    ],
  });
  assert.equal(
    convertGhostContent({ mobiledoc }, site).markdown,
    '## Heading\n\n**Strong** then [a link](https://x.example/)\\\nnext line\n\n- first\n- second\n\n![M](https://think.example/content/images/m.jpg "Mobiledoc image")\n\n| h |\n| - |\n| d |\n\n---\n\n> Pulled\n',
  );
});

test('html is preferred; broken documents and empty posts are reported or empty, never thrown', () => {
  assert.equal(convertGhostContent({ html: '<p>From html</p>', lexical: lexical({ type: 'paragraph', children: [text('From lexical')] }) }, site).markdown, 'From html\n');
  assert.equal(convertGhostContent({ html: null, lexical: '{broken', mobiledoc: null }, site).warnings[0], "The post's Lexical content could not be read; it was left out.");
  assert.equal(convertGhostContent({}, site).markdown, '');
  const deep = '{"type":"paragraph","children":['.repeat(5000) + '{"type":"text","text":"bottom"}' + ']}'.repeat(5000);
  assert.equal(convertGhostContent({ lexical: `{"root":{"type":"root","children":[${deep}]}}` }, site).markdown, 'bottom\n');
});
