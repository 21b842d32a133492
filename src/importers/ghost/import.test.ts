import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { databaseKinds } from '../../../test/databases.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { sharedFixture, skipWithout } from '../../../test/shared-fixtures.ts';
import { commandLineActor } from '../../core/actor.ts';
import { getArticleById, tagIdsByArticle } from '../../articles/store.ts';
import { getExpertById } from '../../experts/store.ts';
import { getMediaById } from '../../media/store.ts';
import { getTagsByIds } from '../../tags/store.ts';
import { importSourcesOf } from '../sources.ts';
import { UploadsFolder } from '../uploads.ts';
import { importGhost, type GhostImportOptions } from './import.ts';
import { GhostExportError } from './export.ts';

const exportFile = 'ghost/ghost-5.130-export.json';
const count = async (t: TestApp, table: string) => Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.handle.db)).rows[0]!.n);
const actor = commandLineActor('import ghost');

/** A small export made by hand from Ghost's documented format: a Ghost 4 post in mobiledoc, a Ghost 5 one in lexical, the edge cases. */
function handMadeExport(): object {
  const mobiledoc = JSON.stringify({
    version: '0.3.1',
    atoms: [],
    cards: [],
    markups: [['em']],
    sections: [
      [
        1,
        'p',
        [
          [0, [], 0, 'Written in the old editor, '],
          [0, [0], 1, 'with emphasis'],
          [0, [], 0, '.'],
        ],
      ],
    ],
  });
  const lexical = JSON.stringify({
    root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'Written in the new editor.', format: 0 }] }] },
  });
  const post = (id: string, fields: object) => ({
    id,
    uuid: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    type: 'post',
    visibility: 'public',
    featured: false,
    published_at: '2025-03-01T10:00:00.000Z',
    ...fields,
  });
  return {
    db: [
      {
        meta: { exported_on: 1740000000000, version: '4.48.0' },
        data: {
          posts: [
            post('1', { title: 'Old editor', slug: 'old-editor', status: 'published', mobiledoc, html: null, featured: true }),
            post('2', { title: 'New editor', slug: 'new-editor', status: 'published', lexical, html: null }),
            post('3', { title: 'Paid only', slug: 'paid-only', status: 'published', visibility: 'paid', html: '<p>For subscribers.</p>' }),
            post('4', { title: 'Newsletter', slug: 'newsletter-only', status: 'sent', html: '<p>Sent by e-mail.</p>' }),
            post('5', { title: 'Nobody wrote this', slug: 'orphan', status: 'published', html: '<p>No author.</p>' }),
          ],
          users: [{ id: 'u1', name: 'Jana Novak', slug: 'jana', email: 'jana@example.org', bio: 'Writes about <b>trade</b>.' }],
          tags: [
            { id: 't1', name: 'Trade', slug: 'trade' },
            { id: 't2', name: '#featured-slot', slug: 'hash-featured-slot', visibility: 'internal' },
            { id: 't3', name: 'Kazakhstan', slug: 'kz' },
          ],
          posts_tags: [
            { post_id: '1', tag_id: 't1', sort_order: 0 },
            { post_id: '1', tag_id: 't2', sort_order: 1 },
            { post_id: '1', tag_id: 't3', sort_order: 2 },
          ],
          posts_authors: [1, 2, 3, 4].map((n) => ({ post_id: String(n), author_id: 'u1', sort_order: 0 })),
        },
      },
    ],
  };
}

for (const kind of await databaseKinds()) {
  describe(`importing a Ghost 5 export on ${kind}`, { skip: skipWithout(exportFile) || skipWithout('ghost/images') }, () => {
    let t: TestApp;
    let json: string;
    let images: UploadsFolder;
    const run = (options: Partial<GhostImportOptions> = {}) => importGhost(t.ctx, actor, { json, images, siteUrl: 'https://kestrel.example', dryRun: false, expertFor: new Map(), ...options });
    const articleOf = async (uuid: string) => (await getArticleById(t.db.handle, (await importSourcesOf(t.db.handle, 'ghost https://kestrel.example')).get(`post ${uuid}`)!.targetId))!;
    const get = (url: string) => t.app.inject({ url });

    before(async () => {
      t = await startTestApp(kind);
      json = await readFile(sharedFixture(exportFile)!, 'utf8');
      images = await UploadsFolder.open(sharedFixture('ghost/images')!);
    });
    after(() => t.close());

    test('posts, pages, staff and tags come over; members-only posts and drafts stay drafts', async () => {
      const report = await run();
      assert.equal(report.count('post', 'imported'), 8);
      assert.equal(report.count('page', 'imported'), 2);
      assert.equal(report.count('author', 'imported'), 3);
      assert.equal(await count(t, 'articles'), 8);
      const members = await articleOf('cddf2efe-d6a8-4a79-a3a5-eede3d8dd527');
      assert.equal(members.status, 'draft');
      assert.equal((await articleOf('537ce6ee-51c0-431d-8fee-d71e8a11b2da')).status, 'draft');
      const scheduled = await articleOf('67b244bf-8e8f-4339-a077-ba33a3142f04');
      assert.equal(scheduled.status, 'published');
      assert.equal(scheduled.publishedAt, '2027-01-18T09:00:00.000Z');
      assert.match(report.toText(), /it had 3 authors/);
    });

    test('a post field by field: slug, time, featured, lead, hero with alt text and caption, tags without internal ones, its first author', async () => {
      const article = await articleOf('e15b31c5-e2f0-4d0e-94cd-07436cac7c25');
      assert.equal(article.slug, 'shared-rivers-separate-plans');
      assert.equal(article.publishedAt, '2026-09-14T07:30:00.000Z');
      assert.equal(article.featured, 1);
      assert.match(article.lead, /^Upstream dams, downstream deltas/);
      assert.equal((await getExpertById(t.db.handle, article.expertId))!.slug, 'ada');
      const hero = await getMediaById(t.db.handle, article.heroMediaId!);
      assert.ok(hero?.alt, 'alt text from posts_meta');
      const names = [...(await getTagsByIds(t.db.handle, (await tagIdsByArticle(t.db.handle, [article.id])).get(article.id) ?? [])).values()].map((tag) => tag.name);
      assert.ok(names.length > 0);
      assert.ok(
        names.every((name) => !name.startsWith('#')),
        names.join(', '),
      );
      assert.doesNotMatch(article.bodyMarkdown, /__GHOST_URL__|kestrel\.example\/(?!content)/);
      assert.match(article.bodyHtml, /<img src="\/media\//);
    });

    test('staff become experts with their bios and portraits; pages in the navigation sit in the masthead', async () => {
      const ada = await t.db.handle.db.selectFrom('experts').selectAll().where('slug', '=', 'ada').executeTakeFirstOrThrow();
      assert.match(ada.bio, /Director of Research/);
      assert.ok(ada.photoMediaId);
      const pages = await t.db.handle.db.selectFrom('standalonePages').select(['path', 'menu', 'menuOrder']).orderBy('path').execute();
      assert.deepEqual(
        pages.map((p) => [p.path, p.menu]),
        [
          ['about', 'masthead'],
          ['contact', 'masthead'],
        ],
      );
      const about = await get('/about');
      assert.equal(about.statusCode, 200);
      assert.match(about.body, /<figure><img src="\/media\/[^"]+" alt="A plain office building with a grid of windows" \/><figcaption>Kestrel House/);
      assert.match(about.body, /<nav[^>]*>[\s\S]*href="\/contact"/);
    });

    test("Ghost's addresses lead to their new homes", async () => {
      assert.equal((await get('/after-the-withdrawal')).headers.location, '/blogs/tomas/after-the-withdrawal');
      assert.equal((await get('/author/ada')).headers.location, '/blogs/ada');
      const tag = await get('/tag/trade');
      assert.equal(tag.statusCode, 301);
      assert.equal((await get(tag.headers.location as string)).statusCode, 200);
      assert.equal((await get('/remittances-under-pressure')).statusCode, 404, 'a draft has no address to lead to');
    });

    test('a second run changes nothing', async () => {
      const before = [await count(t, 'articles'), await count(t, 'redirects'), await count(t, 'media'), await count(t, 'experts')];
      const report = await run();
      assert.equal(report.count('post', 'unchanged'), 8);
      assert.equal(report.count('page', 'unchanged'), 2);
      assert.equal(report.redirects, 0);
      assert.deepEqual([await count(t, 'articles'), await count(t, 'redirects'), await count(t, 'media'), await count(t, 'experts')], before);
    });
  });

  describe(`importing a hand-made Ghost export on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('mobiledoc and lexical bodies, paid and newsletter-only posts, internal tags, a post without an author', async () => {
      const report = await importGhost(t.ctx, actor, { json: JSON.stringify(handMadeExport()), dryRun: false, expertFor: new Map() });
      assert.equal(report.count('post', 'imported'), 5);
      const sources = await importSourcesOf(t.db.handle, 'ghost');
      assert.equal(sources.size > 0, true, 'a site without an address or title is known as "ghost"');
      const byNumber = async (n: number) => (await getArticleById(t.db.handle, sources.get(`post 00000000-0000-4000-8000-${String(n).padStart(12, '0')}`)!.targetId))!;
      const old = await byNumber(1);
      assert.match(old.bodyMarkdown, /Written in the old editor, \*with emphasis\*\./);
      assert.equal(old.featured, 1);
      const names = [...(await getTagsByIds(t.db.handle, (await tagIdsByArticle(t.db.handle, [old.id])).get(old.id) ?? [])).values()].map((tag) => [tag.name, tag.kind]);
      assert.deepEqual(names.sort(), [
        ['Kazakhstan', 'country'],
        ['Trade', 'topic'],
      ]);
      assert.match((await byNumber(2)).bodyMarkdown, /Written in the new editor\./);
      assert.equal((await byNumber(3)).status, 'draft');
      assert.equal((await byNumber(4)).status, 'draft');
      assert.match(report.toText(), /paying members only/);
      assert.match(report.toText(), /sent as a newsletter only/);
      const expert = await getExpertById(t.db.handle, (await byNumber(1)).expertId);
      assert.equal(expert?.name, 'Jana Novak');
    });

    test('a second Ghost site, under a path, is a source of its own: its addresses keep the path', async () => {
      const before = await count(t, 'articles');
      const report = await importGhost(t.ctx, actor, { json: JSON.stringify(handMadeExport()), siteUrl: 'https://other.example/blog/', dryRun: false, expertFor: new Map() });
      assert.equal(report.count('post', 'imported'), 5, 'nothing mistaken for the first site’s posts');
      assert.equal(await count(t, 'articles'), before + 5);
      const old = await t.app.inject({ url: '/blog/old-editor' });
      assert.equal(old.statusCode, 301);
      assert.match(String(old.headers.location), /^\/blogs\/jana-[a-z0-9-]+\/old-editor$/, 'the second site’s Jana is an expert of her own');
    });

    test('what is not a Ghost export is refused with a message, and nothing is written', async () => {
      const before = await count(t, 'articles');
      for (const [json, message] of [
        ['not json', /not JSON/],
        ['{"db": []}', /not a Ghost export/],
        ['{"db": [{"data": {"posts": [{"title": "x"}]}}]}', /not a Ghost export: .*posts\.0/],
        ['[1, 2, 3]', /not a Ghost export/],
      ] as const) {
        await assert.rejects(importGhost(t.ctx, actor, { json, dryRun: false, expertFor: new Map() }), (err: Error) => err instanceof GhostExportError && message.test(err.message));
      }
      assert.equal(await count(t, 'articles'), before);
    });
  });
}
