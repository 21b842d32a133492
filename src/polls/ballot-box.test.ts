import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds } from '../../test/databases.ts';
import { openDatabase } from '../db/connect.ts';
import type { Database } from '../schema.ts';
import { countVotes, createPoll, flushBallots, getPoll, recordVote } from './store.ts';

for (const kind of await databaseKinds()) {
  test(`flushBallots waits for every ballot cast so far, so the database can close without losing one, on ${kind}`, async () => {
    const db = await createTestDatabase(kind);
    // The handle a stopping server closes once its ballots are flushed.
    const serving = openDatabase<Database>({ kind, url: db.url });
    try {
      const { id } = await createPoll(db.handle, { question: 'Flushed?', options: ['Yes', 'No'], status: 'open' });
      const poll = (await getPoll(serving, id))!;
      const votes = Array.from({ length: 40 }, (_, i) => recordVote(serving, poll, `reader-${i}`, [poll.options[i % 2]!.id]));
      await flushBallots(serving);
      await serving.close();
      assert.equal((await countVotes(db.handle, id)).voters, 40);
      assert.equal((await Promise.allSettled(votes)).filter((v) => v.status === 'fulfilled').length, 40, 'each was acknowledged');
      await flushBallots(serving);
    } finally {
      await db.drop();
    }
  });
}
