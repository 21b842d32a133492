import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';

const longBody = [
  'The EAEU met in Minsk. The EAEU met again.[^1]',
  '## Trade and the EAEU',
  'Trade within the EAEU grew; see [the EAEU site](https://eaeunion.org).',
  '### Gas',
  'LNG shipments rose, and `LNG` appears in code.',
  '## Outlook',
  Array.from({ length: 900 }, (_, i) => `word${i}`).join(' '),
  '[^1]: Minutes of the EAEU council.',
].join('\n\n');

for (const kind of await databaseKinds()) {
  describe(`reading aids and glossary marks on the article page on ${kind}`, () => {
    let t: TestApp;
    const editor = () => bearer(t.tokens.editor);

    before(async () => {
      t = await startTestApp(kind);
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Reading Expert' } });
      for (const payload of [
        { term: 'EAEU', expansion: 'Eurasian Economic Union' },
        { term: 'LNG', expansion: hostileStrings[1] },
      ]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/glossary', headers: editor(), payload });
        assert.equal(res.statusCode, 201, res.body);
      }
      for (const [title, body] of [
        ['Long read', longBody],
        ['Short note', 'The EAEU, briefly.\n\n## Only heading'],
      ]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: editor(), payload: { expert: 'reading-expert', title, lead: 'Lead.', body, status: 'published' } });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(() => t.close());

    test('the first use of each term in the body is marked and linked to the glossary, escaped', async () => {
      const page = await t.app.inject({ url: '/blogs/reading-expert/long-read' });
      assert.equal(page.statusCode, 200);
      const marked = [...page.body.matchAll(/<a class="glossary-term" href="([^"]+)"><abbr title="([^"]*)">(\w+)<\/abbr><\/a>/g)];
      assert.deepEqual(
        marked.map((m) => [m[1], m[3]]),
        [
          ['/glossary#term-eaeu', 'EAEU'],
          ['/glossary#term-lng', 'LNG'],
        ],
      );
      assert.equal(marked[1]![2], '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      assert.match(page.body, /<p id="p1">The <a class="glossary-term"[^>]*><abbr title="Eurasian Economic Union">EAEU<\/abbr><\/a> met in Minsk\. The EAEU met again\./);
      assert.doesNotMatch(page.body, /<img src=x/);
      // The lead and title are not the body: never marked.
      assert.doesNotMatch(page.body.slice(0, page.body.indexOf('class="article-body"')), /glossary-term/);
    });

    test('headings and paragraphs carry unique ids and self-links; footnotes still link both ways', async () => {
      const { body } = await t.app.inject({ url: '/blogs/reading-expert/long-read' });
      const ids = [...body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(new Set(ids).size, ids.length, ids.join(' '));
      assert.match(body, /<h2 id="trade-and-the-eaeu">Trade and the EAEU<a class="anchor-link" href="#trade-and-the-eaeu" aria-label="Link to this section">#<\/a><\/h2>/);
      assert.match(body, /<h3 id="gas">/);
      assert.match(body, /<p id="p3">/);
      assert.match(body, /aria-label="Link to paragraph 2">¶<\/a><\/p>/);
      assert.match(body, /<a href="#fn1" id="fnref1">\[1\]<\/a>/);
      assert.match(body, /<li id="fn1" class="footnote-item"><p>Minutes of the EAEU council\. <a href="#fnref1" class="footnote-backref">/);
    });

    test('a long article has a table of contents before its body and its reading time in the meta line', async () => {
      const { body } = await t.app.inject({ url: '/blogs/reading-expert/long-read' });
      assert.match(body, /<span class="reading-time">4 min read<\/span><\/p>/);
      assert.match(
        body,
        /<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">In this article<\/h2><ol><li><a href="#trade-and-the-eaeu">Trade and the EAEU<\/a><ol><li><a href="#gas">Gas<\/a><\/li><\/ol><\/li><li><a href="#outlook">Outlook<\/a><\/li><\/ol><\/nav><div class="article-body">/,
      );
      const short = await t.app.inject({ url: '/blogs/reading-expert/short-note' });
      assert.doesNotMatch(short.body, /class="toc"/);
      assert.match(short.body, /<span class="reading-time">1 min read<\/span>/);
    });

    test('the print version carries the same marks and anchors, without the contents', async () => {
      const { body, statusCode } = await t.app.inject({ url: '/blogs/reading-expert/long-read/print' });
      assert.equal(statusCode, 200);
      assert.match(body, /<abbr title="Eurasian Economic Union">EAEU<\/abbr>/);
      assert.match(body, /<p id="p1">/);
      assert.doesNotMatch(body, /class="toc"/);
    });

    test('a glossary edit reaches every article at once, cached pages included', async () => {
      assert.match((await t.app.inject({ url: '/blogs/reading-expert/short-note' })).body, /title="Eurasian Economic Union"/);
      const items = (await t.app.inject({ url: '/api/v1/public/glossary' })).json().items as Array<{ id: number; term: string }>;
      const eaeu = items.find((i) => i.term === 'EAEU')!;
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/glossary/${eaeu.id}`, headers: editor(), payload: { expansion: 'Eurasian Economic Union (2015)' } });
      assert.equal(patched.statusCode, 200);
      assert.match((await t.app.inject({ url: '/blogs/reading-expert/short-note' })).body, /title="Eurasian Economic Union \(2015\)"/);
      await t.app.inject({ method: 'DELETE', url: `/api/v1/glossary/${eaeu.id}`, headers: editor() });
      assert.doesNotMatch((await t.app.inject({ url: '/blogs/reading-expert/short-note' })).body, /glossary-term/);
    });
  });
}
