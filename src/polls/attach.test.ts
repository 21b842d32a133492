import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { castVote, createPoll, setCurrentPoll } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`a poll attached to an article on ${kind}`, () => {
    let t: TestApp;
    let articleId: number;
    let articleUrl: string;
    before(async () => {
      t = await startTestApp(kind);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Grain corridors after the war', lead: 'L', body: 'B', status: 'published' },
      });
      ({ id: articleId, url: articleUrl } = res.json() as { id: number; url: string });
      articleUrl = new URL(articleUrl).pathname;
    });
    after(() => t.close());

    const patchArticle = (token: string, payload: Record<string, unknown>, id = articleId) => t.app.inject({ method: 'PATCH', url: `/api/v1/articles/${id}`, headers: bearer(token), payload });
    const formFor = (pollId: number) => new RegExp(`action="/polls/${pollId}/vote"`);

    test('the article shows its own poll in place of the current one, until it is detached', async () => {
      const site = await createPoll(t.db.handle, { question: 'The site asks', options: ['A', 'B'], status: 'open' });
      await setCurrentPoll(t.db.handle, site.id);
      const own = await createPoll(t.db.handle, { question: 'Will the corridor stay open?', options: ['Yes', 'No'], status: 'open' });
      const attached = await patchArticle(t.tokens.editor, { poll: own.id });
      assert.equal(attached.statusCode, 200, attached.body);
      assert.equal(attached.json().poll, own.id);
      const page = await t.app.inject({ url: articleUrl });
      assert.match(page.body, formFor(own.id));
      assert.doesNotMatch(page.body, formFor(site.id));
      const home = await t.app.inject({ url: '/' });
      assert.match(home.body, formFor(site.id), 'other pages keep the current poll');
      assert.equal((await patchArticle(t.tokens.editor, { poll: null })).json().poll, null);
      assert.match((await t.app.inject({ url: articleUrl })).body, formFor(site.id));
    });

    test('once the article’s own poll closes, it is the article’s "Poll conducted"', async () => {
      const own = await createPoll(t.db.handle, { question: 'Own and closed?', options: ['Yes', 'No'], status: 'open' });
      for (let i = 0; i < 4; i++) await castVote(t.db.handle, own.id, `attach-${i}`, [own.options[i === 0 ? 1 : 0]!.id]);
      const later = await createPoll(t.db.handle, { question: 'Closed later elsewhere', options: ['A', 'B'], status: 'open' });
      await patchArticle(t.tokens.editor, { poll: own.id });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${own.id}`, headers: bearer(t.tokens.editor), payload: { status: 'closed' } });
      await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${later.id}`, headers: bearer(t.tokens.editor), payload: { status: 'closed' } });
      const page = (await t.app.inject({ url: articleUrl })).body;
      assert.match(page, /Poll conducted<\/h2>[\s\S]*Own and closed\?[\s\S]*3 \(75%\)[\s\S]*1 \(25%\)/);
      assert.doesNotMatch(page, /Closed later elsewhere/);
      assert.match((await t.app.inject({ url: '/' })).body, /Closed later elsewhere/, 'the site shows the poll that closed last');
    });

    test('a draft poll is attached but not shown; deleting a poll detaches it', async () => {
      const draft = await createPoll(t.db.handle, { question: 'Not yet public', options: ['A', 'B'] });
      assert.equal((await patchArticle(t.tokens.editor, { poll: draft.id })).statusCode, 200);
      assert.doesNotMatch((await t.app.inject({ url: articleUrl })).body, /Not yet public/);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/polls/${draft.id}`, headers: bearer(t.tokens.editor) })).statusCode, 204);
      const article = await t.app.inject({ url: `/api/v1/articles/${articleId}`, headers: bearer(t.tokens.editor) });
      assert.equal(article.json().poll, null);
    });

    test('refusals: unknown poll 422, wrong type 422, authors may not attach polls (403), and nothing is half-written', async () => {
      const unknown = await patchArticle(t.tokens.editor, { poll: 999_999 });
      assert.equal(unknown.statusCode, 422);
      assert.equal(unknown.json().error.field, 'poll');
      for (const bad of ['x', -1, 1.5, true, { id: 1 }]) {
        const res = await patchArticle(t.tokens.editor, { poll: bad });
        assert.equal(res.statusCode, 422, `poll: ${JSON.stringify(bad)}`);
      }
      const poll = await createPoll(t.db.handle, { question: 'For the author?', options: ['A', 'B'], status: 'open' });
      const draft = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'An author draft', lead: 'L', body: 'B', status: 'draft', poll: poll.id },
      });
      assert.equal(draft.statusCode, 403);
      const own = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.author),
        payload: { expert: 'author-expert', title: 'An author draft', lead: 'L', body: 'B', status: 'draft' },
      });
      assert.equal(own.statusCode, 201);
      const attach = await patchArticle(t.tokens.author, { title: 'Renamed', poll: poll.id }, own.json().id);
      assert.equal(attach.statusCode, 403);
      const after = await t.app.inject({ url: `/api/v1/articles/${own.json().id}`, headers: bearer(t.tokens.author) });
      assert.deepEqual([after.json().title, after.json().poll], ['An author draft', null]);
      const withPoll = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: 'author-expert', title: 'Made with a poll', lead: 'L', body: 'B', status: 'draft', poll: poll.id },
      });
      assert.equal(withPoll.statusCode, 201);
      assert.equal(withPoll.json().poll, poll.id);
    });
  });
}
