import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { PollStatus, PollsTable, ResultsPolicy } from './tables.ts';

export type PollRow = Selectable<PollsTable>;
export interface PollOption {
  id: number;
  label: string;
}
export interface Poll extends PollRow {
  options: PollOption[];
}

export interface NewPoll {
  question: string;
  options: string[];
  maxChoices?: number;
  status?: PollStatus;
  resultsPolicy?: ResultsPolicy;
  opensAt?: string | null;
  closesAt?: string | null;
}

/** What a reader sees of a poll right now: a poll set to open is still waiting before opens_at and over after closes_at. */
export function effectiveStatus(poll: Pick<PollRow, 'status' | 'opensAt' | 'closesAt'>, now = nowIso()): 'draft' | 'scheduled' | 'open' | 'closed' {
  if (poll.status === 'draft') return 'draft';
  if (poll.status === 'closed' || (poll.closesAt !== null && poll.closesAt <= now)) return 'closed';
  if (poll.opensAt !== null && poll.opensAt > now) return 'scheduled';
  return 'open';
}

export async function createPoll(handle: Db, input: NewPoll): Promise<Poll> {
  const now = nowIso();
  return handle.db.transaction().execute(async (trx) => {
    const poll = await trx
      .insertInto('polls')
      .values({
        question: input.question,
        maxChoices: input.maxChoices ?? 1,
        status: input.status ?? 'draft',
        resultsPolicy: input.resultsPolicy ?? 'always',
        opensAt: input.opensAt ?? null,
        closesAt: input.closesAt ?? null,
        isCurrent: 0,
        createdAt: now,
        updatedAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const options = await trx
      .insertInto('pollOptions')
      .values(input.options.map((label, position) => ({ pollId: poll.id, position, label })))
      .returning(['id', 'label'])
      .execute();
    return { ...poll, options };
  });
}

export async function getPoll({ db }: Db, id: number): Promise<Poll | undefined> {
  const poll = await db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
  if (!poll) return undefined;
  const options = await db.selectFrom('pollOptions').select(['id', 'label']).where('pollId', '=', id).orderBy('position').execute();
  return { ...poll, options };
}

export async function setPollStatus({ db }: Db, id: number, status: PollStatus): Promise<boolean> {
  const result = await db.updateTable('polls').set({ status, updatedAt: nowIso() }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deletePoll({ db }: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('polls').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type VoteRefusal = 'unknown_poll' | 'not_open' | 'closed' | 'repeat' | 'unknown_option' | 'too_many' | 'no_choice';

export class VoteRefused extends Error {
  constructor(readonly reason: VoteRefusal) {
    super(reason);
  }
}

/**
 * Records one reader's ballot. The unique (poll, voter) constraint decides repeats, so two requests
 * from one reader, even to two processes at once, count once: the second gets VoteRefused('repeat').
 */
export async function castVote(handle: Db, pollId: number, voter: string, optionIds: number[]): Promise<void> {
  const poll = await getPoll(handle, pollId);
  if (!poll || poll.status === 'draft') throw new VoteRefused('unknown_poll');
  const status = effectiveStatus(poll);
  if (status === 'scheduled') throw new VoteRefused('not_open');
  if (status === 'closed') throw new VoteRefused('closed');
  const chosen = [...new Set(optionIds)];
  if (chosen.length === 0) throw new VoteRefused('no_choice');
  if (chosen.length > poll.maxChoices) throw new VoteRefused('too_many');
  const known = new Set(poll.options.map((o) => o.id));
  if (!chosen.every((id) => known.has(id))) throw new VoteRefused('unknown_option');
  try {
    await handle.db.transaction().execute(async (trx) => {
      const ballot = await trx.insertInto('pollBallots').values({ pollId, voter, castAt: nowIso() }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('pollChoices').values(chosen.map((optionId) => ({ ballotId: ballot.id, pollId, optionId }))).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new VoteRefused('repeat');
    throw err;
  }
}

export async function hasVoted({ db }: Db, pollId: number, voter: string): Promise<boolean> {
  return (await db.selectFrom('pollBallots').select('id').where('pollId', '=', pollId).where('voter', '=', voter).executeTakeFirst()) !== undefined;
}

export interface PollCounts {
  voters: number;
  /** Votes per option id; options nobody chose are absent. */
  byOption: Map<number, number>;
}

export async function countVotes({ db }: Db, pollId: number): Promise<PollCounts> {
  const [voters, choices] = await Promise.all([
    db.selectFrom('pollBallots').select((eb) => eb.fn.countAll<number>().as('n')).where('pollId', '=', pollId).executeTakeFirstOrThrow(),
    db.selectFrom('pollChoices').select(['optionId', (eb) => eb.fn.countAll<number>().as('n')]).where('pollId', '=', pollId).groupBy('optionId').execute(),
  ]);
  return { voters: Number(voters.n), byOption: new Map(choices.map((c) => [c.optionId, Number(c.n)])) };
}

/**
 * The poll readers are asked now: the one marked current, while it is open. `opensAt` tells when a
 * current poll that is still scheduled will open, so that pages made before then expire in time.
 */
export async function getCurrentPoll(handle: Db): Promise<{ poll?: Poll; opensAt?: string }> {
  const row = await handle.db.selectFrom('polls').select('id').where('isCurrent', '=', 1).where('status', '=', 'open').executeTakeFirst();
  const poll = row && (await getPoll(handle, row.id));
  if (!poll) return {};
  const status = effectiveStatus(poll);
  if (status === 'open') return { poll };
  return status === 'scheduled' && poll.opensAt ? { opensAt: poll.opensAt } : {};
}

/** "Poll conducted": the poll that closed last, whether closed by hand or by its closing time. */
export async function getLatestClosedPoll(handle: Db): Promise<Poll | undefined> {
  const now = nowIso();
  const row = await handle.db
    .selectFrom('polls')
    .select('id')
    .where('status', '!=', 'draft')
    .where((eb) => eb.or([eb('status', '=', 'closed'), eb.and([eb('closesAt', 'is not', null), eb('closesAt', '<=', now)])]))
    .orderBy((eb) => eb.fn.coalesce('closesAt', 'updatedAt'), 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && getPoll(handle, row.id);
}

/** Makes this poll the site's current poll (and no other). */
export async function setCurrentPoll(handle: Db, id: number): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await trx.updateTable('polls').set({ isCurrent: 0 }).where('isCurrent', '=', 1).execute();
    await trx.updateTable('polls').set({ isCurrent: 1, updatedAt: nowIso() }).where('id', '=', id).execute();
  });
}

export async function findPollIdByQuestion({ db }: Db, question: string): Promise<number | undefined> {
  return (await db.selectFrom('polls').select('id').where('question', '=', question).executeTakeFirst())?.id;
}

/** Changes a poll's schedule and status; used where a poll's history is written after the fact (demo content). */
export async function updatePollSchedule({ db }: Db, id: number, changes: { status?: PollStatus; opensAt?: string | null; closesAt?: string | null }): Promise<void> {
  await db.updateTable('polls').set({ ...changes, updatedAt: nowIso() }).where('id', '=', id).execute();
}
