import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { castVote, createPoll, setCurrentPoll } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`polls on pages on ${kind}`, () => {
    let t: TestApp;
    let articleUrl: string;
    before(async () => {
      t = await startTestApp(kind);
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Poll Reader' } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.admin),
        payload: { expert: 'poll-reader', title: 'With a poll', lead: 'L', body: 'B', status: 'published' },
      });
      articleUrl = new URL((res.json() as { url: string }).url).pathname;
    });
    after(() => t.close());

    test('"Poll conducted" shows the last closed poll: each option with "count (percent%)"', async () => {
      const page0 = await t.app.inject({ url: articleUrl });
      assert.match(page0.body, /Poll conducted[\s\S]*No reader poll has been conducted yet/);
      const poll = await createPoll(t.db.handle, { question: 'Should Europe fund seabed protection jointly?', options: ['Yes', 'No'], status: 'open' });
      for (let i = 0; i < 105; i++) await castVote(t.db.handle, poll.id, `r${i}`, [poll.options[i < 33 ? 0 : 1]!.id]);
      await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.editor), payload: { status: 'closed' } });
      const page = await t.app.inject({ url: articleUrl });
      assert.match(page.body, /<h2 id="article-poll-conducted">Poll conducted<\/h2>/);
      assert.match(page.body, /Should Europe fund seabed protection jointly\?/);
      assert.match(page.body, /<span class="poll-label">Yes<\/span> <span class="poll-count">33 \(31%\)<\/span>/);
      assert.match(page.body, /<span class="poll-label">No<\/span> <span class="poll-count">72 \(69%\)<\/span>/);
      assert.match(page.body, /105 readers voted/);
      const order = ['id="share-heading"', 'id="article-poll-conducted"', 'class="audience-nav"'].map((s) => page.body.indexOf(s));
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
      );
    });

    test('the current poll: a form for readers who have not voted, the results for one who has, even though pages are cached', async () => {
      const poll = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/polls',
          headers: bearer(t.tokens.editor),
          payload: { question: 'Is the Arctic route viable?', options: ['Yes', 'Not yet'], status: 'open' },
        })
      ).json() as { id: number; options: Array<{ id: number }> };
      assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.editor), payload: { current: true } })).statusCode, 200);
      const anonymous = await t.app.inject({ url: articleUrl });
      assert.match(anonymous.body, new RegExp(`<form method="post" action="/polls/${poll.id}/vote"`));
      assert.equal((await t.app.inject({ url: articleUrl })).headers['x-cache'], 'hit');
      const vote = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `http://rostrum.test${articleUrl}` },
        payload: `option=${poll.options[1]!.id}`,
      });
      assert.equal(vote.statusCode, 303);
      const cookies = ([] as string[])
        .concat(vote.headers['set-cookie'] as string[] | string)
        .map((c) => c.split(';')[0])
        .join('; ');
      assert.match(cookies, /rostrum_voter=.*rostrum_voted=\d+/);
      const after = await t.app.inject({ url: String(vote.headers.location).split('#')[0]!, headers: { cookie: cookies } });
      assert.doesNotMatch(after.body, new RegExp(`action="/polls/${poll.id}/vote"`));
      assert.match(after.body, /Thank you: your vote is counted/);
      assert.match(after.body, /Not yet<\/span> <span class="poll-count">1 \(100%\)/);
      const again = await t.app.inject({ url: articleUrl, headers: { cookie: cookies } });
      assert.notEqual(again.headers['x-cache'], 'hit', 'a voter never gets the cached form');
      assert.doesNotMatch(again.body, new RegExp(`action="/polls/${poll.id}/vote"`));
      const home = await t.app.inject({ url: '/', headers: { cookie: cookies } });
      assert.match(home.body, /Not yet<\/span> <span class="poll-count">1 \(100%\)/);
      const stranger = await t.app.inject({ url: articleUrl });
      assert.match(stranger.body, new RegExp(`action="/polls/${poll.id}/vote"`));
    });

    test('a forged rostrum_voted cookie counts as no cookie: the page comes from the cache', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Forged cookies?', options: ['A', 'B'], status: 'open' });
      await setCurrentPoll(t.db.handle, poll.id);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { tagline: 'Forged cookies' } });
      for (const url of [articleUrl, '/']) {
        assert.match((await t.app.inject({ url })).body, new RegExp(`action="/polls/${poll.id}/vote"`), url);
        for (const cookie of [`rostrum_voted=${poll.id}`, `rostrum_voted=${poll.id}.forged`, `rostrum_voted=1-${poll.id}-3`]) {
          const page = await t.app.inject({ url, headers: { cookie } });
          assert.equal(page.headers['x-cache'], 'hit', `${url} with ${cookie}`);
        }
      }
    });

    test('a reader with an old unsigned rostrum_voted cookie may see the form again, but their vote is not counted twice', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Old cookies?', options: ['A', 'B'], status: 'open' });
      await setCurrentPoll(t.db.handle, poll.id);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { tagline: 'Old cookies' } });
      const form = { 'content-type': 'application/x-www-form-urlencoded', referer: `http://rostrum.test${articleUrl}` };
      const first = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers: form, payload: `option=${poll.options[0]!.id}` });
      const voter = ([] as string[])
        .concat(first.headers['set-cookie'] as string[] | string)
        .map((c) => c.split(';')[0]!)
        .find((c) => c.startsWith('rostrum_voter='))!;
      const oldCookies = `${voter}; rostrum_voted=${poll.id}`;
      await t.app.inject({ url: articleUrl });
      const cached = await t.app.inject({ url: articleUrl, headers: { cookie: oldCookies } });
      assert.equal(cached.headers['x-cache'], 'hit');
      assert.match(cached.body, new RegExp(`action="/polls/${poll.id}/vote"`));
      const again = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers: { ...form, cookie: oldCookies }, payload: `option=${poll.options[1]!.id}` });
      assert.equal(again.statusCode, 303);
      assert.match(String(again.headers.location), /vote=repeat/);
      const cookies = ([] as string[])
        .concat(again.headers['set-cookie'] as string[] | string)
        .map((c) => c.split(';')[0])
        .join('; ');
      const results = await t.app.inject({ url: articleUrl, headers: { cookie: `${voter}; ${cookies}` } });
      assert.notEqual(results.headers['x-cache'], 'hit');
      assert.match(results.body, /A<\/span> <span class="poll-count">1 \(100%\)/);
      assert.match(results.body, /B<\/span> <span class="poll-count">0 \(0%\)/);
    });

    test('a page made before the current poll opens is not served from the cache after it opens', async () => {
      const opensAt = new Date(Date.now() + 1500).toISOString();
      const poll = await createPoll(t.db.handle, { question: 'Opening soon?', options: ['A', 'B'], status: 'open', opensAt });
      await setCurrentPoll(t.db.handle, poll.id);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { tagline: 'Drop the cache' } });
      const early = await t.app.inject({ url: articleUrl });
      assert.doesNotMatch(early.body, /Opening soon\?/);
      await new Promise((resolve) => setTimeout(resolve, Date.parse(opensAt) - Date.now() + 50));
      const later = await t.app.inject({ url: articleUrl });
      assert.match(later.body, new RegExp(`action="/polls/${poll.id}/vote"`));
    });

    test('cookies with broken percent-encoding count as no cookie, in the cache and in the routes', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Broken cookies?', options: ['A', 'B'], status: 'open' });
      for (const cookie of ['rostrum_voted=%E0%A4', 'rostrum_voter=%E0%A4', 'rostrum_voted=%; rostrum_voter=%zz']) {
        assert.equal((await t.app.inject({ url: articleUrl, headers: { cookie } })).statusCode, 200, cookie);
        assert.equal((await t.app.inject({ url: `/polls/${poll.id}`, headers: { cookie } })).statusCode, 200, cookie);
        const vote = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, headers: { cookie }, payload: { option: poll.options[0]!.id } });
        assert.equal(vote.statusCode, 200, cookie);
      }
    });

    test('a poll has its own page; drafts have none', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Own page?', options: ['A', 'B'], status: 'open', closesAt: '2999-01-01T00:00:00.000Z' });
      const page = await t.app.inject({ url: `/polls/${poll.id}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Own page\?<\/h1>/);
      assert.match(page.body, /Closes January 1, 2999/);
      assert.equal((await t.app.inject({ url: `/polls/${poll.id}` })).headers['x-cache'], 'hit', 'kept for readers who have not voted');
      await t.app.inject({ method: 'PATCH', url: `/api/v1/polls/${poll.id}`, headers: bearer(t.tokens.editor), payload: { status: 'draft' } });
      assert.equal((await t.app.inject({ url: `/polls/${poll.id}` })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/polls/abc' })).statusCode, 404);
    });
  });
}
