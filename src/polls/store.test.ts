import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/connect.ts';
import type { Database } from '../schema.ts';
import { castVote, countVotes, createPoll, effectiveStatus, hasVoted, recountBallots, setPollStatus, VoteRefused } from './store.ts';

const refusal = (reason: string) => (err: unknown) => err instanceof VoteRefused && err.reason === reason;

for (const kind of await databaseKinds()) {
  describe(`poll store on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    test('hundreds of concurrent voters, each trying twice, are counted exactly once each', async () => {
      const poll = await createPoll(t.handle, { question: 'Will the canal be finished by 2030?', options: ['Yes', 'No', 'Unsure'], status: 'open' });
      // On PostgreSQL a second pool stands for a second server process. SQLite serves from one process
      // and one connection (two in one process would wait on each other's locks), so there both are the same.
      const other = kind === 'postgres' ? openDatabase<Database>({ kind, url: t.url }) : { ...t.handle, close: async () => {} };
      try {
        const voters = Array.from({ length: 300 }, (_, i) => ({ voter: `voter-${i}`, option: poll.options[i % 3]!.id }));
        const attempts = voters.flatMap((v, i) => [castVote(i % 2 ? other : t.handle, poll.id, v.voter, [v.option]), castVote(i % 2 ? t.handle : other, poll.id, v.voter, [v.option])]);
        const outcomes = await Promise.allSettled(attempts);
        const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
        const repeats = outcomes.filter((o) => o.status === 'rejected' && refusal('repeat')(o.reason)).length;
        assert.equal(accepted, 300);
        assert.equal(repeats, 300);
        const counts = await countVotes(t.handle, poll.id);
        assert.equal(counts.voters, 300);
        assert.deepEqual(poll.options.map((o) => counts.byOption.get(o.id)), [100, 100, 100]);
        assert.deepEqual(await recountBallots(t.handle, poll.id), counts, 'the tallies agree with the ballots counted afresh');
        assert.equal(await hasVoted(t.handle, poll.id, 'voter-7'), true);
        assert.equal(await hasVoted(t.handle, poll.id, 'stranger'), false);
      } finally {
        await other.close();
      }
    });

    test('multiple choice respects its limit; unknown options and empty ballots are refused', async () => {
      const poll = await createPoll(t.handle, { question: 'Which matter most?', options: ['Water', 'Energy', 'Trade', 'Security'], maxChoices: 2, status: 'open' });
      const [a, b, c] = poll.options.map((o) => o.id);
      await castVote(t.handle, poll.id, 'm1', [a!, b!]);
      await castVote(t.handle, poll.id, 'm2', [a!, a!]);
      await assert.rejects(castVote(t.handle, poll.id, 'm3', [a!, b!, c!]), refusal('too_many'));
      await assert.rejects(castVote(t.handle, poll.id, 'm3', [999999]), refusal('unknown_option'));
      await assert.rejects(castVote(t.handle, poll.id, 'm3', []), refusal('no_choice'));
      const counts = await countVotes(t.handle, poll.id);
      assert.equal(counts.voters, 2);
      assert.equal(counts.byOption.get(a!), 2);
      assert.equal(counts.byOption.get(b!), 1);
      assert.deepEqual(await recountBallots(t.handle, poll.id), counts);
      assert.equal(await hasVoted(t.handle, poll.id, 'm3'), false, 'a refused ballot leaves nothing behind');
    });

    test('polls open and close by themselves; drafts and closed polls take no votes', async () => {
      const past = new Date(Date.now() - 60_000).toISOString();
      const future = new Date(Date.now() + 60_000).toISOString();
      const scheduled = await createPoll(t.handle, { question: 'Later?', options: ['A', 'B'], status: 'open', opensAt: future });
      assert.equal(effectiveStatus(scheduled), 'scheduled');
      await assert.rejects(castVote(t.handle, scheduled.id, 'x', [scheduled.options[0]!.id]), refusal('not_open'));
      const over = await createPoll(t.handle, { question: 'Over?', options: ['A', 'B'], status: 'open', opensAt: past, closesAt: past });
      assert.equal(effectiveStatus(over), 'closed');
      await assert.rejects(castVote(t.handle, over.id, 'x', [over.options[0]!.id]), refusal('closed'));
      const running = await createPoll(t.handle, { question: 'Now?', options: ['A', 'B'], status: 'open', opensAt: past, closesAt: future });
      assert.equal(effectiveStatus(running), 'open');
      await castVote(t.handle, running.id, 'x', [running.options[1]!.id]);
      assert.equal(effectiveStatus(running, future), 'closed', 'at closes_at the poll is over');
      const draft = await createPoll(t.handle, { question: 'Draft?', options: ['A', 'B'] });
      await assert.rejects(castVote(t.handle, draft.id, 'x', [draft.options[0]!.id]), refusal('unknown_poll'));
      await setPollStatus(t.handle, running.id, 'closed');
      await assert.rejects(castVote(t.handle, running.id, 'y', [running.options[0]!.id]), refusal('closed'));
      await assert.rejects(castVote(t.handle, 999999, 'y', [1]), refusal('unknown_poll'));
    });
  });
}
