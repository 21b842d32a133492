import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedFixture, skipWithout } from '../../../test/shared-fixtures.ts';
import { renderMarkdown } from '../../views/markdown.ts';
import { htmlToMarkdown } from '../html-to-markdown.ts';
import { visibleShortcodes, visibleTags } from '../html-to-markdown-expectations.ts';
import { convertWordPressContent, type ConvertedContent, type WordPressAttachment, type WordPressContentContext } from './content.ts';
import { readWxr, type WxrItem } from './wxr.ts';

// WordPress's own Theme Unit Test data, as the shared fixtures folder holds it (never edited).
const unitTestData = 'wordpress/themeunittestdata.wordpress.xml';
const themePreview = 'wordpress/theme-preview.xml';

async function readItems(relativePath: string): Promise<WxrItem[]> {
  const items: WxrItem[] = [];
  await readWxr(fs.createReadStream(sharedFixture(relativePath)!, { encoding: 'utf8' }), (item) => void items.push(item));
  return items;
}

/** The attachments as the importer will describe them to the converter. */
const attachmentsOf = (items: WxrItem[]): WordPressAttachment[] =>
  items
    .filter((i) => i.postType === 'attachment')
    .map((i) => ({ id: i.postId, url: i.attachmentUrl, alt: i.meta.get('_wp_attachment_image_alt') ?? '', caption: i.excerpt, title: i.title, parentId: i.postParent }));

/** Where the importer would put each image: a path of Rostrum's own, as the renderer requires. */
const newAddress = (url: string) => `/media/${encodeURIComponent(url.replace(/^https?:\/\//, '').replace(/[?#].*$/, ''))}/800.jpg`;

function contextFor(item: WxrItem, attachments: WordPressAttachment[], imageAddress?: (url: string) => string | undefined): WordPressContentContext {
  return {
    postId: item.postId,
    footnotes: item.meta.get('footnotes'),
    attachment: (id) => attachments.find((a) => a.id === id),
    attachmentsOfPost: () => attachments.filter((a) => a.parentId === item.postId),
    imageAddress,
  };
}

/** Both passes, as the importer makes them: the media first, then the Markdown with every image moved. */
function convertTwice(item: WxrItem, attachments: WordPressAttachment[]): { first: ConvertedContent; second: ConvertedContent } {
  const first = convertWordPressContent(item.content, contextFor(item, attachments));
  const moved = new Map(first.media.map((m) => [m.url, newAddress(m.url)]));
  const second = convertWordPressContent(
    item.content,
    contextFor(item, attachments, (url) => moved.get(url)),
  );
  return { first, second };
}

const handledShortcodes = ['caption', 'wp_caption', 'gallery', 'embed', 'audio', 'video', 'playlist'];

/** The titles of images, which Rostrum shows as figure captions. */
const figureTitles = (markdown: string) => [...markdown.matchAll(/!\[(?:[^\]\\]|\\.)*\]\([^\s)]+ "((?:[^"\\]|\\.)*)"\)/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The caption of each [caption] shortcode in a post, as text. */
function captionsIn(content: string): string[] {
  return [...content.matchAll(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/g)].map(([, attributes, inner]) => {
    const attribute = /caption="([^"]*)"/.exec(attributes!)?.[1];
    return decode(attribute ?? inner!.replace(/^[\s\S]*<img[^>]*>(\s*<\/a>)?/, ''));
  });
}

/** Footnote references numbered 1, 2, 3… in order of first use, each defined once. */
function assertFootnotesWellFormed(markdown: string, title: string): void {
  const definitions = [...markdown.matchAll(/^\[\^(\d+)\]:/gm)].map((m) => m[1]);
  const references = [...new Set([...markdown.replace(/^\[\^\d+\]:/gm, '').matchAll(/\[\^(\d+)\]/g)].map((m) => m[1]))];
  assert.deepEqual(
    references,
    references.map((_, i) => String(i + 1)),
    title,
  );
  assert.deepEqual(definitions, references, title);
}

/** What must hold for every post and page of an export. */
function assertSane(item: WxrItem, { first, second }: { first: ConvertedContent; second: ConvertedContent }): void {
  const title = `${item.postId} ${item.title}`;
  const html = renderMarkdown(second.markdown);
  assert.deepEqual(visibleTags(html), [], title);
  const unknown = second.warnings.flatMap((w) => /^The shortcode \[([^\]]+)\]/.exec(w)?.[1] ?? []);
  for (const name of visibleShortcodes(html, handledShortcodes)) assert.ok(unknown.includes(name), `${title}: [${name}] shows and was not reported`);
  assert.ok(!/<script|javascript:|<iframe|<!--/i.test(html), title);
  assert.deepEqual(first.media, second.media, `${title}: the same media on both passes`);
  for (const media of second.media) assert.match(media.url, /^https?:\/\//, title);
  // Every image of the old site was moved, so none is lost by the renderer (which keeps only Rostrum's own images).
  assert.equal((html.match(/<img /g) ?? []).length, (second.markdown.match(/!\[/g) ?? []).length, title);
  for (const caption of captionsIn(item.content)) assert.ok(figureTitles(second.markdown).includes(caption), `${title}: caption "${caption}"`);
  assertFootnotesWellFormed(second.markdown, title);
  assert.equal(renderMarkdown(htmlToMarkdown(html, { titlesAreCaptions: true }).markdown), html, `${title}: stable on its own rendering`);
}

const postsAndPages = (items: WxrItem[]) => items.filter((i) => i.postType === 'post' || i.postType === 'page');

test('every post and page of the Theme Unit Test data converts to sane, stable Markdown', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const attachments = attachmentsOf(items);
  const converted = postsAndPages(items).map((item) => ({ item, result: convertTwice(item, attachments) }));
  assert.equal(converted.length, 79);
  for (const { item, result } of converted) assertSane(item, result);
  const empty = converted.filter(({ result }) => result.second.markdown === '').map(({ item }) => item.title);
  assert.deepEqual(empty, ['Edge Case: No Content', 'Επίπεδο 3']);
});

test('every post of theme-preview.xml converts to sane, stable Markdown', { skip: skipWithout(themePreview) }, async () => {
  const items = await readItems(themePreview);
  const attachments = attachmentsOf(items);
  for (const item of postsAndPages(items)) assertSane(item, convertTwice(item, attachments));
  const picture = items.find((i) => i.title === 'Worth A Thousand Words')!;
  assert.equal(convertTwice(picture, attachments).second.markdown, `![Boat](${newAddress('https://wpdotorg.files.wordpress.com/2008/11/boat.jpg')} "Boat")\n\nBoat.\n`);
});

test('"Markup: Image Alignment": every image kept, captions only on the captioned ones', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const post = items.find((i) => i.title === 'Markup: Image Alignment')!;
  const { first, second } = convertTwice(post, attachmentsOf(items));
  assert.equal((second.markdown.match(/^!\[/gm) ?? []).length, 11, 'each image alone in its paragraph');
  assert.deepEqual(figureTitles(second.markdown), [
    'Look at 580x300 getting some caption love.',
    'Bigger caption than the image usually is.',
    'Comment for massive image for your eyeballs.',
    'This massive image is centered.',
    'Feels good to be right all the time.',
  ]);
  assert.equal(first.media.length, 5, 'four sizes and the last thumbnail, each once however often shown');
  assert.match(second.markdown, /^The image above happens to be \*\*\*centered\*\*\*\.$/m);
  assert.match(second.markdown, /\*Large\* & \*Fullsize\*/);
  assert.deepEqual(second.warnings, []);
});

test('"Post Format: Gallery": a bare [gallery] ten times, each the post\'s images with their captions', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const attachments = attachmentsOf(items);
  const post = items.find((i) => i.title === 'Post Format: Gallery')!;
  const own = attachments.filter((a) => a.parentId === post.postId);
  assert.ok(own.length > 10);
  const { second } = convertTwice(post, attachments);
  assert.equal((second.markdown.match(/^!\[/gm) ?? []).length, own.length * 10);
  assert.equal((second.markdown.match(/^## (One|Two|Three|Four|Five|Six|Seven|Eight|Nine) Columns?$/gm) ?? []).length, 9);
  const captioned = own.find((a) => a.caption === 'Bell on wharf in San Francisco')!;
  assert.ok(second.markdown.includes(`![${captioned.alt}](${newAddress(captioned.url)} "Bell on wharf in San Francisco")`));
  assert.ok(!second.markdown.includes('nextpage'));
});

test('"Post Format: Gallery (Tiled)": the named images in order, the missing one reported', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const post = items.find((i) => i.title === 'Post Format: Gallery (Tiled)')!;
  const { second } = convertTwice(post, attachmentsOf(items));
  assert.deepEqual(figureTitles(second.markdown), ['Golden Gate Bridge', 'Boardwalk at Westport, WA', 'Boats and reflections, Royal Perth Yacht Club', 'Sydney Harbor Bridge', 'Beach at Big Sur, CA']);
  assert.deepEqual(second.warnings, ['The gallery image 763 is not in the export; it was left out.']);
});

test('captions, links, audio and embeds: "Image (Linked)", "Image (Caption)", "Audio", "Video (YouTube)", "Paginated"', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const attachments = attachmentsOf(items);
  const convert = (title: string) =>
    convertTwice(
      items.find((i) => i.title === title)!,
      attachments,
    ).second;
  const linked = convert('Post Format: Image (Linked)');
  assert.equal(
    linked.markdown,
    `![chunk of resinous blackboy husk](${newAddress('https://wpthemetestdata.files.wordpress.com/2013/09/dsc20040724_152504_532.jpg')} "Chunk of resinous blackboy husk, Clarkson, Western Australia. This burns like a spinifex log.")\n`,
  );
  const caption = convert('Post Format: Image (Caption)');
  assert.equal(caption.markdown, `![Bell on Wharf](${newAddress('https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg?w=604')} "Bell on wharf in San Francisco")\n`);
  assert.deepEqual(caption.media, [{ url: 'https://wpthemetestdata.files.wordpress.com/2008/06/100_5478.jpg?w=604', kind: 'image' }], 'the link to the full size went with the figure');
  const audio = convert('Post Format: Audio');
  const mp3 = 'https://wpthemetestdata.files.wordpress.com/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3';
  assert.equal(audio.markdown, `Link:\n\n[St. Louis Blues](${mp3})\n\nAudio shortcode:\n\n<${mp3}>\n`);
  assert.deepEqual(audio.media, [{ url: mp3, kind: 'audio' }]);
  assert.equal(audio.warnings.length, 1);
  const video = convert('Post Format: Video (YouTube)');
  assert.match(video.markdown, /^<https:\/\/www\.youtube\.com\/watch\?v=SQEQr7c0-dw>\n\nLearn more about \[WordPress Embeds\]/);
  assert.equal(convert('Template: Paginated').markdown, 'Post Page 1\n\nPost Page 2\n\nPost Page 3\n');
});

test('"Markup: Title With Special Characters": every character of its table reaches the reader as itself', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const post = items.find((i) => i.title.startsWith('Markup: Title With Special Characters'))!;
  const html = renderMarkdown(convertTwice(post, attachmentsOf(items)).second.markdown);
  const cellsOf = (source: string) => [...source.matchAll(/<t[hd]>([^<]*)<\/t[hd]>/g)].map((m) => decode(m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>')));
  // Rostrum's renderer sets a straight apostrophe as a typographic one (markdown-it's typographer), as WordPress did.
  const shown = cellsOf(html).map((cell) => cell.replace('’', "'"));
  const written = cellsOf(post.content).filter(Boolean);
  assert.equal(written.length, 94, 'the printable ASCII characters');
  assert.deepEqual(shown.filter(Boolean), written);
});

test('"Markup: HTML Tags and Formatting" and "Edge Case: Nested And Mixed Lists"', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const attachments = attachmentsOf(items);
  const tags = convertTwice(
    items.find((i) => i.title === 'Markup: HTML Tags and Formatting')!,
    attachments,
  ).second.markdown;
  assert.match(tags, /H₂O/);
  assert.match(tags, /E = MC²/);
  assert.match(tags, /^> Stay hungry\. Stay foolish\.$/m);
  assert.match(tags, /^\| Employee +\| Salary +\| +\|$/m);
  assert.match(tags, /^8\. List item one -start at 8$/m);
  assert.match(tags, /^\*\*Definition List Title\*\*$/m);
  const lists = convertTwice(
    items.find((i) => i.title === 'Edge Case: Nested And Mixed Lists')!,
    attachments,
  ).second.markdown;
  assert.match(
    lists,
    /### Ordered - Unordered - Ordered\n\n1\. ordered item\n2\. ordered item\n {3}- \*\*unordered\*\*\n {3}- \*\*unordered\*\*\n {5}1\. ordered item\n {5}2\. ordered item\n3\. ordered item\n4\. ordered item\n/,
  );
});

test('block posts: "WP 6.1 Text category blocks", "Block category: Embeds", "WP 6.1 Theme block category"', { skip: skipWithout(unitTestData) }, async () => {
  const items = await readItems(unitTestData);
  const attachments = attachmentsOf(items);
  const convert = (title: string) =>
    convertTwice(
      items.find((i) => i.title === title)!,
      attachments,
    ).second;
  const text = convert('WP 6.1 Text category blocks');
  assert.match(text.markdown, /^## H1 Heading\n\n## H2 Heading\n\n### H3 Heading/m);
  assert.match(text.markdown, /> Quote block\n>\n> — citation/);
  assert.match(text.markdown, /```\ncode block\n```/);
  assert.match(text.markdown, /\| header label one \| header label two \|\n\| -+ \| -+ \|\n\| table cell +\| table cell two +\|/);
  assert.match(text.markdown, /Verse block\n$/);
  const embeds = convert('Block category: Embeds');
  assert.deepEqual(
    embeds.warnings.map((w) => /from (\S+) was/.exec(w)?.[1]),
    [
      'https://twitter.com/WordPress/status/1057136472321613824',
      'https://youtu.be/ex8fMxXJDJw',
      'https://www.facebook.com/6427302910/posts/10156380423617911/',
      'https://www.instagram.com/p/BpmueLLgEn_/?utm_source=ig_share_sheet&igshid=1hcxphic7p9e2',
      'https://wordpress.tv/2018/10/14/kjell-reigstad-allan-cole-how-we-made-our-first-gutenberg-powered-theme/',
    ],
  );
  assert.match(embeds.markdown, /<https:\/\/twitter\.com\/WordPress\/status\/1057136472321613824>\n\nTwitter,\u00a0 wide width/);
  const theme = convert('WP 6.1 Theme block category');
  const generated = theme.warnings.find((w) => w.startsWith('Blocks that WordPress fills in'))!;
  for (const name of ['core/navigation', 'core/site-logo', 'core/post-title', 'core/comments-title']) assert.ok(generated.includes(name), name);
});
