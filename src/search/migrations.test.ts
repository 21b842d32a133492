import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { createExpert } from '../experts/store.ts';
import { createArticle } from '../articles/store.ts';
import { ensureSearchIndex } from './documents.ts';
import { searchMigrations } from './migrations.ts';
import { searchArticles } from './search.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase('sqlite');
});
after(() => t.drop());

// SQLite runs a migration outside a transaction: one stopped half-way (a supervisor's start timeout) is run
// again from its first statement on the next start, over whatever the first attempt left.
test('0022 on SQLite can be run again over its own work, and search answers after the rebuild it asks for', async () => {
  const expert = await createExpert(t.handle, { name: 'Ilse Brandt' });
  const article = await createArticle(t.handle, {
    expertId: expert.id,
    title: 'Tidal power',
    lead: 'A lead.',
    bodyMarkdown: 'Estuaries and turbines.',
    status: 'published',
    publishedAt: '2024-01-10T09:00:00.000Z',
  });
  await searchMigrations['0022_search_facets']!.up(t.handle.db);
  await searchMigrations['0022_search_facets']!.up(t.handle.db);
  await ensureSearchIndex(t.handle);
  const found = await searchArticles(t.handle, { query: 'turbines', filters: { expertId: expert.id } });
  assert.deepEqual(
    found.items.map((i) => i.articleId),
    [article.id],
  );
});
