import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { castVote, createPoll, setCurrentPoll, setPollStatus, updatePoll } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`the poll archive and embeds on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());
    // Polls made through the store directly, behind the app's back: the cached pages must be told.
    const dropCachedPages = () => t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: bearer(t.tokens.admin), payload: { tagline: `Changed ${Math.random()}` } });

    test('an empty archive says so, and every page links to it', async () => {
      const page = await t.app.inject({ url: '/polls' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Reader polls<\/h1>/);
      assert.match(page.body, /No poll is open right now/);
      assert.match(page.body, /No reader poll has been conducted yet/);
      assert.match((await t.app.inject({ url: '/' })).body, /<a href="\/polls">Reader polls<\/a>/);
    });

    test('the archive: the current poll, then conducted polls latest first, ten to a page', async () => {
      const day = 24 * 3600 * 1000;
      for (let i = 1; i <= 12; i++) {
        const poll = await createPoll(t.db.handle, { question: `Conducted poll ${i}`, options: ['Yes', 'No'], status: 'open' });
        await castVote(t.db.handle, poll.id, `archive-${i}`, [poll.options[0]!.id]);
        await updatePoll(t.db.handle, poll.id, { closesAt: new Date(Date.now() - (20 - i) * day).toISOString() });
      }
      // Closed by hand long before its closing time: it sorts by when it really closed, i.e. now.
      const early = await createPoll(t.db.handle, { question: 'Closed early by hand', options: ['A', 'B'], status: 'open', closesAt: '2999-01-01T00:00:00.000Z' });
      await setPollStatus(t.db.handle, early.id, 'closed');
      await createPoll(t.db.handle, { question: 'A draft nobody sees', options: ['A', 'B'] });
      const current = await createPoll(t.db.handle, { question: 'Open right now?', options: ['A', 'B'], status: 'open' });
      await setCurrentPoll(t.db.handle, current.id);
      await dropCachedPages();

      const first = await t.app.inject({ url: '/polls' });
      assert.match(first.body, new RegExp(`action="/polls/${current.id}/vote"`));
      const questions = [...first.body.matchAll(/<h3 id="poll-archive-\d+"><a href="\/polls\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(questions, ['Closed early by hand', ...Array.from({ length: 9 }, (_, i) => `Conducted poll ${12 - i}`)]);
      assert.match(first.body, /1 reader voted · closed /);
      assert.doesNotMatch(first.body, /A draft nobody sees/);
      const older = first.body.match(/href="(\/polls\?cursor=[^"]+)" rel="next"/)?.[1];
      assert.ok(older, 'a link to earlier polls');
      const second = await t.app.inject({ url: older });
      assert.equal(second.statusCode, 200);
      assert.match(second.body, /<h2 id="poll-archive-heading">Earlier polls<\/h2>/);
      assert.doesNotMatch(second.body, /action="\/polls\/\d+\/vote"/);
      const rest = [...second.body.matchAll(/<h3 id="poll-archive-\d+"><a href="\/polls\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(rest, ['Conducted poll 3', 'Conducted poll 2', 'Conducted poll 1']);
      assert.doesNotMatch(second.body, /rel="next"/);
      assert.equal((await t.app.inject({ url: '/polls?cursor=not-a-cursor' })).statusCode, 400);
    });

    test('every poll open for votes is on /polls, current or not', async () => {
      const other = await createPoll(t.db.handle, { question: 'Open but not current?', options: ['A', 'B'], status: 'open' });
      await dropCachedPages();
      const page = await t.app.inject({ url: '/polls' });
      assert.match(page.body, new RegExp(`action="/polls/${other.id}/vote"`));
      assert.match(page.body, /Open right now\?[\s\S]*Open but not current\?/, 'the current poll first');
    });

    test('an embed: frameable by any site, the results, and a link to vote here', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Embed <b>me</b> & "quote"', options: ['<script>alert(1)</script>', 'No'], status: 'open' });
      for (let i = 0; i < 3; i++) await castVote(t.db.handle, poll.id, `embed-${i}`, [poll.options[i === 0 ? 1 : 0]!.id]);
      const embed = await t.app.inject({ url: `/polls/${poll.id}/embed` });
      assert.equal(embed.statusCode, 200);
      assert.match(String(embed.headers['content-security-policy']), /frame-ancestors \*/);
      assert.match(String(embed.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(embed.headers['x-frame-options'], undefined);
      assert.match(embed.body, /Embed &lt;b>me&lt;\/b> &amp; &quot;quote&quot;/);
      assert.doesNotMatch(embed.body, /<script>alert/);
      assert.match(embed.body, /2 \(67%\)[\s\S]*1 \(33%\)/);
      assert.match(embed.body, new RegExp(`<a href="http://rostrum.test/polls/${poll.id}">Vote at `));
      assert.match(embed.body, /<base target="_blank"/);
      assert.doesNotMatch(embed.body, /class="masthead"/);
      const cached = await t.app.inject({ url: `/polls/${poll.id}/embed` });
      assert.equal(cached.headers['x-cache'], 'hit');
      assert.equal(cached.headers['x-frame-options'], undefined, 'the cached copy keeps the embed headers');
      assert.match(String(cached.headers['content-security-policy']), /frame-ancestors \*/);
      const page = await t.app.inject({ url: `/polls/${poll.id}` });
      assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN', 'other pages may not be framed');
      assert.match(page.body, /<textarea id="poll-embed-snippet" rows="3" readonly>&lt;iframe src=&quot;http:\/\/rostrum.test\/polls\/\d+\/embed&quot; title=&quot;Embed &amp;#60;b&amp;#62;me/);
    });

    test('an embed holds back results the poll keeps until it closes; drafts have none', async () => {
      const hidden = await createPoll(t.db.handle, { question: 'Secret until the end', options: ['A', 'B'], status: 'open', resultsPolicy: 'after_close' });
      await castVote(t.db.handle, hidden.id, 'embed-hidden', [hidden.options[0]!.id]);
      const embed = await t.app.inject({ url: `/polls/${hidden.id}/embed` });
      assert.match(embed.body, /The results are shown when the poll closes/);
      assert.doesNotMatch(embed.body, /\(100%\)/);
      const draft = await createPoll(t.db.handle, { question: 'Draft embed', options: ['A', 'B'] });
      const missing = await t.app.inject({ url: `/polls/${draft.id}/embed` });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.headers['x-frame-options'], undefined, 'the other site’s frame shows our "not found" page, not the browser’s error');
      assert.equal((await t.app.inject({ url: '/polls/0/embed' })).statusCode, 404);
    });
  });
}
