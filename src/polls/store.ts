import { sql, type Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import type { Cursor } from '../core/cursor.ts';
import { BallotBox, readTallies } from './ballot-box.ts';
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
  return withTransaction(handle, async ({ db: trx }) => {
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

/** A poll with its options, in one query: every vote reads its poll, so this is on the hot path. */
export async function getPoll({ db }: Db, id: number): Promise<Poll | undefined> {
  const rows = await db
    .selectFrom('polls')
    .innerJoin('pollOptions', 'pollOptions.pollId', 'polls.id')
    .selectAll('polls')
    .select(['pollOptions.id as optionId', 'pollOptions.label as optionLabel'])
    .where('polls.id', '=', id)
    .orderBy('pollOptions.position')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const { optionId: _id, optionLabel: _label, ...poll } = first;
  return { ...poll, options: rows.map((r) => ({ id: r.optionId, label: r.optionLabel })) };
}

/**
 * Opens, closes or withdraws a poll by hand. Closing records the moment in closes_at (unless it closed
 * earlier by time), so that "conducted" polls sort by when they really closed; opening by hand means
 * open now, so a closing time already past is cleared.
 */
export async function setPollStatus({ db }: Db, id: number, status: PollStatus): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable('polls')
    .set((eb) => ({
      status,
      updatedAt: now,
      closesAt:
        status === 'closed'
          ? eb
              .case()
              .when(eb.or([eb('closesAt', 'is', null), eb('closesAt', '>', now)]))
              .then(now)
              .else(eb.ref('closesAt'))
              .end()
          : status === 'open'
            ? eb.case().when('closesAt', '<=', now).then(null).else(eb.ref('closesAt')).end()
            : eb.ref('closesAt'),
    }))
    .where('id', '=', id)
    .executeTakeFirst();
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
 * Why a ballot cannot count in the poll as read, if it cannot: the poll must be open now, and the
 * choices distinct answers of this poll, at least one and at most its limit. A choice named twice counts once.
 */
export function ballotProblem(poll: Poll, optionIds: number[], now = nowIso()): VoteRefusal | undefined {
  if (poll.status === 'draft') return 'unknown_poll';
  const status = effectiveStatus(poll, now);
  if (status === 'scheduled') return 'not_open';
  if (status === 'closed') return 'closed';
  const chosen = new Set(optionIds);
  if (chosen.size === 0) return 'no_choice';
  if (chosen.size > poll.maxChoices) return 'too_many';
  const known = new Set(poll.options.map((o) => o.id));
  if (![...chosen].every((id) => known.has(id))) return 'unknown_option';
  return undefined;
}

const ballotBoxes = new WeakMap<Db, BallotBox>();

/** Waits until every ballot cast through this handle so far is written (or refused): before the database closes. */
export async function flushBallots(handle: Db): Promise<void> {
  await ballotBoxes.get(handle)?.flush();
}

/**
 * Records one reader's ballot in a poll read by the caller, and answers the poll's counts with it. The
 * unique (poll, voter) constraint decides repeats, so two requests from one reader, even to two
 * processes at once, count once: the second gets VoteRefused('repeat'). Tallies are kept with the
 * ballots in one transaction (see BallotBox), so reading results costs the same at ten votes as at a
 * million.
 */
export async function recordVote(handle: Db, poll: Poll, voter: string, optionIds: number[], castAt = nowIso()): Promise<PollCounts> {
  const problem = ballotProblem(poll, optionIds);
  if (problem) throw new VoteRefused(problem);
  const chosen = [...new Set(optionIds)];
  let box = ballotBoxes.get(handle);
  if (!box) ballotBoxes.set(handle, (box = new BallotBox(handle)));
  const outcome = await box.cast({ pollId: poll.id, voter, optionIds: chosen, castAt });
  if (!outcome.counted) throw new VoteRefused(outcome.reason);
  return outcome.counts;
}

/** Records a ballot in the poll with this id (see recordVote). */
export async function castVote(handle: Db, pollId: number, voter: string, optionIds: number[], castAt = nowIso()): Promise<PollCounts> {
  const poll = await getPoll(handle, pollId);
  if (!poll) throw new VoteRefused('unknown_poll');
  return recordVote(handle, poll, voter, optionIds, castAt);
}

export async function hasVoted({ db }: Db, pollId: number, voter: string): Promise<boolean> {
  return (await db.selectFrom('pollBallots').select('id').where('pollId', '=', pollId).where('voter', '=', voter).executeTakeFirst()) !== undefined;
}

export interface PollCounts {
  voters: number;
  /** Votes per option id; options nobody chose are absent. */
  byOption: Map<number, number>;
}

/** A poll's counts as its tallies keep them: one small read, whatever the number of votes. */
export function countVotes({ db }: Db, pollId: number): Promise<PollCounts> {
  return readTallies(db, pollId);
}

/** The counts worked out afresh from every ballot: slow on a big poll, and the check that the tallies are right. */
export async function recountBallots({ db }: Db, pollId: number): Promise<PollCounts> {
  const [voters, choices] = await Promise.all([
    db
      .selectFrom('pollBallots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pollId', '=', pollId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('pollChoices')
      .select(['optionId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('pollId', '=', pollId)
      .groupBy('optionId')
      .execute(),
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

/** Polls that have been conducted: closed by hand or by their closing time, latest closed first. */
function conductedPolls({ db }: Db, now = nowIso()) {
  return db
    .selectFrom('polls')
    .where('status', '!=', 'draft')
    .where((eb) => eb.or([eb('status', '=', 'closed'), eb.and([eb('closesAt', 'is not', null), eb('closesAt', '<=', now)])]))
    .orderBy((eb) => eb.fn.coalesce('closesAt', 'updatedAt'), 'desc')
    .orderBy('id', 'desc');
}

/** When a conducted poll closed: at its closing time, or when it was closed by hand if that came first. */
export function closedAtOf(poll: Pick<PollRow, 'status' | 'closesAt' | 'updatedAt'>): string {
  if (poll.status !== 'closed' && poll.closesAt) return poll.closesAt;
  return poll.closesAt && poll.closesAt < poll.updatedAt ? poll.closesAt : poll.updatedAt;
}

/** "Poll conducted": the poll that closed last, whether closed by hand or by its closing time. */
export async function getLatestClosedPoll(handle: Db): Promise<Poll | undefined> {
  const row = await conductedPolls(handle).select('id').limit(1).executeTakeFirst();
  return row && getPoll(handle, row.id);
}

/** One page of the archive of conducted polls, by keyset on (closing time, id). */
export async function listConductedPolls(handle: Db, page: { limit: number; cursor?: Cursor }): Promise<Poll[]> {
  const { cursor } = page;
  const rows = await conductedPolls(handle)
    .select('id')
    .$if(cursor !== undefined, (q) =>
      q.where((eb) => {
        const closed = eb.fn.coalesce('closesAt', 'updatedAt');
        return eb.or([eb(closed, '<', cursor!.key), eb.and([eb(closed, '=', cursor!.key), eb('id', '<', cursor!.id)])]);
      }),
    )
    .limit(page.limit)
    .execute();
  const polls = await Promise.all(rows.map((r) => getPoll(handle, r.id)));
  return polls.filter((p): p is Poll => p !== undefined);
}

/** Makes this poll the site's current poll (and no other). */
export async function setCurrentPoll(handle: Db, id: number): Promise<void> {
  await withTransaction(handle, async ({ db: trx }) => {
    await trx.updateTable('polls').set({ isCurrent: 0 }).where('isCurrent', '=', 1).execute();
    await trx.updateTable('polls').set({ isCurrent: 1, updatedAt: nowIso() }).where('id', '=', id).execute();
  });
}

export async function findPollIdByQuestion({ db }: Db, question: string): Promise<number | undefined> {
  return (await db.selectFrom('polls').select('id').where('question', '=', question).executeTakeFirst())?.id;
}

export interface PollChanges {
  question?: string;
  maxChoices?: number;
  resultsPolicy?: ResultsPolicy;
  opensAt?: string | null;
  closesAt?: string | null;
  /** New answers in place of the old: only while nobody has voted, since votes name the old ones. */
  options?: string[];
}

/** Someone voted between reading the poll and changing its answers. */
export class PollHasVotes extends Error {}

/** Edits a poll. Replacing its answers is refused once anyone has voted (PollHasVotes), in the same transaction as the change. */
export async function updatePoll(handle: Db, id: number, changes: PollChanges): Promise<void> {
  const { options, ...fields } = changes;
  await withTransaction(handle, async ({ db: trx }) => {
    const updated = await trx
      .updateTable('polls')
      .set({ ...fields, updatedAt: nowIso() })
      .where('id', '=', id)
      .returning('voters')
      .executeTakeFirst();
    if (!options || !updated) return;
    if (updated.voters > 0) throw new PollHasVotes();
    await trx.deleteFrom('pollOptions').where('pollId', '=', id).execute();
    await trx
      .insertInto('pollOptions')
      .values(options.map((label, position) => ({ pollId: id, position, label })))
      .execute();
  });
}

/** One UTC day of a poll's ballots: how many readers voted that day, and how many chose each option. */
export interface PollDay {
  /** YYYY-MM-DD, in UTC. */
  day: string;
  voters: number;
  /** Choices per option id that day; options nobody chose that day are absent. */
  byOption: Map<number, number>;
}

/**
 * The UTC calendar day of a ballot's cast_at, as YYYY-MM-DD text. SQLite keeps ISO text, which date()
 * reads (offsets included) and gives back in UTC; PostgreSQL keeps timestamptz, so the day is taken in
 * UTC explicitly rather than in the session's time zone. The literal stays in the SQL text (not a
 * parameter) so that PostgreSQL sees the same expression in SELECT and GROUP BY.
 */
function utcDayOfBallot(handle: Db) {
  const castAt = sql.ref('pollBallots.castAt');
  return handle.dialect === 'postgres' ? sql<string>`to_char(${castAt} at time zone 'UTC', 'YYYY-MM-DD')` : sql<string>`date(${castAt})`;
}

/**
 * Ballots and choices per UTC day, oldest day first; only days with at least one ballot appear. Both
 * counts are grouped in the database, so a poll of 100,000 ballots sends a row per day (and option),
 * not a row per ballot. One statement, so one snapshot: a vote committed meanwhile is in both counts or in
 * neither, on any connection (two queries could run on two of PostgreSQL's, or of the read pool's).
 */
export async function votesPerDay(handle: Db, pollId: number): Promise<PollDay[]> {
  const day = utcDayOfBallot(handle);
  const ballots = handle.db
    .selectFrom('pollBallots')
    // A ballot's row has no option: it counts voters.
    .select([day.as('day'), sql<number | null>`null`.as('optionId'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('pollBallots.pollId', '=', pollId)
    .groupBy(day);
  const choices = handle.db
    .selectFrom('pollChoices')
    .innerJoin('pollBallots', 'pollBallots.id', 'pollChoices.ballotId')
    .select([day.as('day'), 'pollChoices.optionId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('pollChoices.pollId', '=', pollId)
    .groupBy([day, 'pollChoices.optionId']);
  const rows = await ballots.unionAll(choices).orderBy('day').execute();
  const days = new Map<string, PollDay>(rows.filter((r) => r.optionId === null).map((b) => [b.day, { day: b.day, voters: Number(b.n), byOption: new Map() }]));
  for (const c of rows) if (c.optionId !== null) days.get(c.day)?.byOption.set(c.optionId, Number(c.n));
  return [...days.values()];
}

/** Every poll, newest first, with its number of voters: the operator's overview (`rostrum poll list`). */
export async function listPolls({ db }: Db): Promise<PollRow[]> {
  return db.selectFrom('polls').selectAll().orderBy('createdAt', 'desc').orderBy('id', 'desc').execute();
}

/**
 * The next moment a poll opens or closes by its own schedule, if any: pages that show polls (the current
 * one, "Poll conducted", the archive) must not be kept past it.
 */
export async function nextPollChange({ db }: Db, now = nowIso()): Promise<string | undefined> {
  const row = await db
    .selectFrom('polls')
    .select((eb) => [
      eb.fn.min(eb.case().when('opensAt', '>', now).then(eb.ref('opensAt')).end()).as('opening'),
      eb.fn.min(eb.case().when('closesAt', '>', now).then(eb.ref('closesAt')).end()).as('closing'),
    ])
    .where('status', '=', 'open')
    .executeTakeFirst();
  const moments = [row?.opening, row?.closing].filter((t): t is string => typeof t === 'string');
  return moments.sort()[0];
}

/** Polls readers can vote in now, the current one first, then the newest. */
export async function listOpenPolls(handle: Db, now = nowIso()): Promise<Poll[]> {
  const rows = await handle.db
    .selectFrom('polls')
    .select('id')
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('opensAt', 'is', null), eb('opensAt', '<=', now)]))
    .where((eb) => eb.or([eb('closesAt', 'is', null), eb('closesAt', '>', now)]))
    .orderBy('isCurrent', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  const polls = await Promise.all(rows.map((r) => getPoll(handle, r.id)));
  return polls.filter((p): p is Poll => p !== undefined);
}
