import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { runCli } from '../../test/cli.ts';
import { getSetting } from '../site/store.ts';
import { demoArticles, demoExperts, demoGlossary, demoPortals, demoTags } from './content.ts';
import { demoPolls } from './polls.ts';
import { demoArticleTranslations, demoGlossaryRussian, demoPollsRussian } from './content-ru.ts';
import { getSiteSettings } from '../site/store.ts';
import { demoActor, demoContentWanted, demoStateKey, loadDemoContentIfWanted } from './load.ts';

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

/** What the demo made, and the audit action that records the making of each kind (an article is made published). */
const creations = [
  { table: 'experts', action: 'expert.create', made: demoExperts.length },
  { table: 'tags', action: 'tag.create', made: demoTags.length },
  { table: 'polls', action: 'poll.create', made: demoPolls.length + demoPollsRussian.length },
  { table: 'glossaryTerms', action: 'glossary.create', made: demoGlossary.length + demoGlossaryRussian.length },
  { table: 'articles', action: 'article.publish', made: demoArticles.length + demoArticleTranslations.length },
] as const;

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
      const articles = demoArticles.length + demoArticleTranslations.length;
      assert.equal(await count(t, 'articles'), articles);
      // One portrait per expert and one hero image per article (a translation has its own): nothing saved twice.
      assert.equal(await count(t, 'media'), demoExperts.length + articles);
      // The Russian edition: every translation linked to its original, each in its own language.
      assert.deepEqual((await getSiteSettings(t.handle)).languages, ['en', 'ru']);
      const russian = await t.handle.db.selectFrom('articles').select(['language', 'translationGroup']).where('language', '=', 'ru').execute();
      assert.equal(russian.length, demoArticleTranslations.length);
      assert.ok(russian.every((a) => a.translationGroup !== null));
      const portals = await t.handle.db.selectFrom('portalArticles').select(['portalSlug', 'articleId']).execute();
      for (const p of demoPortals) assert.equal(portals.filter((r) => r.portalSlug === p.slug).length, p.featured.length, p.slug);

      assert.equal(await demoContentWanted(t.handle), false);
      assert.equal(await loadDemoContentIfWanted(t.handle, () => assert.fail('nothing to load')), false);
      const again = await runCli(['demo'], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already has articles/);
      assert.equal(await count(t, 'articles'), articles);
    });

    test('everything the demo made has its one creation entry in the audit log, by the demo', async () => {
      for (const { table, action, made } of creations) {
        const ids = (await t.handle.db.selectFrom(table).select('id').execute()).map((row) => row.id).sort((a, b) => a - b);
        assert.equal(ids.length, made, table);
        const entries = await t.handle.db.selectFrom('auditEvents').select(['subjectId', 'actorLabel']).where('action', '=', action).execute();
        assert.deepEqual(
          entries.map((e) => e.subjectId).sort((a, b) => a! - b!),
          ids,
          `one ${action} entry per row of ${table}, across the interrupted load and its resumption`,
        );
        for (const e of entries) assert.equal(e.actorLabel, demoActor.label, action);
      }
    });
  });
}
