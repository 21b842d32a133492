import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';
import { buildApp } from '../app.tsx';
import { createExpert } from '../experts/store.ts';
import { createArticle } from '../articles/store.ts';
import { searchArticles } from './search.ts';

for (const kind of await databaseKinds()) {
  describe(`rebuilding the search index on ${kind}`, () => {
    let t: TestDatabase;
    const found = async () => (await searchArticles(t.handle, { query: 'permafrost' })).total;
    before(async () => {
      t = await createTestDatabase(kind);
      const expert = await createExpert(t.handle, { name: 'Reindex Expert' });
      await createArticle(t.handle, { expertId: expert.id, title: 'Permafrost and pipelines', lead: 'L', bodyMarkdown: 'B', status: 'published' });
      await createArticle(t.handle, { expertId: expert.id, title: 'Permafrost draft', lead: 'L', bodyMarkdown: 'B', status: 'draft' });
    });
    after(() => t.drop());

    test('`rostrum search reindex` rebuilds a lost index from the published articles', async () => {
      await t.handle.db.deleteFrom('searchDocuments').execute();
      assert.equal(await found(), 0);
      const result = await runCli(['search', 'reindex'], t.cliEnv);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Indexed 1 published articles\./);
      assert.equal(await found(), 1);
      const wrong = await runCli(['search', 'rebuild'], t.cliEnv);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /rostrum search reindex/);
    });

    test('a site upgraded to search is indexed when the app starts', async () => {
      await t.handle.db.deleteFrom('searchDocuments').execute();
      await t.handle.db.insertInto('searchState').values({ key: 'rebuild', value: 'as the migration leaves it' }).execute();
      const { app } = await buildApp(t.config, t.handle);
      await app.ready();
      assert.equal(await found(), 1);
      // The request is done; on SQLite the version of the terms' tokens is what remains.
      const state = await t.handle.db.selectFrom('searchState').select('key').execute();
      assert.deepEqual(
        state.map((r) => r.key),
        kind === 'sqlite' ? ['sqlite_terms_version'] : [],
      );
      await app.close();
    });
  });
}
