// A poll that closes by its schedule while the pages showing it are cached: from its closing time no
// page offers its vote form, and each shows it as conducted, without any change to content.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { castVote, createPoll, effectiveStatus, setCurrentPoll } from './store.ts';
import { PageCache } from '../http/page-cache.ts';
import { pollPageCache } from './slot.tsx';

test('a page kept until a poll closes is not served at the closing moment itself, when the poll already counts as closed', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-05-01T09:00:00.000Z') });
  const closesAt = '2030-05-01T10:00:00.000Z';
  const cache = new PageCache(24 * 3600 * 1000);
  cache.set('/', Buffer.from('<form>'), 'text/html', undefined, pollPageCache(closesAt));
  t.mock.timers.setTime(Date.parse(closesAt) - 1);
  assert.ok(cache.get('/'), 'kept until just before');
  t.mock.timers.setTime(Date.parse(closesAt));
  assert.equal(effectiveStatus({ status: 'open', opensAt: null, closesAt }), 'closed');
  assert.equal(cache.get('/'), undefined);
});

for (const kind of await databaseKinds()) {
  describe(`a poll closing by its time while pages are cached, on ${kind}`, () => {
    let t: TestApp;
    let articleUrl: string;
    before(async () => {
      t = await startTestApp(kind);
      await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Closing Reader' } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.admin),
        payload: { expert: 'closing-reader', title: 'Read before the close', lead: 'L', body: 'B', status: 'published' },
      });
      articleUrl = new URL((res.json() as { url: string }).url).pathname;
    });
    after(() => t.close());

    test('cached pages stop showing the vote form at the closing time', { timeout: 120_000 }, async () => {
      // A few seconds ahead: time to fill the cache first, on a busy machine too.
      const closesAt = new Date(Date.now() + 6000).toISOString();
      const poll = await createPoll(t.db.handle, { question: 'Will the strait stay open?', options: ['Yes', 'No'], status: 'open', closesAt });
      await setCurrentPoll(t.db.handle, poll.id);
      await castVote(t.db.handle, poll.id, 'early-reader', [poll.options[0]!.id]);
      const form = new RegExp(`action="/polls/${poll.id}/vote"`);
      const pages = ['/', articleUrl, '/polls', `/polls/${poll.id}`];
      for (const url of pages) {
        await t.app.inject({ url });
        const cached = await t.app.inject({ url });
        assert.equal(cached.headers['x-cache'], 'hit', `${url} is cached`);
        assert.match(cached.body, form, `${url} offers the vote form while the poll is open`);
      }
      assert.ok(Date.now() < Date.parse(closesAt), 'the cache was filled before the poll closed');

      await sleep(Date.parse(closesAt) - Date.now() + 50);
      for (const url of pages) {
        const page = await t.app.inject({ url });
        assert.equal(page.statusCode, 200, url);
        assert.doesNotMatch(page.body, form, `${url} offers no vote form once the poll has closed`);
        assert.match(page.body, /Will the strait stay open\?/, `${url} still shows the poll`);
        assert.match(page.body, /Yes<\/span> <span class="poll-count">1 \(100%\)/, `${url} shows its results`);
      }
      // Closed by the clock, not by anyone: a vote now is refused.
      const vote = await t.app.inject({ method: 'POST', url: `/polls/${poll.id}/vote`, payload: { option: poll.options[1]!.id } });
      assert.equal(vote.statusCode, 409);
    });
  });
}
