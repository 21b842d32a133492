import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../schema.ts';
import { createExpert } from '../experts/store.ts';
import { createArticle } from '../articles/store.ts';
import { ensureSearchIndex } from './documents.ts';
import { searchMigrations } from './migrations.ts';
import { searchArticles } from './search.ts';
import { termsVersion } from './terms.ts';
import { sql } from 'kysely';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase('sqlite');
});
after(() => t.drop());

/** A published article by this expert, with a one-line lead. */
const publish = (expertId: number, title: string, bodyMarkdown: string, publishedAt: string) =>
  createArticle(t.handle, { expertId, title, lead: 'A lead.', bodyMarkdown, status: 'published', publishedAt });

// SQLite runs a migration outside a transaction: one stopped half-way (a supervisor's start timeout) is run
// again from its first statement on the next start, over whatever the first attempt left.
test('0022 on SQLite can be run again over its own work, and search answers after the rebuild it asks for', async () => {
  const expert = await createExpert(t.handle, { name: 'Ilse Brandt' });
  const article = await publish(expert.id, 'Tidal power', 'Estuaries and turbines.', '2024-01-10T09:00:00.000Z');
  await searchMigrations['0022_search_facets']!.up(t.handle.db);
  await searchMigrations['0022_search_facets']!.up(t.handle.db);
  await ensureSearchIndex(t.handle);
  const found = await searchArticles(t.handle, { query: 'turbines', filters: { expertId: expert.id } });
  assert.deepEqual(
    found.items.map((i) => i.articleId),
    [article.id],
  );
});

test('0024 on SQLite can be run again, the rebuild it asks for indexes the terms of the documents already there, and later writes keep them', async () => {
  const expert = await createExpert(t.handle, { name: 'Oskar Lund' });
  const before = await publish(expert.id, 'Fjord ferries', 'The ferry timetable of the western fjords changed.', '2024-02-10T09:00:00.000Z');
  await searchMigrations['0024_search_sqlite_terms']!.up(t.handle.db);
  await searchMigrations['0024_search_sqlite_terms']!.up(t.handle.db);
  // 0024 leaves the filling to the running code, which knows how it makes its tokens.
  await ensureSearchIndex(t.handle);
  const after = await publish(expert.id, 'Ferry unions', 'A strike stopped the ferry timetable of the western fjords.', '2024-02-11T09:00:00.000Z');
  const found = await searchArticles(t.handle, { query: '"timetable of the western fjords"' });
  assert.deepEqual(
    found.items.map((i) => i.articleId),
    [after.id, before.id],
  );
  const { rows } = await sql<{ indexed: number; documents: number }>`select (select count(*) from search_terms_fts) as indexed,
    (select count(*) from search_documents) as documents`.execute(t.handle.db);
  assert.equal(rows[0]!.indexed, rows[0]!.documents);
});

test('SQLite terms made by another version of terms.ts are made again at the next start', async () => {
  await ensureSearchIndex(t.handle);
  await t.handle.db.updateTable('searchState').set({ value: 'an older way' }).where('key', '=', 'sqlite_terms_version').execute();
  await sql`delete from search_terms_fts`.execute(t.handle.db);
  assert.equal((await searchArticles(t.handle, { query: 'ferry' })).total, 0, 'the terms are gone');
  await ensureSearchIndex(t.handle);
  assert.equal((await searchArticles(t.handle, { query: 'ferry' })).total, 2);
  const state = await t.handle.db.selectFrom('searchState').select('value').where('key', '=', 'sqlite_terms_version').executeTakeFirstOrThrow();
  assert.equal(state.value, termsVersion);
});

test("0030 on SQLite can be run again, over 0022's ranking table too; the rebuild it asks for makes the ranking terms, Russian words stemmed", async () => {
  const expert = await createExpert(t.handle, { name: 'Анна Петрова' });
  const inBody = await createArticle(t.handle, { expertId: expert.id, title: 'Заметки', lead: 'Вводный абзац.', bodyMarkdown: 'Поставки нефти Китаю.', status: 'published', language: 'ru' });
  const inTitle = await createArticle(t.handle, { expertId: expert.id, title: 'Экономика Китая', lead: 'Вводный абзац.', bodyMarkdown: 'Текст.', status: 'published', language: 'ru' });
  // As a site that ran 0022 and not 0030 has it: the old ranking table and its triggers.
  await searchMigrations['0022_search_facets']!.up(t.handle.db);
  await searchMigrations['0030_search_languages']!.up(t.handle.db);
  await searchMigrations['0030_search_languages']!.up(t.handle.db);
  const { rows: left } = await sql<{ name: string }>`select name from sqlite_master where name like 'search_head_fts%'`.execute(t.handle.db);
  assert.deepEqual(left, [], 'the old ranking table and its triggers are gone');
  await ensureSearchIndex(t.handle);
  const found = await searchArticles(t.handle, { query: 'Китай' });
  assert.deepEqual(
    found.items.map((i) => i.articleId),
    [inTitle.id, inBody.id],
    'the title ranks first',
  );
  const { rows } = await sql<{ ranked: number; documents: number }>`select (select count(*) from search_head_terms_fts) as ranked,
    (select count(*) from search_documents) as documents`.execute(t.handle.db);
  assert.equal(rows[0]!.ranked, rows[0]!.documents);
});

for (const kind of await databaseKinds()) {
  describe(`a site upgraded to 0030 on ${kind}`, () => {
    let site: TestDatabase;
    before(async () => {
      site = await createTestDatabase(kind, {}, { migrate: false });
    });
    after(() => site.drop());

    test('finds its Russian documents by their stems, ranked, once the migrations have run (and, on SQLite, the rebuild they ask for)', async () => {
      const before0030 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0030'));
      await migrateToLatest(site.handle, before0030);
      // Rows as an older Rostrum wrote them: an article and its search document, English configuration and all.
      const now = '2024-06-01T09:00:00.000Z';
      await sql`insert into experts (slug, name, created_at, updated_at) values ('anna', 'Анна Петрова', ${now}, ${now})`.execute(site.handle.db);
      const rows = [
        ['Заметки', 'Поставки нефти Китаю выросли.'],
        ['Экономика Китая', 'Текст.'],
        ['Shipping notes', 'Tankers cross the strait.'],
      ];
      for (const [i, [title, body]] of rows.entries()) {
        const language = i < 2 ? 'ru' : 'en';
        await sql`insert into articles (id, expert_id, slug, title, lead, status, language, published_at, created_at, updated_at, body_markdown, body_html)
          values (${i + 1}, (select id from experts), ${`a-${i}`}, ${title}, 'Вводный абзац.', 'published', ${language}, ${now}, ${now}, ${now}, ${body}, ${`<p>${body}</p>`})`.execute(site.handle.db);
        await sql`insert into search_documents (article_id, expert_id, language, published_at, title, lead, body, expert_name, tag_names, facets)
          values (${i + 1}, (select id from experts), ${language}, ${now}, ${title}, 'Вводный абзац.', ${body}, 'Анна Петрова', '', '')`.execute(site.handle.db);
      }
      await migrateToLatest(site.handle, migrations);
      await ensureSearchIndex(site.handle);
      const ids = async (query: string) => (await searchArticles(site.handle, { query })).items.map((i) => i.articleId);
      assert.deepEqual(await ids('Китай'), [2, 1]);
      assert.deepEqual(await ids('петровой'), [3, 2, 1], 'the expert’s name by its stem, in every article of hers');
      assert.deepEqual(await ids('tanker'), [3]);
      assert.deepEqual((await searchArticles(site.handle, { query: 'Китай', filters: { exceptLanguages: ['ru'] } })).total, 0);
    });
  });
}
