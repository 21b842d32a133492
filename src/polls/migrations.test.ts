import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, databaseKinds } from '../../test/databases.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../schema.ts';
import { countVotes, createPoll, recountBallots } from './store.ts';

for (const kind of await databaseKinds()) {
  describe(`poll migrations on ${kind}`, () => {
    test('the tallies start from the votes cast before they existed', async () => {
      const t = await createTestDatabase(kind, {}, { migrate: false });
      try {
        await migrateToLatest(t.handle, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011')));
        const poll = await createPoll(t.handle, { question: 'Older votes?', options: ['A', 'B', 'C'], maxChoices: 2, status: 'open' });
        const [a, b] = poll.options.map((o) => o.id);
        const ballots: Array<[string, number[]]> = [
          ['r1', [a!]],
          ['r2', [a!, b!]],
          ['r3', [b!]],
        ];
        for (const [voter, chosen] of ballots) {
          const ballot = await t.handle.db.insertInto('pollBallots').values({ pollId: poll.id, voter, castAt: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
          await t.handle.db
            .insertInto('pollChoices')
            .values(chosen.map((optionId) => ({ ballotId: ballot.id, pollId: poll.id, optionId })))
            .execute();
        }
        await migrateToLatest(t.handle, migrations);
        const tallies = await countVotes(t.handle, poll.id);
        assert.deepEqual(tallies, await recountBallots(t.handle, poll.id));
        assert.equal(tallies.voters, 3);
        assert.deepEqual([tallies.byOption.get(a!), tallies.byOption.get(b!)], [2, 2]);
      } finally {
        await t.drop();
      }
    });
  });
}
