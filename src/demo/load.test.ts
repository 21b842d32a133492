import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';
import { getSetting } from '../site/store.ts';
import { demoArticles, demoExperts, demoPortals } from './content.ts';
import { demoContentWanted, demoStateKey, loadDemoContentIfWanted } from './load.ts';

const count = async (t: TestDatabase, table: 'experts' | 'articles' | 'media' | 'tags') =>
  Number(
    (
      await t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

class Interrupted extends Error {}

for (const kind of await databaseKinds()) {
  describe(`demo content on ${kind}`, { timeout: 240_000 }, () => {
    let t: TestDatabase;
    let env: Record<string, string>;
    before(async () => {
      t = await createTestDatabase(kind);
      env = t.cliEnv;
    });
    after(() => t.drop());

    test('a load interrupted halfway is resumed by `rostrum demo`, without duplicates, and announced', async () => {
      assert.equal(await demoContentWanted(t.handle), true, 'an empty site wants the demo');
      // Interrupt after the experts and two articles.
      let ticks = 0;
      const interrupting = {
        tick() {
          if (++ticks === demoExperts.length + 2) throw new Interrupted();
        },
        stop() {},
      };
      await assert.rejects(
        loadDemoContentIfWanted(t.handle, () => interrupting),
        Interrupted,
      );
      assert.equal(await getSetting(t.handle, demoStateKey), 'loading');
      assert.equal(await count(t, 'articles'), 2);
      assert.equal(await demoContentWanted(t.handle), true, 'a half-loaded demo is still wanted although articles exist');

      let notifications = 0;
      let listener: pg.Client | undefined;
      if (kind === 'postgres') {
        listener = new pg.Client({ connectionString: t.url });
        await listener.connect();
        listener.on('notification', () => notifications++);
        await listener.query('LISTEN rostrum_content_changed');
      }
      try {
        const resumed = await runCli(['demo'], env);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(resumed.stdout, /Demo content loaded/);
        if (listener) {
          for (let i = 0; i < 50 && notifications === 0; i++) await new Promise((r) => setTimeout(r, 100));
          assert.ok(notifications > 0, 'running servers are told to drop their caches');
        }
      } finally {
        await listener?.end();
      }

      assert.equal(await getSetting(t.handle, demoStateKey), 'loaded');
      assert.equal(await count(t, 'experts'), demoExperts.length);
      assert.equal(await count(t, 'articles'), demoArticles.length);
      // One portrait per expert and one hero image per article: nothing saved twice.
      assert.equal(await count(t, 'media'), demoExperts.length + demoArticles.length);
      const portals = await t.handle.db.selectFrom('portalArticles').select(['portalSlug', 'articleId']).execute();
      for (const p of demoPortals) assert.equal(portals.filter((r) => r.portalSlug === p.slug).length, p.featured.length, p.slug);

      assert.equal(await demoContentWanted(t.handle), false);
      assert.equal(await loadDemoContentIfWanted(t.handle, () => assert.fail('nothing to load')), false);
      const again = await runCli(['demo'], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already has articles/);
      assert.equal(await count(t, 'articles'), demoArticles.length);
    });
  });
}
