import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/databases.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { sharedFixture, skipWithout } from '../../../test/shared-fixtures.ts';
import { commandLineActor } from '../../core/actor.ts';
import { getArticleById } from '../../articles/store.ts';
import { getExpertById } from '../../experts/store.ts';
import { getMediaById } from '../../media/store.ts';
import { getTagsByIds } from '../../tags/store.ts';
import { tagIdsByArticle } from '../../articles/store.ts';
import { canonicalAddress } from '../../http/paths.ts';
import { UploadsFolder } from '../uploads.ts';
import { importSourcesOf } from '../sources.ts';
import { ImportInterrupted } from '../report.ts';
import { importWordPress, type WordPressImportOptions } from './import.ts';
import { readWxr, type WxrItem } from './wxr.ts';

const exportFile = 'wordpress/themeunittestdata.wordpress.xml';
const skip = skipWithout(exportFile) || skipWithout('wordpress/uploads');
const source = 'wordpress https://wpthemetestdata.wordpress.com';

/** The export's bytes, handed over in pieces as a file stream would. */
async function* inPieces(bytes: Buffer, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function itemsOf(bytes: Buffer): Promise<WxrItem[]> {
  const items: WxrItem[] = [];
  await readWxr(inPieces(bytes), async (item) => void items.push(item));
  return items;
}

const count = async (t: TestApp, table: string) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.handle.db)).rows[0]!.n);

for (const kind of await databaseKinds()) {
  describe(`importing WordPress's theme unit test export on ${kind}`, { skip }, () => {
    let t: TestApp;
    let bytes: Buffer;
    let items: WxrItem[];
    let uploads: UploadsFolder;
    const actor = commandLineActor('import wordpress');
    const run = (options: Partial<WordPressImportOptions> & { bytes?: Buffer } = {}) =>
      importWordPress(t.ctx, actor, { open: () => inPieces(options.bytes ?? bytes), uploads, dryRun: false, expertFor: new Map(), ...options });
    const articleOf = async (postId: number) => {
      const entry = (await importSourcesOf(t.db.handle, source)).get(`post ${postId}`);
      assert.ok(entry, `post ${postId} was imported`);
      return (await getArticleById(t.db.handle, entry.targetId))!;
    };
    const get = (url: string) => t.app.inject({ method: 'GET', url });

    before(async () => {
      t = await startTestApp(kind);
      bytes = await readFile(sharedFixture(exportFile)!);
      items = await itemsOf(bytes);
      uploads = await UploadsFolder.open(sharedFixture('wordpress/uploads')!);
    });
    after(() => t.close());

    test('a dry run tells what would happen and writes nothing', async () => {
      const report = await run({ dryRun: true });
      assert.equal(report.count('post', 'imported'), 58);
      assert.equal(report.count('page', 'imported'), 21);
      assert.equal(report.count('author', 'imported'), 2);
      assert.match(report.toText(), /^Dry run: nothing was written/);
      for (const table of ['articles', 'standalone_pages', 'redirects', 'import_sources', 'media']) assert.equal(await count(t, table), 0, table);
      assert.equal(await count(t, 'experts'), 1, 'only the test app’s own expert');
    });

    test('every post, page, author and image comes over; comments and menus are counted and left', async () => {
      const report = await run();
      assert.equal(report.count('post', 'imported'), 58);
      assert.equal(report.count('page', 'imported'), 21);
      assert.equal(report.count('author', 'imported'), 2);
      assert.equal(report.count('attachment', 'skipped'), 2, 'the audio and video attachments');
      assert.equal(report.left.get('comments'), 33);
      assert.equal(report.left.get('menu items'), 70);
      assert.equal(await count(t, 'articles'), 58);
      assert.equal(await count(t, 'standalone_pages'), 21);
      assert.equal(await count(t, 'experts'), 3);
      const statuses = await t.db.handle.db
        .selectFrom('articles')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      assert.deepEqual(Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])), { published: 55, draft: 3 });
      assert.ok((await count(t, 'media')) >= 30);
      assert.ok(report.redirects > 200);
      // Links between the old site's posts lead through this site's redirects now, not to the old domain.
      const bodies = await t.db.handle.db.selectFrom('articles').select('bodyMarkdown').execute();
      const links = bodies.flatMap((b) => [...b.bodyMarkdown.matchAll(/(!?)\[[^\]]*\]\((\S+?)[)\s]/g)].filter((m) => !m[1]).map((m) => m[2]!));
      assert.ok(
        links.some((href) => /^\/\d{4}\/\d{2}\//.test(href)),
        'some posts link to others',
      );
      assert.deepEqual(
        links.filter((href) => /^https?:\/\/wpthemetestdata\.wordpress\.com\/(?!wp-content)/.test(href) && !/\.(jpe?g|png|gif)$/i.test(href)),
        [],
      );
    });

    test('a sticky post is checked field by field against the export', async () => {
      const xml = items.find((i) => i.postId === 1241)!;
      const article = await articleOf(1241);
      assert.equal(article.title, xml.title);
      assert.equal(article.slug, 'template-sticky');
      assert.equal(article.status, 'published');
      assert.equal(article.publishedAt, '2012-01-07T14:07:21.000Z');
      assert.equal(article.featured, 1);
      assert.equal(article.language, 'en');
      assert.equal((await getExpertById(t.db.handle, article.expertId))!.slug, xml.creator);
      const tagNames = [...(await getTagsByIds(t.db.handle, (await tagIdsByArticle(t.db.handle, [article.id])).get(article.id) ?? [])).values()].map((tag) => tag.name).sort();
      const expected = xml.terms.filter((term) => (term.domain === 'category' && term.slug !== 'uncategorized') || term.domain === 'post_tag').map((term) => term.name);
      assert.deepEqual(tagNames, [...new Set(expected)].sort());
      assert.ok(article.bodyMarkdown.length > 100);
      assert.doesNotMatch(article.bodyMarkdown, /<\/?p>|<!-- wp:/);
    });

    test('the awkward cases: excerpt, no title, no content, password, scheduled, markup and special characters in titles, many categories', async () => {
      assert.equal(
        (await articleOf(993)).lead,
        'This is a user-defined post excerpt. It should be displayed in place of the post content in archive-index pages. It can be longer than the automatically generated excerpts, and can have HTML tags.',
      );
      assert.ok((await articleOf(1446)).lead.length > 20, 'a generated lead from the first paragraph');
      const untitled = await articleOf(1169);
      assert.equal(untitled.title, 'Untitled (2009-09-05)');
      assert.equal((await articleOf(1170)).status, 'draft', 'no content');
      const guarded = await articleOf(1168);
      assert.equal(guarded.status, 'draft', 'password-protected');
      const scheduled = await articleOf(1153);
      assert.equal(scheduled.status, 'published');
      assert.equal(scheduled.publishedAt, '2030-01-01T19:00:18.000Z');
      assert.equal((await get(`/blogs/themedemos/${scheduled.slug}`)).statusCode, 404, 'not shown before its time');
      assert.equal((await articleOf(1173)).title, 'Markup: Title With Markup');
      assert.equal((await articleOf(1174)).title, 'Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:\'"?,.>');
      const many = await articleOf(1152);
      assert.equal((await tagIdsByArticle(t.db.handle, [many.id])).get(many.id)?.length, 30);
    });

    test('featured images become heroes with their alt text and caption; captions and galleries become figures', async () => {
      const featured = await articleOf(1163);
      const hero = await getMediaById(t.db.handle, featured.heroMediaId!);
      assert.equal(hero?.credit, 'It’s dangerous to go alone! Take this.');
      const wind = await getMediaById(t.db.handle, (await articleOf(51)).heroMediaId!);
      assert.equal(wind?.alt, 'Wind Farm');
      const captioned = await articleOf(1163);
      // A library image: its variants, its caption once (WordPress filed the caption as the image's credit too).
      assert.match(
        captioned.bodyHtml,
        /<figure class="body-figure"><picture>.*<img src="\/media\/[0-9a-f]+\/\d+\.jpg" alt="[^"]*" width="\d+" height="\d+"[^>]*\/><\/picture><figcaption><p class="caption">[^<]+<\/p><\/figcaption><\/figure>/,
      );
      const gallery = await articleOf(555);
      assert.ok((gallery.bodyHtml.match(/<img src="\/media\//g) ?? []).length >= 2, gallery.bodyMarkdown.slice(0, 300));
      const page = await get(`/blogs/themedemos/${gallery.slug}`);
      assert.equal(page.statusCode, 200);
    });

    test('pages keep their nesting as paths and the top-level ones sit in the footer menu', async () => {
      const paths = (await t.db.handle.db.selectFrom('standalonePages').select(['path', 'menu', 'status']).execute()).map((p) => p.path);
      for (const path of ['about', 'about/page-with-comments', 'level-1/level-2/level-3', 'level-1/level-2a', 'lorem-ipsum']) assert.ok(paths.includes(path), path);
      const res = await get('/level-1/level-2/level-3');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<footer[\s\S]*href="\/about"/);
    });

    test('every old address of every public item leads to its new home, in one hop to a page that answers', async () => {
      const checked = new Set<string>();
      // A post with no text came in as a draft (the report says so): it has no public address to lead to.
      for (const item of items.filter((i) => (i.postType === 'post' || i.postType === 'page') && i.status === 'publish' && !i.password && i.postId !== 1170)) {
        const addresses = [new URL(item.link).pathname + new URL(item.link).search, `/?${item.postType === 'page' ? 'page_id' : 'p'}=${item.postId}`];
        for (const address of addresses) {
          // At most two hops: the trailing slash taken off (as for every address of the site), then the redirect.
          let res = await get(address);
          const hops: string[] = [];
          while (res.statusCode === 301 && hops.length < 2) {
            hops.push(res.headers.location as string);
            res = await get(hops.at(-1)!);
          }
          assert.equal(res.statusCode, item.postId === 1153 ? 404 : 200, `${address} → ${hops.join(' → ')}`);
          if (hops.length === 2) assert.equal(hops[0], canonicalAddress(address), `${address}: the first hop only respells the address`);
          checked.add(address);
        }
      }
      assert.ok(checked.size > 100, `${checked.size} addresses`);
      assert.equal((await get('/author/themedemos/')).statusCode, 301);
      assert.equal((await get('/author/themedemos')).headers.location, '/blogs/themedemos');
      assert.equal((await get('/category/markup')).headers.location, '/tags/markup');
      assert.equal((await get('/tags/markup')).statusCode, 200);
    });

    test('a second run changes nothing and makes nothing twice', async () => {
      const before = {
        articles: await count(t, 'articles'),
        pages: await count(t, 'standalone_pages'),
        redirects: await count(t, 'redirects'),
        revisions: await count(t, 'article_revisions'),
        media: await count(t, 'media'),
      };
      const report = await run();
      assert.equal(report.count('post', 'unchanged'), 58);
      assert.equal(report.count('page', 'unchanged'), 21);
      assert.equal(report.count('post', 'imported') + report.count('post', 'updated'), 0);
      assert.equal(report.redirects, 0);
      assert.deepEqual(
        {
          articles: await count(t, 'articles'),
          pages: await count(t, 'standalone_pages'),
          redirects: await count(t, 'redirects'),
          revisions: await count(t, 'article_revisions'),
          media: await count(t, 'media'),
        },
        before,
      );
    });

    test('a post changed on the old site is brought up to date; its new slug leaves a redirect', async () => {
      const changed = Buffer.from(
        bytes
          .toString('utf8')
          .replace('<title>Template: Sticky</title>', '<title>Template: Sticky, revised</title>')
          .replace('<wp:post_name>template-sticky</wp:post_name>', '<wp:post_name>template-sticky-revised</wp:post_name>'),
      );
      const report = await run({ bytes: changed });
      assert.equal(report.count('post', 'updated'), 1);
      assert.equal(report.count('post', 'unchanged'), 57);
      const article = await articleOf(1241);
      assert.equal(article.title, 'Template: Sticky, revised');
      assert.equal((await get('/blogs/themedemos/template-sticky')).headers.location, '/blogs/themedemos/template-sticky-revised');
    });
  });

  describe(`an interrupted WordPress import on ${kind}`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('stops after the item in hand, leaves whole items only, and the next run finishes without duplicates', async () => {
      const bytes = await readFile(sharedFixture(exportFile)!);
      const controller = new AbortController();
      const options = (signal?: AbortSignal): WordPressImportOptions => ({
        open: () => inPieces(bytes),
        dryRun: false,
        expertFor: new Map(),
        signal,
        onProgress: (done) => (done === 60 ? controller.abort() : undefined),
      });
      await assert.rejects(importWordPress(t.ctx, commandLineActor('import wordpress'), options(controller.signal)), ImportInterrupted);
      const partial = await count(t, 'articles');
      assert.ok(partial > 0 && partial < 58, `${partial} articles after the interruption`);
      // Whole items only: every article has its source record and its first revision.
      assert.equal(Number((await sql<{ n: number }>`select count(*) as n from import_sources where kind = 'article'`.execute(t.db.handle.db)).rows[0]!.n), partial);
      assert.equal(Number((await sql<{ n: number }>`select count(distinct article_id) as n from article_revisions`.execute(t.db.handle.db)).rows[0]!.n), partial);
      const report = await importWordPress(t.ctx, commandLineActor('import wordpress'), options());
      assert.equal(report.count('post', 'unchanged'), partial);
      assert.equal(report.count('post', 'imported'), 58 - partial);
      assert.equal(await count(t, 'articles'), 58);
      assert.match(report.toText(), /no uploads folder given/);
    });
  });
}
