import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, startTestApp, type TestApp } from '../../test/app.ts';
import { voteRateLimiter, VOTE_WINDOW_MS } from './rate-limit.ts';
import { networkOf } from '../http/client-network.ts';

describe('the network a vote is counted against', () => {
  test('IPv4 addresses count alone, IPv6 addresses by their /64, mapped IPv4 as IPv4', () => {
    assert.equal(networkOf('203.0.113.7'), '203.0.113.7');
    assert.equal(networkOf('2001:db8:1:2:aaaa::1'), networkOf('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    assert.notEqual(networkOf('2001:db8:1:2::1'), networkOf('2001:db8:1:3::1'));
    assert.equal(networkOf('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(networkOf('not an address'), 'not an address');
  });
});

for (const kind of await databaseKinds()) {
  describe(`the vote rate limit on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { ROSTRUM_VOTE_RATE_LIMIT: '3', ROSTRUM_TRUST_PROXY: '10.0.0.1' });
    });
    after(() => t.close());

    async function openPoll() {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/polls', headers: bearer(t.tokens.editor), payload: { question: 'Limited?', options: ['Yes', 'No'], status: 'open' } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number; options: Array<{ id: number }> };
    }
    const vote = (pollId: number, optionId: number, remoteAddress: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/polls/${pollId}/vote`, remoteAddress, headers, payload: { option: optionId } });

    test('a network gets its allowance of votes, then 429 with Retry-After; others vote on', async () => {
      const poll = await openPoll();
      for (let i = 0; i < 3; i++) assert.equal((await vote(poll.id, poll.options[0]!.id, '198.51.100.20')).statusCode, 200);
      const refused = await vote(poll.id, poll.options[0]!.id, '198.51.100.20');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().error.code, 'rate_limited');
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}`);
      assert.equal((await vote(poll.id, poll.options[1]!.id, '198.51.100.21')).statusCode, 200, 'another address is not held back');
      const results = (await t.app.inject({ url: `/api/v1/public/polls/${poll.id}` })).json() as { total: number };
      assert.equal(results.total, 4, 'the refused vote was not counted');
    });

    test('a refused form comes back to the page with a message', async () => {
      const poll = await openPoll();
      for (let i = 0; i < 3; i++) await vote(poll.id, poll.options[0]!.id, '198.51.100.30');
      const form = await t.app.inject({
        method: 'POST',
        url: `/polls/${poll.id}/vote`,
        remoteAddress: '198.51.100.30',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `http://rostrum.test/polls/${poll.id}` },
        payload: `option=${poll.options[0]!.id}`,
      });
      assert.equal(form.statusCode, 303);
      const page = await t.app.inject({ url: String(form.headers.location).split('#')[0]! });
      assert.match(page.body, /Too many votes have come from your network/);
    });

    test('X-Forwarded-For is believed only from a trusted proxy', async () => {
      const poll = await openPoll();
      // Through the trusted proxy, each reader's own address counts.
      for (let i = 0; i < 5; i++) {
        assert.equal((await vote(poll.id, poll.options[0]!.id, '10.0.0.1', { 'x-forwarded-for': `192.0.2.${i + 1}` })).statusCode, 200);
      }
      // From anyone else the header is ignored, so forging it does not escape the limit.
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await vote(poll.id, poll.options[0]!.id, '198.51.100.40', { 'x-forwarded-for': `192.0.2.${100 + i}` })).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 429]);
    });

    test('the database keeps no address, only keyed hashes', async () => {
      const poll = await openPoll();
      assert.equal((await vote(poll.id, poll.options[0]!.id, '198.51.100.50')).statusCode, 200);
      const rows = await t.db.handle.db.selectFrom('pollVoteWindows').selectAll().execute();
      assert.ok(rows.length > 0, 'the vote was counted against its network');
      assert.doesNotMatch(JSON.stringify(rows), /198\.51\.100/, 'not the address, nor its start');
      for (const row of rows) {
        // A keyed hash in hex: no address, nor any part of one, can be read from it.
        assert.match(row.network, /^[0-9a-f]{32}$/);
      }
    });

    test('a new window starts a new count, and 0 turns the limit off', async () => {
      const limited = voteRateLimiter(t.db.handle, 'secret', 2);
      const start = Math.floor(Date.now() / VOTE_WINDOW_MS) * VOTE_WINDOW_MS + 1000;
      assert.deepEqual([(await limited('203.0.113.9', start)).allowed, (await limited('203.0.113.9', start)).allowed, (await limited('203.0.113.9', start)).allowed], [true, true, false]);
      assert.equal((await limited('203.0.113.9', start + VOTE_WINDOW_MS)).allowed, true);
      const unlimited = voteRateLimiter(t.db.handle, 'secret', 0);
      for (let i = 0; i < 20; i++) assert.equal((await unlimited('203.0.113.10', start)).allowed, true);
    });
  });
}
