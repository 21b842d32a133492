import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedFixture, skipWithout } from '../../../test/shared-fixtures.ts';
import { readWxr, type WxrItem } from './wxr.ts';

// WordPress's own Theme Unit Test export, as the shared fixtures folder holds it (never edited).
const fixtureName = 'wordpress/themeunittestdata.wordpress.xml';
const fixture = sharedFixture(fixtureName) ?? '';
const skip = skipWithout(fixtureName);

async function readAll(chunks: AsyncIterable<string | Buffer>) {
  const items: WxrItem[] = [];
  const site = await readWxr(chunks, (item) => void items.push(item));
  return { site, items };
}

/** The file in pieces of `size` bytes: characters and CDATA sections are cut anywhere. */
async function* inPieces(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const count = (items: WxrItem[], type: string) => items.filter((i) => i.postType === type).length;

test("WordPress's theme unit test export: the site, its authors and terms, and every item", { skip }, async () => {
  const { site, items } = await readAll(fs.createReadStream(fixture, { encoding: 'utf8' }));
  assert.equal(site.title, 'Theme Unit Test Data');
  assert.equal(site.wxrVersion, '1.2');
  assert.equal(site.baseBlogUrl, 'https://wpthemetestdata.wordpress.com');
  assert.deepEqual(
    site.authors.map((a) => [a.login, a.displayName]),
    [
      ['themedemos', 'Theme Buster'],
      ['themereviewteam', 'Theme Reviewer'],
    ],
  );
  // The counts the fixtures' README gives. The file lists one category twice (as wp:category and as wp:term): the
  // reader gives what the file says, and the importer knows a term by its taxonomy and slug.
  const slugs = (taxonomy: string) => new Set(site.terms.filter((t) => t.taxonomy === taxonomy).map((t) => t.slug)).size;
  assert.equal(slugs('category'), 68);
  assert.equal(slugs('post_tag'), 110);
  assert.ok(slugs('nav_menu') > 0, 'other taxonomies are read too');
  assert.equal(items.length, 186);
  assert.deepEqual([count(items, 'post'), count(items, 'page'), count(items, 'attachment')], [58, 21, 37]);
  assert.equal(
    items.reduce((sum, i) => sum + i.comments, 0),
    33,
  );

  const sticky = items.find((i) => i.title === 'Template: Sticky')!;
  assert.equal(sticky.postId, 1241);
  assert.equal(sticky.link, 'https://wpthemetestdata.wordpress.com/2012/01/07/template-sticky/');
  assert.equal(sticky.guid, 'http://wptest.io/demo/?p=1241');
  assert.equal(sticky.creator, 'themedemos');
  assert.equal(sticky.postDateGmt, '2012-01-07 14:07:21');
  assert.equal(sticky.postName, 'template-sticky');
  assert.equal(sticky.status, 'publish');
  assert.equal(sticky.isSticky, true);
  assert.match(sticky.content, /^This is a sticky post\.\n\nThere are a few things to verify:\n<ul>/);
  assert.match(sticky.content, /You can style the <code>\.sticky<\/code> class/);
  assert.deepEqual(sticky.terms, [
    { domain: 'category', slug: 'classic', name: 'Classic' },
    { domain: 'post_tag', slug: 'sticky-2', name: 'sticky' },
    { domain: 'post_tag', slug: 'template', name: 'template' },
    { domain: 'category', slug: 'uncategorized', name: 'Uncategorized' },
  ]);
  const attachment = items.find((i) => i.postType === 'attachment' && i.attachmentUrl)!;
  // Found in the uploads folder by the year and month of its path (WordPress.com serves them from its own host).
  assert.match(attachment.attachmentUrl, /^https:\/\/.+\/\d{4}\/\d{2}\/[^/]+$/);
  // Post meta by key: the alt text of images, and a post's featured image by the attachment's id.
  assert.equal(items.filter((i) => i.postType === 'attachment' && i.meta.has('_wp_attachment_image_alt')).length, 28);
  const featured = items.filter((i) => i.meta.has('_thumbnail_id'));
  assert.ok(featured.length > 0);
  for (const post of featured)
    assert.ok(
      items.some((i) => i.postType === 'attachment' && i.postId === Number(post.meta.get('_thumbnail_id'))),
      post.title,
    );
});

test('read in pieces of a few bytes, the export gives the same site and items', { skip }, async () => {
  const bytes = fs.readFileSync(fixture);
  const whole = await readAll(inPieces(bytes, bytes.length));
  const pieces = await readAll(inPieces(bytes, 7));
  assert.deepEqual(pieces.site, whole.site);
  assert.deepEqual(pieces.items, whole.items);
});

test('a file cut short hands over whole items only; text that is not an export gives no version and no items', { skip }, async () => {
  const bytes = fs.readFileSync(fixture);
  const whole = await readAll(inPieces(bytes, bytes.length));
  const cut = bytes.indexOf('<title>Template: Sticky</title>') + 200;
  const truncated = await readAll(inPieces(bytes.subarray(0, cut), 4096));
  const before = whole.items.findIndex((i) => i.title === 'Template: Sticky');
  assert.deepEqual(truncated.items, whole.items.slice(0, before), 'every item before the cut, none of the one cut');
  for (const text of ['', 'not xml at all', '<html><body><item><title>x</title></item></body></html>']) {
    const { site, items } = await readAll(inPieces(Buffer.from(text), 5));
    assert.equal(site.wxrVersion, '');
    assert.deepEqual(items, [], JSON.stringify(text));
  }
});

test('the next item is read only once the importer is done with the one before', { skip }, async () => {
  const order: string[] = [];
  await readWxr(fs.createReadStream(fixture, { encoding: 'utf8' }), async (item) => {
    order.push(`start ${item.postId}`);
    await new Promise((resolve) => setImmediate(resolve));
    order.push(`end ${item.postId}`);
  });
  for (let i = 0; i < order.length; i += 2) assert.equal(order[i]!.replace('start', 'end'), order[i + 1]);
});
