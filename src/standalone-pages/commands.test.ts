import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { commandLineActor } from '../core/actor.ts';
import { Refusal } from '../core/refusals.ts';
import type { CommandContext } from '../audit/command.ts';
import { listAuditEvents } from '../audit/store.ts';
import { createPage, deletePage, updatePage } from './commands.ts';
import { listPageRevisions, listStandalonePages, pageSaved, siteMenus } from './store.ts';

/** What the observer below saw: it reacts to pages whose path starts with "watched" only, so it is registered once for the file. */
const seen: string[] = [];
pageSaved.observe(async (_tx, page, previous) => {
  if (!page.path.startsWith('watched')) return;
  seen.push(`${previous?.path ?? '-'} → ${page.path}`);
  if (page.path === 'watched-fails') throw new Error('the observer failed');
});

for (const kind of await databaseKinds()) {
  describe(`the page commands on ${kind}`, () => {
    let db: TestDatabase;
    let ctx: CommandContext;
    let announced = 0;
    const importer = commandLineActor('import wordpress');

    before(async () => {
      db = await createTestDatabase(kind);
      ctx = { handle: db.handle, contentChanged: () => void announced++ };
    });
    after(() => db.drop());

    test('a system actor (an importer) makes a page: named in its history and the audit log; the change is announced', async () => {
      const page = await createPage(ctx, importer, { title: 'About', path: 'about', body: 'Imported.', status: 'published', menu: 'masthead' });
      assert.equal(announced, 1);
      const [revision] = await listPageRevisions(db.handle, page.id);
      assert.equal(revision!.savedBy, 'command line: rostrum import wordpress');
      assert.equal(revision!.userId, null);
      const [entry] = await listAuditEvents(db.handle, { limit: 1 });
      assert.deepEqual([entry!.action, entry!.actorLabel, entry!.detail], ['page.create', 'command line: rostrum import wordpress', '/about, published, in the masthead']);
      assert.deepEqual(await siteMenus(db.handle), { masthead: [{ href: '/about', label: 'About' }], footer: [] });
    });

    test('a refused change leaves no row, no revision, no audit entry and announces nothing', async () => {
      const before = { pages: await listStandalonePages(db.handle), audit: await listAuditEvents(db.handle, { limit: 50 }), announced };
      const refusals = [
        () => createPage(ctx, importer, { title: 'Search' }),
        () => createPage(ctx, importer, { title: 'Copy', path: 'about' }),
        () => updatePage(ctx, importer, before.pages[0]!.id, { path: 'admin/about' }),
        () => updatePage(ctx, importer, 424242, { title: 'Nobody' }),
        () => deletePage(ctx, importer, 424242),
      ];
      for (const refused of refusals) await assert.rejects(refused(), Refusal);
      assert.deepEqual(await listStandalonePages(db.handle), before.pages);
      assert.equal((await listPageRevisions(db.handle, before.pages[0]!.id)).length, 1);
      assert.deepEqual(await listAuditEvents(db.handle, { limit: 50 }), before.audit);
      assert.equal(announced, before.announced);
    });

    test('a capability above may observe every save in its transaction: an observer that fails undoes the save', async () => {
      const [about] = await listStandalonePages(db.handle);
      seen.length = 0;
      await updatePage(ctx, importer, about!.id, { path: 'watched' });
      await assert.rejects(updatePage(ctx, importer, about!.id, { path: 'watched-fails' }), /the observer failed/);
      assert.deepEqual(seen, ['about → watched', 'watched → watched-fails']);
      assert.equal((await listStandalonePages(db.handle))[0]!.path, 'watched');
      assert.equal((await listPageRevisions(db.handle, about!.id)).length, 2);
    });
  });
}
