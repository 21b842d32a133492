import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { systemActor } from '../core/actor.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { createArticle, featureArticle } from './commands.ts';
import { listRevisions } from './revisions.ts';
import { getArticleById } from './store.ts';

/**
 * Every change to an article, from each entry point, goes through one command: it lands in the audit
 * log with who made it, and a refused one leaves nothing behind (no audit entry, no revision, no change).
 * Articles have no command-line changes of their own; the demo loader (a named system actor) stands in.
 */

const drafted = { title: 'A draft', lead: 'Its lead.', body: 'Its body.' };
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const editorId = (res: LightMyRequestResponse) => Number(/^\/admin\/articles\/(\d+)/.exec(String(res.headers.location))?.[1]);

for (const kind of await databaseKinds()) {
  describe(`article commands on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let editor: OfficeSession;
    let expertId: number;
    before(async () => {
      t = await startTestApp(kind);
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      expertId = (await getExpertBySlug(t.db.handle, 'author-expert'))!.id;
    });
    after(() => t.close());

    const api = (role: 'author' | 'editor', method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: bearer(t.tokens[role]), ...(payload && { payload }) });
    const apiDraft = async () => {
      const res = await api('author', 'POST', '/api/v1/articles', { expert: 'author-expert', status: 'draft', ...drafted });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: number }).id;
    };
    const officeDraft = async () => {
      const res = await author.post('/admin/articles/new', { expert: 'author-expert', ...drafted, action: 'save' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      return editorId(res);
    };
    const latestEntry = async (id: number) => (await listAuditEvents(t.db.handle, { limit: 1, subject: { kind: 'article', id } }))[0];
    /** Everything a refused change must leave as it was. */
    const traces = async (id: number) => ({
      audit: (await listAuditEvents(t.db.handle, { limit: 100, subject: { kind: 'article', id } })).length,
      revisions: (await listRevisions(t.db.handle, id)).length,
      article: await getArticleById(t.db.handle, id),
    });

    // [what, entry point, who, the change (answers the article's id), the audit action]
    const changes: Array<[string, 'API' | 'office' | 'system', string, () => Promise<number>, string]> = [
      ['create', 'API', 'author', apiDraft, 'article.save'],
      ['create', 'office', 'author', officeDraft, 'article.save'],
      [
        'save',
        'API',
        'author',
        async () => {
          const id = await apiDraft();
          assert.equal((await api('author', 'PATCH', `/api/v1/articles/${id}`, { title: 'Renamed' })).statusCode, 200);
          return id;
        },
        'article.save',
      ],
      [
        'save',
        'office',
        'author',
        async () => {
          const id = await officeDraft();
          assert.equal((await author.post(`/admin/articles/${id}`, { expert: 'author-expert', ...drafted, title: 'Renamed', action: 'save' })).statusCode, 303);
          return id;
        },
        'article.save',
      ],
      [
        'autosave',
        'office',
        'author',
        async () => {
          const res = await author.json('POST', '/admin/articles/autosave', { expert: 'author-expert', ...drafted });
          assert.equal(res.statusCode, 201, res.body);
          return (res.json() as { id: number }).id;
        },
        'article.save',
      ],
      [
        'submit',
        'API',
        'author',
        async () => {
          const id = await apiDraft();
          assert.equal((await api('author', 'PATCH', `/api/v1/articles/${id}`, { status: 'in_review' })).statusCode, 200);
          return id;
        },
        'article.submit',
      ],
      [
        'submit',
        'office',
        'author',
        async () => {
          const id = await officeDraft();
          assert.equal((await author.post(`/admin/articles/${id}`, { expert: 'author-expert', ...drafted, action: 'submit' })).statusCode, 303);
          return id;
        },
        'article.submit',
      ],
      [
        'return',
        'API',
        'editor',
        async () => {
          const id = await apiDraft();
          await api('author', 'PATCH', `/api/v1/articles/${id}`, { status: 'in_review' });
          assert.equal((await api('editor', 'PATCH', `/api/v1/articles/${id}`, { status: 'draft', review_note: 'Sources, please.' })).statusCode, 200);
          return id;
        },
        'article.return',
      ],
      [
        'return',
        'office',
        'editor',
        async () => {
          const id = await apiDraft();
          await api('author', 'PATCH', `/api/v1/articles/${id}`, { status: 'in_review' });
          assert.equal((await editor.post(`/admin/articles/${id}/return`, { note: 'Sources, please.' })).statusCode, 303);
          return id;
        },
        'article.return',
      ],
      [
        'publish',
        'API',
        'editor',
        async () => {
          const id = await apiDraft();
          assert.equal((await api('editor', 'PATCH', `/api/v1/articles/${id}`, { status: 'published' })).statusCode, 200);
          return id;
        },
        'article.publish',
      ],
      [
        'publish',
        'office',
        'editor',
        async () => {
          const id = await apiDraft();
          assert.equal((await editor.post(`/admin/articles/${id}`, { expert: 'author-expert', ...drafted, action: 'publish' })).statusCode, 303);
          return id;
        },
        'article.publish',
      ],
      [
        'schedule',
        'API',
        'editor',
        async () => {
          const id = await apiDraft();
          assert.equal((await api('editor', 'PATCH', `/api/v1/articles/${id}`, { status: 'published', published_at: inAWeek() })).statusCode, 200);
          return id;
        },
        'article.schedule',
      ],
      [
        'unpublish',
        'API',
        'editor',
        async () => {
          const id = await apiDraft();
          await api('editor', 'PATCH', `/api/v1/articles/${id}`, { status: 'published' });
          assert.equal((await api('editor', 'PATCH', `/api/v1/articles/${id}`, { status: 'draft' })).statusCode, 200);
          return id;
        },
        'article.unpublish',
      ],
      [
        'unpublish',
        'office',
        'editor',
        async () => {
          const id = await apiDraft();
          await api('editor', 'PATCH', `/api/v1/articles/${id}`, { status: 'published' });
          assert.equal((await editor.post(`/admin/articles/${id}/unpublish`)).statusCode, 303);
          return id;
        },
        'article.unpublish',
      ],
      [
        'feature',
        'API',
        'editor',
        async () => {
          const id = await apiDraft();
          assert.equal((await api('editor', 'PATCH', `/api/v1/articles/${id}`, { featured: true })).statusCode, 200);
          return id;
        },
        'article.save',
      ],
      [
        'restore',
        'office',
        'author',
        async () => {
          const id = await officeDraft();
          await author.post(`/admin/articles/${id}`, { expert: 'author-expert', ...drafted, title: 'Second thoughts', action: 'save' });
          assert.equal((await author.post(`/admin/articles/${id}/revisions/1/restore`)).statusCode, 303);
          assert.equal((await getArticleById(t.db.handle, id))!.title, drafted.title);
          return id;
        },
        'article.restore',
      ],
      [
        'delete',
        'API',
        'author',
        async () => {
          const id = await apiDraft();
          assert.equal((await api('author', 'DELETE', `/api/v1/articles/${id}`)).statusCode, 204);
          return id;
        },
        'article.delete',
      ],
      [
        'delete',
        'office',
        'author',
        async () => {
          const id = await officeDraft();
          assert.equal((await author.post(`/admin/articles/${id}/delete`)).statusCode, 303);
          return id;
        },
        'article.delete',
      ],
      [
        'create',
        'system',
        'demo content',
        async () => {
          const { article } = await createArticle({ handle: t.db.handle, contentChanged: () => {} }, systemActor('demo content'), {
            changes: { expertId, ...drafted, bodyMarkdown: drafted.body },
            status: 'published',
          });
          return article.id;
        },
        'article.publish',
      ],
      [
        'feature',
        'system',
        'demo content',
        async () => {
          const ctx = { handle: t.db.handle, contentChanged: () => {} };
          const { article } = await createArticle(ctx, systemActor('demo content'), { changes: { expertId, ...drafted, bodyMarkdown: drafted.body } });
          await featureArticle(ctx, systemActor('demo content'), article, true);
          return article.id;
        },
        'article.save',
      ],
    ];

    for (const [what, entryPoint, who, change, action] of changes) {
      test(`${what} from the ${entryPoint} lands in the audit log as ${action} by ${who}`, async () => {
        const id = await change();
        const entry = await latestEntry(id);
        assert.ok(entry, 'an audit entry');
        assert.equal(entry.action, action);
        assert.equal(entry.actorLabel, entryPoint === 'system' ? who : `${who}@rostrum.test`);
        assert.equal(entry.userId === null, entryPoint === 'system', 'a person is named by id, a system actor by its label alone');
        if (entryPoint === 'API' || entryPoint === 'office') assert.ok(entry.ip, 'the request’s address is kept');
      });
    }

    test('refused changes leave no audit entry, no revision and no change', async () => {
      const id = await apiDraft();
      await api('author', 'PATCH', `/api/v1/articles/${id}`, { status: 'in_review' });
      const before = await traces(id);
      const refusals: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
        ['an author publishing (API)', () => api('author', 'PATCH', `/api/v1/articles/${id}`, { status: 'published' }), 403],
        ['an author publishing (office)', () => author.post(`/admin/articles/${id}`, { expert: 'author-expert', ...drafted, action: 'publish' }), 403],
        ['an author returning (office)', () => author.post(`/admin/articles/${id}/return`, { note: 'Self-return' }), 403],
        ['invalid input (API)', () => api('editor', 'PATCH', `/api/v1/articles/${id}`, { title: '' }), 422],
        ['a return without a note (office)', () => editor.post(`/admin/articles/${id}/return`, { note: ' ' }), 422],
        ['a missing image (API)', () => api('editor', 'PATCH', `/api/v1/articles/${id}`, { image: 987654 }), 422],
        ['a stale revision (office)', () => editor.post(`/admin/articles/${id}`, { expert: 'author-expert', ...drafted, title: 'Late', revision: '1', action: 'save' }), 409],
        ['an autosave of an article in review (office)', () => editor.json('POST', '/admin/articles/autosave', { id, expert: 'author-expert', ...drafted }), 409],
      ];
      for (const [what, refused, status] of refusals) {
        const res = await refused();
        assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 200)}`);
        assert.deepEqual(await traces(id), before, what);
      }
    });

    test('a save that fails after its first write (a slug taken) is rolled back whole, audit entry and all', async () => {
      const taken = await apiDraft();
      const id = await apiDraft();
      const { slug } = (await getArticleById(t.db.handle, taken))!;
      const before = await traces(id);
      const res = await api('author', 'PATCH', `/api/v1/articles/${id}`, { slug, title: 'Takes the slug' });
      assert.equal(res.statusCode, 409, res.body);
      assert.deepEqual(await traces(id), before, 'not even the row’s updated_at moved');
    });

    test('refused creations leave no article, no revision and no audit entry', async () => {
      const count = async () => ({
        articles: Number(
          (
            await t.db.handle.db
              .selectFrom('articles')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        revisions: Number(
          (
            await t.db.handle.db
              .selectFrom('articleRevisions')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        audit: Number(
          (
            await t.db.handle.db
              .selectFrom('auditEvents')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      });
      const before = await count();
      assert.equal((await api('author', 'POST', '/api/v1/articles', { expert: 'author-expert', status: 'published', ...drafted })).statusCode, 403);
      assert.equal((await api('author', 'POST', '/api/v1/articles', { expert: 'author-expert', status: 'draft', ...drafted, featured: true })).statusCode, 403);
      assert.equal((await api('editor', 'POST', '/api/v1/articles', { expert: 'author-expert', status: 'in_review', ...drafted, lead: ' ' })).statusCode, 422);
      assert.equal((await author.post('/admin/articles/new', { expert: 'author-expert', ...drafted, lead: '', action: 'submit' })).statusCode, 422);
      assert.deepEqual(await count(), before);
    });
  });
}
