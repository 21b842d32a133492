import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/databases.ts';
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
