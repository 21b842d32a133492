import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';

for (const kind of await databaseKinds()) {
  describe(`related articles on ${kind}`, () => {
    let t: TestApp;

    async function publish(expert: string, title: string, tags: string[], extra: Record<string, unknown> = {}) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert, title, lead: `${title} lead.`, body: 'Body.', tags, status: 'published', ...extra },
      });
      assert.equal(res.statusCode, 201, res.body);
    }

    const relatedTitles = (html: string) => {
      const section = /<section class="more related" aria-labelledby="related-heading">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
      return [...section.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    };
    const moreTitles = (html: string) => {
      const section = /<section class="more" aria-labelledby="more-heading">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
      return [...section.matchAll(/<h3 class="card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    };

    before(async () => {
      t = await startTestApp(kind);
      for (const name of ['First Expert', 'Second Expert']) {
        await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name } });
      }
      // "Common" is on many articles, "Caspian" on few: sharing the rare tag relates more.
      for (let i = 0; i < 12; i++) await publish('second-expert', `Filler ${i}`, ['Common'], { published_at: `2024-06-${String(i + 1).padStart(2, '0')}T00:00:00Z` });
      await publish('second-expert', 'Shares the rare tag', ['Caspian'], { published_at: '2023-01-01T00:00:00Z' });
      await publish('second-expert', 'Shares both tags', ['Caspian', 'Common'], { published_at: '2022-01-01T00:00:00Z' });
      await publish('first-expert', 'Same expert, no tag', [], { published_at: '2024-06-01T00:00:00Z' });
      await publish('second-expert', 'A draft on the Caspian', ['Caspian'], { status: 'draft' });
      await publish('second-expert', 'Scheduled on the Caspian', ['Caspian'], { published_at: '2999-01-01T00:00:00Z' });
      await publish('first-expert', 'The subject', ['Caspian', 'Common'], { published_at: '2024-07-01T00:00:00Z' });
    });
    after(() => t.close());

    test('shared tags rank first, rarer tags above common ones; then the same expert; never the article itself', async () => {
      const page = await t.app.inject({ url: '/blogs/first-expert/the-subject' });
      assert.equal(page.statusCode, 200);
      const related = relatedTitles(page.body);
      assert.deepEqual(related, ['Shares both tags', 'Shares the rare tag', 'Same expert, no tag']);
      assert.ok(!related.includes('The subject'));
      assert.match(page.body, /<h2 id="related-heading">Related analysis<\/h2>/);
    });

    test('drafts and scheduled articles are never related', async () => {
      const related = relatedTitles((await t.app.inject({ url: '/blogs/first-expert/the-subject' })).body);
      assert.ok(!related.some((title) => /draft|Scheduled/.test(title!)), related.join(', '));
    });

    test('an article is not shown twice: the expert’s other articles skip those already related', async () => {
      const body = (await t.app.inject({ url: '/blogs/second-expert/shares-the-rare-tag' })).body;
      const related = relatedTitles(body);
      const more = moreTitles(body);
      assert.equal(related[0], 'Shares both tags');
      assert.ok(more.length > 0);
      for (const title of more) assert.ok(!related.includes(title), `${title} shown twice`);
    });

    test('an article with no tags still gets its expert’s other articles', async () => {
      const body = (await t.app.inject({ url: '/blogs/first-expert/same-expert-no-tag' })).body;
      assert.deepEqual(relatedTitles(body), ['The subject']);
    });
  });
}
