import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { databaseKinds } from '../../../test/databases.ts';
import { sharedFixture, skipWithout } from '../../../test/shared-fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { commandLineActor } from '../../core/actor.ts';
import { importWordPress } from './import.ts';
import { importSourcesOf } from '../sources.ts';

/** A small export made by hand in WordPress's format, with what the theme unit test data lacks. */
function wxr(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Sub-path blog</title><link>https://example.org/blog</link><language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://example.org/</wp:base_site_url><wp:base_blog_url>https://example.org/blog</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[writer]]></wp:author_login><wp:author_display_name><![CDATA[A Writer]]></wp:author_display_name></wp:author>
${items.join('\n')}
</channel></rss>`;
}

const item = (fields: { id: number; type: string; name: string; title: string; content: string; status?: string; parent?: number; link?: string; date?: string }) => `<item>
<title><![CDATA[${fields.title}]]></title><link>${fields.link ?? `https://example.org/blog/${fields.name}/`}</link><dc:creator><![CDATA[writer]]></dc:creator>
<content:encoded><![CDATA[${fields.content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${fields.id}</wp:post_id><wp:post_date>${fields.date ?? '2024-05-01 10:00:00'}</wp:post_date><wp:post_date_gmt>${fields.date ?? '2024-05-01 09:00:00'}</wp:post_date_gmt>
<wp:post_name>${fields.name}</wp:post_name><wp:status>${fields.status ?? 'publish'}</wp:status><wp:post_parent>${fields.parent ?? 0}</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>${fields.type}</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
</item>`;

const long = (n: number) => `${'deep-'.repeat(22)}${n}`;

for (const kind of await databaseKinds()) {
  describe(`a hand-made WordPress export's edge cases on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    test('an item Rostrum refuses is reported and the import goes on; long nested paths are shortened; a scheduled page waits as a draft; links keep to the blog’s own path', async () => {
      const xml = wxr([
        item({ id: 1, type: 'page', name: long(1), title: 'Deep one', content: 'One.' }),
        item({ id: 2, type: 'page', name: long(2), title: 'Deep two', content: 'Two.', parent: 1 }),
        item({ id: 3, type: 'page', name: long(3), title: 'Deep three', content: 'Three.', parent: 2 }),
        item({ id: 4, type: 'page', name: 'too-long', title: 'Too long', content: 'word '.repeat(50_000) }),
        item({ id: 5, type: 'page', name: 'later', title: 'Later', content: 'Soon.', status: 'future', date: '2099-01-01 00:00:00' }),
        item({
          id: 6,
          type: 'post',
          name: 'linking',
          title: 'Linking',
          link: 'https://example.org/blog/2024/05/01/linking/',
          content: 'See <a href="https://example.org/blog/2024/05/01/linking/">this post</a> and <a href="https://example.org/donate/">the donation page</a>.',
        }),
      ]);
      const report = await importWordPress(t.ctx, commandLineActor('import wordpress'), {
        open: async function* () {
          yield xml;
        },
        dryRun: false,
        expertFor: new Map(),
      });
      assert.equal(report.count('page', 'imported'), 4);
      assert.equal(report.count('page', 'skipped'), 1);
      assert.equal(report.count('post', 'imported'), 1, 'the item after the refused one came in');
      const text = report.toText();
      assert.match(text, /page 4 “Too long”[\s\S]*refused: body: must be at most 200000 characters/);
      assert.match(text, /longer than 300 characters/);
      const pages = await t.db.handle.db.selectFrom('standalonePages').select(['path', 'status']).orderBy('id').execute();
      assert.ok(pages[2]!.path.length <= 300 && pages[2]!.path.split('/').length === 3, pages[2]!.path);
      assert.deepEqual(pages[3], { path: 'later', status: 'draft' });
      const post = await t.db.handle.db.selectFrom('articles').select('bodyMarkdown').executeTakeFirstOrThrow();
      assert.match(post.bodyMarkdown, /\[this post\]\(\/blog\/2024\/05\/01\/linking\/\)/);
      assert.match(post.bodyMarkdown, /\[the donation page\]\(https:\/\/example\.org\/donate\/\)/);
      const old = await t.app.inject({ url: '/blog/2024/05/01/linking' });
      assert.equal(old.headers.location, '/blogs/writer/linking');
      assert.equal((await t.app.inject({ url: '/blog?p=6' })).headers.location, '/blogs/writer/linking');
      assert.equal((await t.app.inject({ url: '/blog/author/writer' })).headers.location, '/blogs/writer');
    });

    test(
      'WordPress’s theme preview export, which has no item ids, no authors list and no UTC times: each post is its own, twice over',
      { skip: skipWithout('wordpress/theme-preview.xml') },
      async () => {
        const bytes = await readFile(sharedFixture('wordpress/theme-preview.xml')!);
        const run = () =>
          importWordPress(t.ctx, commandLineActor('import wordpress'), {
            open: async function* () {
              yield bytes;
            },
            dryRun: false,
            expertFor: new Map(),
          });
        const first = await run();
        assert.equal(first.count('post', 'imported'), 7);
        const sources = [...(await importSourcesOf(t.db.handle, 'wordpress https://wp-themes.com')).keys()].filter((key) => key.startsWith('post '));
        assert.equal(new Set(sources).size, 7, sources.join(', '));
        assert.doesNotMatch(first.toText(), /could not be read/);
        const second = await run();
        assert.equal(second.count('post', 'unchanged'), 7);
        assert.equal(second.count('post', 'imported') + second.count('post', 'updated'), 0);
      },
    );
  });
}
