import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { hostileStrings } from '../../test/app.ts';
import { createExpert, updateExpert } from '../experts/store.ts';
import { deleteTag, ensureTag, updateTag } from '../tags/store.ts';
import { createArticle, deleteArticle, updateArticle, type ArticleInput } from '../articles/store.ts';
import { searchArticles, type SearchRequest } from './search.ts';
import { rebuildSearchIndex } from './documents.ts';

const filler = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `Paragraph ${i} on ${seed} considers trade routes, grain prices and ministerial statements.`).join('\n\n');

/** What each group asks of its database: the ids a search finds, in order, and an article published by its expert. */
function searchHelpers(database: () => TestDatabase, expertId: () => number) {
  return {
    ids: async (request: SearchRequest) => (await searchArticles(database().handle, request)).items.map((i) => i.articleId),
    publish: (input: Partial<ArticleInput> & { title: string }) =>
      createArticle(database().handle, { expertId: expertId(), lead: 'A lead.', bodyMarkdown: 'Body.', status: 'published', publishedAt: '2024-03-01T10:00:00.000Z', ...input }),
  };
}

for (const kind of await databaseKinds()) {
  describe(`search on ${kind}`, () => {
    let t: TestDatabase;
    let expertId: number;
    const { ids, publish } = searchHelpers(
      () => t,
      () => expertId,
    );

    before(async () => {
      t = await createTestDatabase(kind);
      expertId = (await createExpert(t.handle, { name: 'Irina Volkova' })).id;
    });
    after(() => t.drop());

    test('a phrase from the middle of a long body finds its article, with the words marked', async () => {
      const body = `${filler(60, 'the Caspian')}\n\nThe pipeline consortium quietly renegotiated its transit tariffs last winter.\n\n${filler(60, 'the Caspian')}`;
      const article = await publish({ title: 'Notes on the Caspian', bodyMarkdown: body });
      const result = await searchArticles(t.handle, { query: '"consortium quietly renegotiated"' });
      assert.deepEqual(
        result.items.map((i) => i.articleId),
        [article.id],
      );
      assert.equal(result.total, 1);
      assert.match(result.items[0]!.excerptHtml, /<mark>consortium[^<]*<\/mark>/);
      assert.deepEqual(await ids({ query: '"renegotiated quietly consortium"' }), [], 'a phrase keeps its word order');
    });

    test('English stemming: "sanctioned" finds "sanctions"', async () => {
      const article = await publish({ title: 'Grain corridors', bodyMarkdown: 'The new sanctions regime hits shipping insurers.' });
      assert.ok((await ids({ query: 'sanctioned' })).includes(article.id));
      assert.ok((await ids({ query: 'INSURER' })).includes(article.id));
    });

    test('a title match ranks above a body match', async () => {
      const inBody = await publish({ title: 'Ports and harbours', bodyMarkdown: 'A passing mention of hydrogen.' });
      const inTitle = await publish({ title: 'Hydrogen diplomacy', bodyMarkdown: 'Energy policy in general.' });
      assert.deepEqual(await ids({ query: 'hydrogen' }), [inTitle.id, inBody.id]);
    });

    test('hostile text in titles, bodies and queries comes out escaped', async () => {
      for (const hostile of hostileStrings) {
        const article = await publish({ title: `Zanzibarian ${hostile}`, bodyMarkdown: `Zanzibarian text ${hostile} more zanzibarian text` });
        const result = await searchArticles(t.handle, { query: `zanzibarian ${hostile}` });
        for (const item of result.items) {
          assert.doesNotMatch(item.excerptHtml.replace(/<\/?mark>/g, ''), /[<>"]/, `excerpt of ${article.id}: ${item.excerptHtml}`);
        }
      }
    });

    test('filters: expert, tag, language, date range; sort by date; pages', async () => {
      const other = await createExpert(t.handle, { name: 'Omar Haddad' });
      const arctic = await ensureTag(t.handle, 'Arctic', 'region');
      const a = await publish({ title: 'Quokka one', publishedAt: '2023-01-10T00:00:00.000Z', tagIds: [arctic.id] });
      const b = await publish({ title: 'Quokka two', publishedAt: '2023-02-10T00:00:00.000Z', expertId: other.id, language: 'fr' });
      const c = await publish({ title: 'Quokka three', publishedAt: '2023-03-10T23:59:00.000Z', tagIds: [arctic.id] });
      assert.deepEqual(await ids({ query: 'quokka', filters: { expertId: other.id } }), [b.id]);
      // A text that spells a filter's token is not filed under it: the filters are the document's own.
      const forged = await publish({ title: 'Quokka forged', bodyMarkdown: `Filed as \uE000e${other.id} and \uE000t${arctic.id} and \uE000l6672.` });
      assert.deepEqual(await ids({ query: 'quokka', filters: { expertId: other.id } }), [b.id], 'not under the expert');
      assert.ok(!(await ids({ query: 'quokka', filters: { tagIds: [arctic.id] } })).includes(forged.id), 'not under the tag');
      assert.ok(!(await ids({ query: 'quokka', filters: { language: 'fr' } })).includes(forged.id), 'not in French');
      await deleteArticle(t.handle, forged.id);
      assert.deepEqual(await ids({ query: 'quokka', filters: { tagIds: [arctic.id] }, sort: 'date' }), [c.id, a.id]);
      assert.deepEqual(await ids({ query: 'quokka', filters: { language: 'fr' } }), [b.id]);
      assert.deepEqual(await ids({ query: 'quokka', filters: { from: '2023-02-01', to: '2023-03-10' }, sort: 'date' }), [c.id, b.id]);
      const first = await searchArticles(t.handle, { query: 'quokka', sort: 'date', pageSize: 2 });
      const second = await searchArticles(t.handle, { query: 'quokka', sort: 'date', pageSize: 2, page: 2 });
      assert.equal(first.total, 3);
      assert.deepEqual(
        [...first.items, ...second.items].map((i) => i.articleId),
        [c.id, b.id, a.id],
      );
    });

    test('drafts, scheduled, unpublished and deleted articles are not found; edits re-index', async () => {
      const draft = await publish({ title: 'Wombat draft', status: 'draft', publishedAt: null });
      const scheduled = await publish({ title: 'Wombat scheduled', publishedAt: new Date(Date.now() + 86_400_000).toISOString() });
      const live = await publish({ title: 'Wombat live' });
      assert.deepEqual(await ids({ query: 'wombat' }), [live.id]);
      await updateArticle(t.handle, draft.id, { status: 'published', publishedAt: '2024-01-01T00:00:00.000Z' });
      assert.deepEqual((await ids({ query: 'wombat' })).sort(), [draft.id, live.id].sort());
      await updateArticle(t.handle, draft.id, { status: 'draft' });
      await deleteArticle(t.handle, live.id);
      assert.deepEqual(await ids({ query: 'wombat' }), []);
      await updateArticle(t.handle, scheduled.id, { publishedAt: '2024-01-01T00:00:00.000Z', title: 'Numbat now' });
      assert.deepEqual(await ids({ query: 'numbat' }), [scheduled.id]);
      assert.deepEqual(await ids({ query: 'wombat' }), []);
    });

    test('an expert rename and tag rename or deletion re-index the documents that carry them', async () => {
      const expert = await createExpert(t.handle, { name: 'Pavel Kuznetsov' });
      const tag = await ensureTag(t.handle, 'Svalbard');
      const article = await publish({ title: 'Polar notes', expertId: expert.id, tagIds: [tag.id] });
      assert.deepEqual(await ids({ query: 'kuznetsov' }), [article.id]);
      await updateExpert(t.handle, expert.id, { name: 'Pavel Lebedev' });
      assert.deepEqual(await ids({ query: 'kuznetsov' }), []);
      assert.deepEqual(await ids({ query: 'lebedev' }), [article.id]);
      await updateTag(t.handle, tag.id, { name: 'Spitsbergen' });
      assert.deepEqual(await ids({ query: 'spitsbergen' }), [article.id]);
      await deleteTag(t.handle, tag.id);
      assert.deepEqual(await ids({ query: 'spitsbergen' }), []);
      assert.equal((await rebuildSearchIndex(t.handle)) > 0, true);
      assert.deepEqual(await ids({ query: 'lebedev' }), [article.id]);
    });

    test('queries of any shape are answered: operators and punctuation are only separators', async () => {
      const article = await publish({ title: 'Ocelot corridors', bodyMarkdown: 'Near the border, the ocelot crosses b-roads at night: an unclosed account.' });
      const answer = async (query: string) => {
        const result = await searchArticles(t.handle, { query });
        assert.equal(result.items.length, Math.min(result.total, result.pageSize), `${query.slice(0, 20)}: a page of what was counted`);
        return result;
      };
      // Nothing to look for: no words, only stop words, or only an exclusion.
      // A phrase of stop words, or a sign PostgreSQL's parser drops, asks for something that is not there:
      // it must not be read as asking for nothing more (on PostgreSQL an empty tsquery would match everything).
      // 'aᦰb' holds a letter that FTS5's unicode61 would have split apart (a phrase, refused without positions).
      for (const query of ['', '"', '((', 'AND OR NOT', '-ocelot', '*', '😀', '"to be"', '"the who"', '½', 'ocelot "to be"', 'aᦰb', '\uE000e1']) {
        const result = await answer(query);
        assert.deepEqual([result.total, result.items], [0, []], `${query} finds nothing`);
      }
      // Words among operators are looked for as words: each of these finds the article, and only those holding its words.
      for (const query of ['NEAR(ocelot b)', '^ocelot', 'ocelot:border', 'ocelot OR', 'ocelot*', '"unclosed ocelot', 'ocelot -jaguar']) {
        const found = (await answer(query)).items.map((i) => i.articleId);
        assert.deepEqual(found, [article.id], query);
      }
      assert.deepEqual((await answer('ocelot -border')).items, [], 'an excluded word excludes');
      assert.deepEqual((await answer('ocelot AND jaguar')).items, [], 'every word must be there');
      // A word longer than any indexed one is cut, not refused, and matches nothing here.
      assert.equal((await answer('x'.repeat(10_000))).total, 0);
    });

    if (kind === 'sqlite') {
      test('after every kind of write above, the full-text indexes agree with the documents', async () => {
        // The terms' tables keep no text to compare with: their own structure is checked, and each holds one row per document.
        await sql`insert into search_terms_fts(search_terms_fts) values ('integrity-check')`.execute(t.handle.db);
        await sql`insert into search_head_terms_fts(search_head_terms_fts) values ('integrity-check')`.execute(t.handle.db);
        const { rows } = await sql<{ id: number }>`select rowid as id from search_terms_fts order by rowid`.execute(t.handle.db);
        const { rows: heads } = await sql<{ id: number }>`select rowid as id from search_head_terms_fts order by rowid`.execute(t.handle.db);
        const documents = await t.handle.db.selectFrom('searchDocuments').select('articleId').orderBy('articleId').execute();
        assert.deepEqual(
          rows.map((r) => r.id),
          documents.map((d) => d.articleId),
        );
        assert.deepEqual(
          heads.map((r) => r.id),
          documents.map((d) => d.articleId),
        );
      });
    }
  });

  // The order each engine gives, pinned so that a new query plan cannot change what readers see. Every group
  // creates its articles in the opposite order to the one expected where it can: ties go to the newest
  // (highest id), so an order that only followed the ids would fail.
  describe(`search ranking on ${kind}`, () => {
    let t: TestDatabase;
    let expertId: number;
    const { ids, publish } = searchHelpers(
      () => t,
      () => expertId,
    );

    before(async () => {
      t = await createTestDatabase(kind);
      expertId = (await createExpert(t.handle, { name: 'Lena Maritz' })).id;
    });
    after(() => t.drop());

    test('a word counts most in the title, then in a tag, then in the lead, then in the body', async () => {
      const tag = await ensureTag(t.handle, 'Marimba makers');
      const inTitle = await publish({ title: 'Marimba diplomacy' });
      const inTag = await publish({ title: 'Tagged notes', tagIds: [tag.id] });
      const inLead = await publish({ title: 'Lead notes', lead: 'How the marimba travelled.' });
      const inBody = await publish({ title: 'Body notes', bodyMarkdown: 'A marimba is mentioned once.' });
      assert.deepEqual(await ids({ query: 'marimba' }), [inTitle.id, inTag.id, inLead.id, inBody.id]);
    });

    test("the expert's name counts above the lead and the body", async () => {
      const expert = await createExpert(t.handle, { name: 'Tomas Okapi' });
      const byName = await publish({ title: 'Field notes', expertId: expert.id });
      const inLead = await publish({ title: 'More notes', lead: 'An okapi in the lead.' });
      const inBody = await publish({ title: 'Other notes', bodyMarkdown: 'An okapi in the body.' });
      assert.deepEqual(await ids({ query: 'okapi' }), [byName.id, inLead.id, inBody.id]);
    });

    test("the more of the query's words a title holds, the higher it ranks; every word must be there", async () => {
      const both = await publish({ title: 'Glacier treaty talks' });
      const one = await publish({ title: 'Glacier politics', bodyMarkdown: 'The treaty is mentioned here.' });
      const neither = await publish({ title: 'Other politics', bodyMarkdown: 'A glacier and a treaty, in the body.' });
      await publish({ title: 'Glacier without the other word' });
      assert.deepEqual(await ids({ query: 'glacier treaty' }), [both.id, one.id, neither.id]);
      assert.deepEqual(await ids({ query: '"glacier treaty"' }), [both.id]);
      assert.deepEqual(await ids({ query: 'glacier treaty -talks' }), [one.id, neither.id]);
    });

    test('equally ranked matches come newest first', async () => {
      const older = await publish({ title: 'Fennec report' });
      const newer = await publish({ title: 'Fennec report' });
      assert.deepEqual(await ids({ query: 'fennec' }), [newer.id, older.id]);
    });

    test('filters keep the ranking among what they let through', async () => {
      const other = await createExpert(t.handle, { name: 'Ada Brook' });
      const lagoons = await ensureTag(t.handle, 'Lagoons');
      const titled = await publish({ title: 'Narwhal census', tagIds: [lagoons.id], publishedAt: '2023-05-10T00:00:00.000Z' });
      const inLead = await publish({ title: 'Arctic notes', lead: 'A narwhal in the lead.', tagIds: [lagoons.id], language: 'fr', publishedAt: '2023-06-10T00:00:00.000Z' });
      const inBody = await publish({ title: 'Sea notes', bodyMarkdown: 'A narwhal in the body.', tagIds: [lagoons.id], publishedAt: '2023-07-10T00:00:00.000Z' });
      const untagged = await publish({ title: 'Narwhal tusks', publishedAt: '2023-05-20T00:00:00.000Z' });
      const othersTitle = await publish({ title: 'Narwhal songs', expertId: other.id, publishedAt: '2023-05-15T00:00:00.000Z' });
      const othersBody = await publish({ title: 'Whale notes', bodyMarkdown: 'A narwhal, again.', expertId: other.id, publishedAt: '2023-05-16T00:00:00.000Z' });
      assert.deepEqual(await ids({ query: 'narwhal' }), [othersTitle.id, untagged.id, titled.id, inLead.id, othersBody.id, inBody.id]);
      assert.deepEqual(await ids({ query: 'narwhal', filters: { tagIds: [lagoons.id] } }), [titled.id, inLead.id, inBody.id]);
      assert.deepEqual(await ids({ query: 'narwhal', filters: { expertId: other.id } }), [othersTitle.id, othersBody.id]);
      assert.deepEqual(await ids({ query: 'narwhal', filters: { language: 'fr' } }), [inLead.id]);
      assert.deepEqual(await ids({ query: 'narwhal', filters: { from: '2023-05-10', to: '2023-06-10' } }), [othersTitle.id, untagged.id, titled.id, inLead.id, othersBody.id]);
      assert.deepEqual(await ids({ query: 'narwhal', filters: { tagIds: [lagoons.id], expertId: expertId, from: '2023-06-01' } }), [inLead.id, inBody.id]);
      assert.deepEqual(await ids({ query: 'narwhal', filters: { tagIds: [lagoons.id], expertId: other.id } }), []);
    });

    test('sorting by date follows the publication date, not the rank nor the order of writing', async () => {
      const middle = await publish({ title: 'Pangolin trade', publishedAt: '2022-05-02T00:00:00.000Z' });
      const oldest = await publish({ title: 'Pangolin', publishedAt: '2022-05-01T00:00:00.000Z' });
      const newest = await publish({ title: 'Notes', bodyMarkdown: 'A pangolin.', publishedAt: '2022-05-03T00:00:00.000Z' });
      assert.deepEqual(await ids({ query: 'pangolin', sort: 'date' }), [newest.id, middle.id, oldest.id]);
      assert.deepEqual(await ids({ query: 'pangolin' }), [oldest.id, middle.id, newest.id]);
    });

    test('pages follow one another: together they are the whole answer, once each, in its order', async () => {
      const shapes: Array<Partial<ArticleInput>> = [{ title: 'Axolotl survey' }, { title: 'Survey', lead: 'The axolotl.' }, { title: 'Survey', bodyMarkdown: 'One axolotl.' }];
      for (let i = 0; i < 23; i++) {
        const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
        await publish({ title: 'Survey', ...shapes[i % shapes.length], publishedAt: `2021-02-${day}T00:00:00.000Z` });
      }
      for (const sort of ['relevance', 'date'] as const) {
        const whole = await searchArticles(t.handle, { query: 'axolotl', sort, pageSize: 50 });
        assert.deepEqual([whole.total, whole.totalIsExact, whole.items.length], [23, true, 23]);
        const paged: number[] = [];
        for (let page = 1; page <= 5; page++) {
          const result = await searchArticles(t.handle, { query: 'axolotl', sort, pageSize: 5, page });
          assert.equal(result.total, 23);
          paged.push(...result.items.map((i) => i.articleId));
        }
        assert.deepEqual(
          paged,
          whole.items.map((i) => i.articleId),
          sort,
        );
      }
    });
  });
}
