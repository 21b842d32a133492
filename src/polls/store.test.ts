import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/connect.ts';
import type { Database } from '../schema.ts';
import { castVote, countVotes, createPoll, deletePoll, effectiveStatus, getPoll, hasVoted, recordVote, recountBallots, setPollStatus, VoteRefused } from './store.ts';

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
        assert.deepEqual(
          poll.options.map((o) => counts.byOption.get(o.id)),
          [100, 100, 100],
        );
        assert.deepEqual(await recountBallots(t.handle, poll.id), counts, 'the tallies agree with the ballots counted afresh');
        assert.equal(await hasVoted(t.handle, poll.id, 'voter-7'), true);
        assert.equal(await hasVoted(t.handle, poll.id, 'stranger'), false);
      } finally {
        await other.close();
      }
    });

    test('a poll closed or deleted after a ballot read it takes the ballot no more', async () => {
      const poll = await createPoll(t.handle, { question: 'Closing now?', options: ['Yes', 'No'], status: 'open' });
      const stale = (await getPoll(t.handle, poll.id))!;
      await setPollStatus(t.handle, poll.id, 'closed');
      await assert.rejects(recordVote(t.handle, stale, 'late-reader', [stale.options[0]!.id]), refusal('closed'));
      await deletePoll(t.handle, poll.id);
      await assert.rejects(recordVote(t.handle, stale, 'later-reader', [stale.options[0]!.id]), refusal('unknown_poll'));
    });

    test('two processes writing the same readers in opposite orders neither deadlock nor count anyone twice', async () => {
      const poll = await createPoll(t.handle, { question: 'Opposite orders?', options: ['A', 'B'], status: 'open' });
      const other = kind === 'postgres' ? openDatabase<Database>({ kind, url: t.url }) : { ...t.handle, close: async () => {} };
      try {
        const readers = Array.from({ length: 400 }, (_, i) => `order-${i}`);
        const forwards = readers.map((r) => recordVote(t.handle, poll, r, [poll.options[0]!.id]));
        const backwards = [...readers].reverse().map((r) => recordVote(other, poll, r, [poll.options[0]!.id]));
        const outcomes = await Promise.allSettled([...forwards, ...backwards]);
        const unexpected = outcomes.filter((o) => o.status === 'rejected' && !refusal('repeat')(o.reason));
        assert.deepEqual(
          unexpected.map((o) => String((o as PromiseRejectedResult).reason)),
          [],
        );
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 400);
        const counts = await countVotes(t.handle, poll.id);
        assert.equal(counts.voters, 400);
        assert.deepEqual(await recountBallots(t.handle, poll.id), counts);
      } finally {
        await other.close();
      }
    });

    test('a ballot that cannot be written fails alone; the rest of its batch is counted', async () => {
      const kept = await createPoll(t.handle, { question: 'Kept?', options: ['Yes', 'No'], status: 'open' });
      const doomed = await createPoll(t.handle, { question: 'Deleted while voting?', options: ['Yes', 'No'], status: 'open' });
      const stale = (await getPoll(t.handle, doomed.id))!;
      await deletePoll(t.handle, doomed.id);
      // Cast together, so that on one connection they share a batch.
      const outcomes = await Promise.allSettled([
        recordVote(t.handle, kept, 'batch-1', [kept.options[0]!.id]),
        recordVote(t.handle, stale, 'batch-2', [stale.options[0]!.id]),
        recordVote(t.handle, kept, 'batch-3', [kept.options[1]!.id]),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      const counts = await countVotes(t.handle, kept.id);
      assert.equal(counts.voters, 2);
      assert.deepEqual(await recountBallots(t.handle, kept.id), counts);
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
