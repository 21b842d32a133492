import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { buildApp } from '../app.tsx';
import { openDatabase } from '../db/connect.ts';
import type { Database, Db } from '../schema.ts';
import { createExpert } from '../experts/store.ts';
import { createApiToken, createUser } from '../users/store.ts';
import { listAuditEvents } from '../audit/store.ts';
import type { UserActor } from '../core/actor.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { bearer } from '../../test/app.ts';
import { errorBody, fromRefusal } from '../http/errors.ts';
import { ArticleChangedError, getArticleById, saveArticleChanges } from './store.ts';
import { listRevisions } from './revisions.ts';
import { saveArticle } from './commands.ts';
import type { AppContext } from '../context.ts';

/**
 * Runs a piece of work right after the app reads an article's whole row, before the request goes on:
 * an editor's publish, landing between the moment a request reads the article and the moment it
 * writes. The work runs on another connection to the same database, as another process's would.
 */
class AfterArticleRead implements KyselyPlugin {
  #armed?: { id: number; work: () => Promise<void> };
  #ran = false;

  arm(id: number, work: () => Promise<void>) {
    this.#armed = { id, work };
    this.#ran = false;
  }

  get ran() {
    return this.#ran;
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const armed = this.#armed;
    const row = result.rows[0];
    // The article's whole row (with its body) by id: the request's read, not a listing or a count.
    if (armed && result.rows.length === 1 && row?.id === armed.id && 'bodyMarkdown' in row && 'status' in row) {
      this.#armed = undefined;
      await armed.work();
      this.#ran = true;
    }
    return result;
  }
}

for (const kind of await databaseKinds()) {
  describe(`an author's save racing an editor's publish on ${kind}`, () => {
    let db: TestDatabase;
    let appHandle: Db;
    let app: FastifyInstance;
    const hook = new AfterArticleRead();
    let authorToken: string;
    let editorId: number;
    let authorId: number;
    let expertId: number;

    before(async () => {
      db = await createTestDatabase(kind);
      // The app gets its own connection, with the hook; the test's writes go through db.handle.
      const opened = openDatabase<Database>({ kind, url: db.url });
      appHandle = { ...opened, db: opened.db.withPlugin(hook) };
      ({ app } = await buildApp(db.config, appHandle));
      expertId = (await createExpert(db.handle, { name: 'Author Expert', slug: 'author-expert' })).id;
      authorId = (await createUser(db.handle, { email: 'author@rostrum.test', role: 'author', expertId })).id;
      editorId = (await createUser(db.handle, { email: 'editor@rostrum.test', role: 'editor' })).id;
      authorToken = await createApiToken(db.handle, authorId);
    });
    after(async () => {
      await app.close();
      await appHandle.close();
      await db.drop();
    });

    async function draft(title: string): Promise<number> {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(authorToken),
        payload: { expert: 'author-expert', title, lead: 'A lead.', body: 'A body.', status: 'draft' },
      });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: number }).id;
    }

    const auditCount = async (id: number) => (await listAuditEvents(db.handle, { limit: 100, subject: { kind: 'article', id } })).length;

    const publish = (id: number) => async () => {
      await saveArticleChanges(db.handle, id, { status: 'published' }, { userId: editorId, note: 'Published' });
    };

    test('PATCH: a publish between the read and the write refuses the edit with 409, and the live article is unchanged', async () => {
      const id = await draft('Before the race');
      const auditBefore = await auditCount(id);
      hook.arm(id, publish(id));
      const res = await app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(authorToken), payload: { title: 'Changed by the author', body: 'Rewritten while live.' } });
      assert.ok(hook.ran, 'the publish landed between the read and the write');
      assert.equal(res.statusCode, 409, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const error = (res.json() as { error: { code: string; message: string; field?: string } }).error;
      assert.equal(error.code, 'conflict');
      assert.equal(error.field, undefined, 'a conflict names no field: `field` is for a field that failed validation');
      assert.match(error.message, /published/);
      const live = (await getArticleById(db.handle, id))!;
      assert.deepEqual([live.status, live.title, live.bodyMarkdown], ['published', 'Before the race', 'A body.']);
      assert.deepEqual(
        (await listRevisions(db.handle, id)).map((r) => r.note),
        ['Published', 'Created'],
        'no revision of the refused edit',
      );
      assert.equal(await auditCount(id), auditBefore, 'the refused edit is not in the audit log');
    });

    test('DELETE: a publish between the read and the delete keeps the live article', async () => {
      const id = await draft('Not to be deleted once live');
      hook.arm(id, publish(id));
      const res = await app.inject({ method: 'DELETE', url: `/api/v1/articles/${id}`, headers: bearer(authorToken) });
      assert.ok(hook.ran);
      assert.equal(res.statusCode, 409, res.body);
      assert.deepEqual(Object.keys((res.json() as { error: object }).error), ['code', 'message'], 'a conflict names no field');
      assert.equal((res.json() as { error: { code: string } }).error.code, 'conflict');
      assert.equal((await getArticleById(db.handle, id))?.status, 'published');
    });

    test('a conflict with a later revision names no field either, and says why in its message', () => {
      const body = errorBody(fromRefusal(new ArticleChangedError('revision', { number: 7, userId: null })));
      assert.deepEqual(Object.keys(body.error), ['code', 'message']);
      assert.match(body.error.message, /changed since revision 7/);
    });

    test('saveArticle itself: an author’s change made from the article as read before a publish is refused inside the transaction', async () => {
      const id = await draft('Read, then published');
      const asRead = (await getArticleById(db.handle, id))!;
      await publish(id)();
      const author: UserActor = { userId: authorId, role: 'author', expertId, email: 'author@rostrum.test' } as UserActor;
      const ctx = { handle: db.handle, audit: async () => {}, contentChanged: () => {} } as unknown as AppContext;
      await assert.rejects(
        saveArticle(ctx, { ip: '127.0.0.1' }, { actor: author, current: asRead, changes: { title: 'Too late' } }),
        (err: unknown) => err instanceof ArticleChangedError && err.reason === 'status',
      );
      assert.equal((await getArticleById(db.handle, id))!.title, 'Read, then published');
    });
  });
}
