import type { Kysely } from 'kysely';
import type { Database, Db } from '../schema.ts';
import { isForeignKeyViolation } from '../db/errors.ts';
import { nowIso } from '../db/time.ts';
import type { PollCounts } from './store.ts';

export interface Ballot {
  pollId: number;
  voter: string;
  /** Distinct option ids, already checked against the poll as the caller read it. */
  optionIds: number[];
  castAt: string;
}

/**
 * What became of one ballot: counted (with the poll's counts just after), or refused because the
 * reader had voted already, or because the poll closed (or went) since the caller read it.
 */
export type BallotOutcome = { counted: true; counts: PollCounts } | { counted: false; reason: 'repeat' | 'closed' | 'unknown_poll' };

interface Waiting {
  ballot: Ballot;
  resolve(outcome: BallotOutcome): void;
  reject(err: unknown): void;
}

const maxBatch = 500;

/**
 * Writes ballots in batches: every ballot that arrives while one transaction runs goes into the next,
 * so a thousand readers voting at once cost a few transactions rather than a thousand. The unique
 * (poll, voter) constraint still decides repeats, in the database, so batches from several processes
 * count each reader once.
 */
export class BallotBox {
  private queue: Waiting[] = [];
  private writing = false;
  /** Settles when the batches being written now are done: see flush. */
  private drained: Promise<void> = Promise.resolve();

  constructor(private readonly handle: Db) {}

  cast(ballot: Ballot): Promise<BallotOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ballot, resolve, reject });
      // Started after the requests already waiting have been read, so that their ballots join the
      // batch: on SQLite a transaction runs without yielding, and would otherwise always hold one.
      if (!this.writing) {
        this.writing = true;
        this.drained = new Promise((done) => setImmediate(() => void this.drain().finally(done)));
      }
    });
  }

  /**
   * Settles once every ballot cast so far is written or refused. A stopping server waits for this
   * before it closes the database, so no ballot is left half-way.
   */
  async flush(): Promise<void> {
    while (this.writing) await this.drained;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, maxBatch);
      try {
        const outcomes = await writeBatch(
          this.handle,
          batch.map((w) => w.ballot),
        );
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (err) {
        // One bad ballot (an option replaced a moment ago, say) must not cost the others their votes:
        // the batch is written again one ballot at a time, and only the bad one fails.
        if (batch.length === 1) settleAlone(batch[0]!, err);
        else await this.writeOneByOne(batch);
      }
    }
    this.writing = false;
  }

  private async writeOneByOne(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        w.resolve((await writeBatch(this.handle, [w.ballot]))[0]!);
      } catch (err) {
        settleAlone(w, err);
      }
    }
  }
}

/** A ballot naming an option that is no longer there was cast on a poll as it no longer is. */
function settleAlone(w: Waiting, err: unknown): void {
  if (isForeignKeyViolation(err)) w.resolve({ counted: false, reason: 'unknown_poll' });
  else w.reject(err);
}

/**
 * This batch's polls, locked (on PostgreSQL) in id order until the batch commits: the ids of those that
 * take votes now, and of those that still exist.
 */
async function pollsLocked(handle: Db, trx: Kysely<Database>, pollIds: number[]): Promise<{ open: Set<number>; existing: Set<number> }> {
  const now = nowIso();
  const rows = await trx
    .selectFrom('polls')
    .select(['id', 'status', 'opensAt', 'closesAt'])
    .where('id', 'in', pollIds)
    .orderBy('id')
    .$if(handle.dialect === 'postgres', (q) => q.forUpdate())
    .execute();
  const takesVotes = (p: (typeof rows)[number]) => p.status === 'open' && (p.opensAt === null || p.opensAt <= now) && (p.closesAt === null || p.closesAt > now);
  return { open: new Set(rows.filter(takesVotes).map((r) => r.id)), existing: new Set(rows.map((r) => r.id)) };
}

async function writeBatch(handle: Db, ballots: Ballot[]): Promise<BallotOutcome[]> {
  return handle.db.transaction().execute(async (trx) => {
    // Every batch locks its polls' rows first, in id order, and so queues behind any other batch or
    // status change for the same poll: batches from several processes never deadlock, and a poll
    // closed a moment ago takes no more votes.
    const { open, existing } = await pollsLocked(
      handle,
      trx,
      [...new Set(ballots.map((b) => b.pollId))].sort((a, b) => a - b),
    );
    const admitted = ballots.filter((b) => open.has(b.pollId));
    const ids = new Map<string, number>();
    if (admitted.length) {
      // A reader twice in one batch (two tabs at once) is a repeat, as across batches.
      const inserted = await trx
        .insertInto('pollBallots')
        .values(admitted.map((b) => ({ pollId: b.pollId, voter: b.voter, castAt: b.castAt })))
        .onConflict((oc) => oc.columns(['pollId', 'voter']).doNothing())
        .returning(['id', 'pollId', 'voter'])
        .execute();
      for (const row of inserted) ids.set(`${row.pollId} ${row.voter}`, row.id);
    }
    const counted = ballots.map((b) => {
      const key = `${b.pollId} ${b.voter}`;
      const id = open.has(b.pollId) ? ids.get(key) : undefined;
      ids.delete(key);
      return id;
    });
    const countedPolls = await addToTallies(trx, ballots, counted);
    const counts = new Map<number, PollCounts>();
    for (const pollId of countedPolls) counts.set(pollId, await readTallies(trx, pollId));
    return ballots.map((b, i): BallotOutcome => {
      if (counted[i] !== undefined) return { counted: true, counts: counts.get(b.pollId)! };
      return { counted: false, reason: open.has(b.pollId) ? 'repeat' : existing.has(b.pollId) ? 'closed' : 'unknown_poll' };
    });
  });
}

/** Writes the counted ballots' choices and adds them to the tallies; answers the polls that gained votes. */
async function addToTallies(trx: Kysely<Database>, ballots: Ballot[], counted: Array<number | undefined>): Promise<number[]> {
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
  const pollIds = [...voters.keys()].sort((a, b) => a - b);
  for (const pollId of pollIds) {
    await trx
      .updateTable('polls')
      .set((eb) => ({ voters: eb('voters', '+', voters.get(pollId)!) }))
      .where('id', '=', pollId)
      .execute();
  }
  if (choices.length) await trx.insertInto('pollChoices').values(choices).execute();
  for (const [optionId, n] of [...votes].sort((a, b) => a[0] - b[0])) {
    await trx
      .updateTable('pollOptions')
      .set((eb) => ({ votes: eb('votes', '+', n) }))
      .where('id', '=', optionId)
      .execute();
  }
  return pollIds;
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
