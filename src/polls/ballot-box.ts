import type { Kysely } from 'kysely';
import type { Database, Db } from '../schema.ts';
import type { PollCounts } from './store.ts';

export interface Ballot {
  pollId: number;
  voter: string;
  /** Distinct option ids, already checked against the poll. */
  optionIds: number[];
  castAt: string;
}

/** What became of one ballot: counted (with the poll's counts just after), or a repeat of the reader's earlier one. */
export type BallotOutcome = { counted: true; counts: PollCounts } | { counted: false };

interface Waiting {
  ballot: Ballot;
  resolve(outcome: BallotOutcome): void;
  reject(err: unknown): void;
}

const maxBatch = 500;

/**
 * Writes ballots in batches: every ballot that arrives while one transaction runs goes into the next,
 * so a thousand readers voting at once cost a few transactions rather than a thousand. A lone ballot
 * is written at once. The unique (poll, voter) constraint still decides repeats, in the database, so
 * batches from several processes count each reader once.
 */
export class BallotBox {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly handle: Db) {}

  cast(ballot: Ballot): Promise<BallotOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ballot, resolve, reject });
      // Started after the requests already waiting have been read, so that their ballots join the
      // batch: on SQLite a transaction runs without yielding, and would otherwise always hold one.
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, maxBatch);
      try {
        const outcomes = await writeBatch(this.handle, batch.map((w) => w.ballot));
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }
}

async function writeBatch(handle: Db, ballots: Ballot[]): Promise<BallotOutcome[]> {
  return handle.db.transaction().execute(async (trx) => {
    // A reader twice in one batch (two tabs at once) is a repeat, as across batches.
    const inserted = await trx
      .insertInto('pollBallots')
      .values(ballots.map((b) => ({ pollId: b.pollId, voter: b.voter, castAt: b.castAt })))
      .onConflict((oc) => oc.columns(['pollId', 'voter']).doNothing())
      .returning(['id', 'pollId', 'voter'])
      .execute();
    const ids = new Map(inserted.map((row) => [`${row.pollId} ${row.voter}`, row.id]));
    const counted = ballots.map((b) => {
      const key = `${b.pollId} ${b.voter}`;
      const id = ids.get(key);
      ids.delete(key);
      return id;
    });
    const pollIds = [...new Set(ballots.filter((_, i) => counted[i] !== undefined).map((b) => b.pollId))].sort((a, b) => a - b);
    const voters = new Map<number, number>();
    const votes = new Map<number, number>();
    const choices: Array<{ ballotId: number; pollId: number; optionId: number }> = [];
    ballots.forEach((b, i) => {
      const ballotId = counted[i];
      if (ballotId === undefined) return;
      voters.set(b.pollId, (voters.get(b.pollId) ?? 0) + 1);
      for (const optionId of b.optionIds) {
        votes.set(optionId, (votes.get(optionId) ?? 0) + 1);
        choices.push({ ballotId, pollId: b.pollId, optionId });
      }
    });
    // The polls' rows first, in id order, then their options': every batch takes its locks in the same
    // order, so batches from several processes on PostgreSQL queue rather than deadlock.
    for (const pollId of pollIds) {
      await trx.updateTable('polls').set((eb) => ({ voters: eb('voters', '+', voters.get(pollId)!) })).where('id', '=', pollId).execute();
    }
    if (choices.length) await trx.insertInto('pollChoices').values(choices).execute();
    for (const [optionId, n] of [...votes].sort((a, b) => a[0] - b[0])) {
      await trx.updateTable('pollOptions').set((eb) => ({ votes: eb('votes', '+', n) })).where('id', '=', optionId).execute();
    }
    const counts = new Map<number, PollCounts>();
    for (const pollId of pollIds) counts.set(pollId, await readTallies(trx, pollId));
    return ballots.map((b, i): BallotOutcome => (counted[i] === undefined ? { counted: false } : { counted: true, counts: counts.get(b.pollId)! }));
  });
}

/** A poll's counts as its tallies keep them. */
export async function readTallies(db: Kysely<Database>, pollId: number): Promise<PollCounts> {
  const rows = await db
    .selectFrom('pollOptions')
    .innerJoin('polls', 'polls.id', 'pollOptions.pollId')
    .select(['pollOptions.id', 'pollOptions.votes', 'polls.voters'])
    .where('pollOptions.pollId', '=', pollId)
    .execute();
  return { voters: Number(rows[0]?.voters ?? 0), byOption: new Map(rows.filter((r) => Number(r.votes) > 0).map((r) => [r.id, Number(r.votes)])) };
}
