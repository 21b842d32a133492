import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Database, Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import type { Cursor } from '../core/cursor.ts';
import type { EditionFilter } from '../views/i18n/languages.ts';
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
  /** A language tag; the column's own default ('en') when not given. */
  language?: string;
}

/**
 * The polls an edition shows (see editionFilter): its own language's, and in the default edition those in
 * languages that have no edition of their own. No filter is every poll.
 */
function inEdition(edition: EditionFilter) {
  return (eb: ExpressionBuilder<Database, 'polls'>) => {
    if ('only' in edition) return eb('polls.language', '=', edition.only);
    return edition.except.length ? eb('polls.language', 'not in', edition.except) : sql<boolean>`1 = 1`;
  };
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
        // Left to the column's default when not given, so that the store also works on a schema from before 0029.
        ...(input.language !== undefined && { language: input.language }),
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

/** The counts of the ballots readers cast here, without those an export brought (see restorePollVotesFromExport). */
export async function recountOwnBallots({ db }: Db, pollId: number): Promise<PollCounts> {
  const restored = `${restoredVoterPrefix}%`;
  const [voters, choices] = await Promise.all([
    db
      .selectFrom('pollBallots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pollId', '=', pollId)
      .where('voter', 'not like', restored)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('pollChoices')
      .innerJoin('pollBallots', 'pollBallots.id', 'pollChoices.ballotId')
      .select(['pollChoices.optionId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('pollChoices.pollId', '=', pollId)
      .where('pollBallots.voter', 'not like', restored)
      .groupBy('pollChoices.optionId')
      .execute(),
  ]);
  return { voters: Number(voters.n), byOption: new Map(choices.map((c) => [c.optionId, Number(c.n)])) };
}

/** Ballots restored from an export are kept under voter keys that start so: no reader's cookie makes one. */
const restoredVoterPrefix = 'export:';

/** Takes out the ballots an export brought to a poll (its tallies are set again after). */
async function deleteRestoredBallots({ db }: Db, pollId: number): Promise<void> {
  const restored = db.selectFrom('pollBallots').select('id').where('pollId', '=', pollId).where('voter', 'like', `${restoredVoterPrefix}%`);
  await db.deleteFrom('pollChoices').where('ballotId', 'in', restored).execute();
  await db.deleteFrom('pollBallots').where('pollId', '=', pollId).where('voter', 'like', `${restoredVoterPrefix}%`).execute();
}

/** The poll marked current here (in `language`, when given: each language has its own), when it is another than `except`. */
export async function otherCurrentPoll({ db }: Db, except: number | undefined, language?: string): Promise<number | undefined> {
  const rows = await db
    .selectFrom('polls')
    .select('id')
    .where('isCurrent', '=', 1)
    .$if(language !== undefined, (q) => q.where('language', '=', language!))
    .execute();
  return rows.find((r) => r.id !== except)?.id;
}

/**
 * The poll readers are asked now: the one marked current (in the edition, when given), while it is open.
 * `opensAt` tells when a current poll that is still scheduled will open, so that pages made before then
 * expire in time. The default edition may see the current polls of several languages (those without an
 * edition of their own): the one made current last is asked.
 */
export async function getCurrentPoll(handle: Db, edition?: EditionFilter): Promise<{ poll?: Poll; opensAt?: string }> {
  const row = await handle.db
    .selectFrom('polls')
    .select('id')
    .where('isCurrent', '=', 1)
    .where('status', '=', 'open')
    .$if(edition !== undefined, (q) => q.where(inEdition(edition!)))
    .orderBy('updatedAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const poll = row && (await getPoll(handle, row.id));
  if (!poll) return {};
  const status = effectiveStatus(poll);
  if (status === 'open') return { poll };
  return status === 'scheduled' && poll.opensAt ? { opensAt: poll.opensAt } : {};
}

/** Polls that have been conducted (in an edition, when given): closed by hand or by their closing time, latest closed first. */
function conductedPolls({ db }: Db, edition?: EditionFilter, now = nowIso()) {
  return db
    .selectFrom('polls')
    .where('status', '!=', 'draft')
    .$if(edition !== undefined, (q) => q.where(inEdition(edition!)))
    .where((eb) => eb.or([eb('status', '=', 'closed'), eb.and([eb('closesAt', 'is not', null), eb('closesAt', '<=', now)])]))
    .orderBy((eb) => eb.fn.coalesce('closesAt', 'updatedAt'), 'desc')
    .orderBy('id', 'desc');
}

/** When a conducted poll closed: at its closing time, or when it was closed by hand if that came first. */
export function closedAtOf(poll: Pick<PollRow, 'status' | 'closesAt' | 'updatedAt'>): string {
  if (poll.status !== 'closed' && poll.closesAt) return poll.closesAt;
  return poll.closesAt && poll.closesAt < poll.updatedAt ? poll.closesAt : poll.updatedAt;
}

/** "Poll conducted": the poll that closed last (in the edition, when given), whether closed by hand or by its closing time. */
export async function getLatestClosedPoll(handle: Db, edition?: EditionFilter): Promise<Poll | undefined> {
  const row = await conductedPolls(handle, edition).select('id').limit(1).executeTakeFirst();
  return row && getPoll(handle, row.id);
}

/** One page of the archive of conducted polls (of an edition, when given), by keyset on (closing time, id). */
export async function listConductedPolls(handle: Db, page: { limit: number; cursor?: Cursor; edition?: EditionFilter }): Promise<Poll[]> {
  const { cursor } = page;
  const rows = await conductedPolls(handle, page.edition)
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

/**
 * Makes this poll the current poll of its language's edition: no other poll in its language stays
 * current, while the other languages keep theirs.
 */
export async function setCurrentPoll(handle: Db, id: number): Promise<void> {
  await withTransaction(handle, async ({ db: trx }) => {
    const language = trx.selectFrom('polls').select('language').where('id', '=', id);
    await trx.updateTable('polls').set({ isCurrent: 0 }).where('isCurrent', '=', 1).where('id', '!=', id).where('language', '=', language).execute();
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
  /** A language tag: the edition the poll moves to. A current poll stays current there, in place of that language's. */
  language?: string;
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
      .returning(['voters', 'isCurrent'])
      .executeTakeFirst();
    if (fields.language !== undefined && updated?.isCurrent === 1) {
      // One current poll per language: the one that moved in takes the place of the one there.
      await trx.updateTable('polls').set({ isCurrent: 0 }).where('isCurrent', '=', 1).where('id', '!=', id).where('language', '=', fields.language).execute();
    }
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

/** Polls readers can vote in now (in an edition, when given), the current one first, then the newest. */
export async function listOpenPolls(handle: Db, now = nowIso(), edition?: EditionFilter): Promise<Poll[]> {
  const rows = await handle.db
    .selectFrom('polls')
    .select('id')
    .where('status', '=', 'open')
    .$if(edition !== undefined, (q) => q.where(inEdition(edition!)))
    .where((eb) => eb.or([eb('opensAt', 'is', null), eb('opensAt', '<=', now)]))
    .where((eb) => eb.or([eb('closesAt', 'is', null), eb('closesAt', '>', now)]))
    .orderBy('isCurrent', 'desc')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  const polls = await Promise.all(rows.map((r) => getPoll(handle, r.id)));
  return polls.filter((p): p is Poll => p !== undefined);
}

// ---------------------------------------------------------------------------------------------------
// Export and restore (`rostrum export`, `rostrum import rostrum`).

/** A poll's answer as an export keeps it: its id, place and tally. */
export interface PollOptionForExport {
  id: number;
  pollId: number;
  position: number;
  label: string;
  votes: number;
}

/** Every poll in id order, with its answers and their tallies: what an export holds of polls. */
export async function listPollsForExport({ db }: Db): Promise<Array<PollRow & { options: PollOptionForExport[] }>> {
  const polls = await db.selectFrom('polls').selectAll().orderBy('id').execute();
  const options = await db.selectFrom('pollOptions').select(['id', 'pollId', 'position', 'label', 'votes']).orderBy('pollId').orderBy('position').execute();
  return polls.map((poll) => ({ ...poll, options: options.filter((o) => o.pollId === poll.id) }));
}

/** A reader's ballot without the reader: when it was cast and what it chose. Exports never carry the voter's key. */
export interface AnonymousBallot {
  id: number;
  pollId: number;
  castAt: string;
  optionIds: number[];
}

/** Ballots after a position in (poll, ballot id) order, a batch at a time, without their voters' keys. */
export async function listBallotsForExport({ db }: Db, after: { pollId: number; id: number }, limit: number): Promise<AnonymousBallot[]> {
  const ballots = await db
    .selectFrom('pollBallots')
    .select(['id', 'pollId', 'castAt'])
    .where((eb) => eb.or([eb('pollId', '>', after.pollId), eb.and([eb('pollId', '=', after.pollId), eb('id', '>', after.id)])]))
    .orderBy('pollId')
    .orderBy('id')
    .limit(limit)
    .execute();
  if (ballots.length === 0) return [];
  const choices = await db
    .selectFrom('pollChoices')
    .select(['ballotId', 'optionId'])
    .where(
      'ballotId',
      'in',
      ballots.map((b) => b.id),
    )
    .orderBy('optionId')
    .execute();
  const chosen = new Map<number, number[]>();
  for (const c of choices) chosen.set(c.ballotId, [...(chosen.get(c.ballotId) ?? []), c.optionId]);
  return ballots.map((b) => ({ ...b, optionIds: chosen.get(b.id) ?? [] }));
}

/** A poll as an export of another Rostrum gives it, with that site's ids. */
export interface PollFromExport {
  id: number;
  question: string;
  maxChoices: number;
  status: PollStatus;
  resultsPolicy: ResultsPolicy;
  opensAt: string | null;
  closesAt: string | null;
  current: boolean;
  /** A language tag; exports made before editions have none, and their polls keep the column's default ('en'). */
  language?: string;
  createdAt: string;
  updatedAt: string;
  /** The answers in order, each with its id there. */
  options: Array<{ id: number; label: string }>;
}

/** PostgreSQL's identity sequence moved past ids given explicitly, so the next poll made here does not take one. */
async function sequencePastExplicitIds(handle: Db, table: 'polls' | 'poll_options'): Promise<void> {
  if (handle.dialect !== 'postgres') return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(handle.db);
}

async function markCurrent({ db }: Db, id: number, current: boolean): Promise<void> {
  // One current poll per language, as setCurrentPoll keeps it.
  const language = db.selectFrom('polls').select('language').where('id', '=', id);
  if (current) await db.updateTable('polls').set({ isCurrent: 0 }).where('isCurrent', '=', 1).where('id', '!=', id).where('language', '=', language).execute();
  await db
    .updateTable('polls')
    .set({ isCurrent: current ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/**
 * The highest id an export may keep. Ids are integers of 31 bits on PostgreSQL and in /polls/:id: an
 * export's id near the top (2147483647) kept here would leave the sequence nothing to give the next poll
 * made here. A billion leaves room for more than a billion polls after the highest imported.
 */
export const keptIdCeiling = 1_000_000_000;
/** How far above the ids in use here and the export's number of polls (or answers) an old id may be and be kept. */
const keptIdMargin = 1_000_000;

/** The highest id in a table of this site. */
async function topId({ db }: Db, table: 'polls' | 'pollOptions'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('top'))
    .executeTakeFirst();
  return Number(row?.top ?? 0);
}

/**
 * Whether the old site's ids may be kept: none above the ceiling, nor far above every id here and the
 * number of such things in the export (an old site's ids run from 1, with the gaps its deletions left).
 */
async function keepable(handle: Db, table: 'polls' | 'pollOptions', ids: number[], exported: number): Promise<boolean> {
  const limit = Math.min(keptIdCeiling, Math.max(await topId(handle, table), exported) + keptIdMargin);
  return ids.every((id) => id <= limit);
}

/** The first id above every one this table has and every one the export may still ask for (those it may keep). */
async function idAbove(handle: Db, table: 'polls' | 'pollOptions', kept: number): Promise<number> {
  return Math.max(await topId(handle, table), kept <= keptIdCeiling ? kept : 0) + 1;
}

/** The highest poll and answer ids an export holds, and how many of each: see insertPollFromExport. */
export interface ExportedIds {
  pollId: number;
  optionId: number;
  polls: number;
  options: number;
}

/**
 * Makes a poll restored from an export: with the old site's id when no poll here has it, so that its
 * address (/polls/:id) is the same, and its answers with their old ids when all are free, so that the
 * ids its ballots name stay; otherwise with ids above both this site's and every one the export holds
 * (`keep`), so that no later poll of the same export loses its id to this one (the caller leaves a
 * redirect from the old address). Its tallies start at nothing: restorePollVotesFromExport sets them.
 * For restoring an export only: every other new poll is made by createPoll.
 */
export async function insertPollFromExport(handle: Db, poll: PollFromExport, keep: ExportedIds): Promise<Poll> {
  return withTransaction(handle, async (tx) => {
    const { db } = tx;
    const idFree = (await keepable(tx, 'polls', [poll.id], keep.polls)) && (await db.selectFrom('polls').select('id').where('id', '=', poll.id).executeTakeFirst()) === undefined;
    const row = await db
      .insertInto('polls')
      .values({
        id: idFree ? poll.id : await idAbove(tx, 'polls', keep.pollId),
        question: poll.question,
        maxChoices: poll.maxChoices,
        status: poll.status,
        resultsPolicy: poll.resultsPolicy,
        opensAt: poll.opensAt,
        closesAt: poll.closesAt,
        isCurrent: 0,
        ...(poll.language !== undefined && { language: poll.language }),
        createdAt: poll.createdAt,
        updatedAt: poll.updatedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const optionIds = poll.options.map((o) => o.id);
    const optionsFree = (await keepable(tx, 'pollOptions', optionIds, keep.options)) && (await db.selectFrom('pollOptions').select('id').where('id', 'in', optionIds).executeTakeFirst()) === undefined;
    const firstNew = optionsFree ? 0 : await idAbove(tx, 'pollOptions', keep.optionId);
    await db
      .insertInto('pollOptions')
      .values(poll.options.map((o, position) => ({ id: optionsFree ? o.id : firstNew + position, pollId: row.id, position, label: o.label })))
      .execute();
    await sequencePastExplicitIds(tx, 'polls');
    await sequencePastExplicitIds(tx, 'poll_options');
    await markCurrent(tx, row.id, poll.current);
    return (await getPoll(tx, row.id))!;
  });
}

/**
 * Brings a poll an earlier restore made up to date with a later export of it: its question, state, dates
 * and times. Its answers are renamed in place, position by position; answers added or removed on the old
 * site replace these only while nobody has voted here (false is answered otherwise, and they are left).
 * For restoring an export only.
 */
export async function updatePollFromExport(handle: Db, id: number, poll: Omit<PollFromExport, 'id'>): Promise<{ poll: Poll; answersKept: boolean }> {
  return withTransaction(handle, async (tx) => {
    const { db } = tx;
    await db
      .updateTable('polls')
      .set({
        question: poll.question,
        maxChoices: poll.maxChoices,
        status: poll.status,
        resultsPolicy: poll.resultsPolicy,
        opensAt: poll.opensAt,
        closesAt: poll.closesAt,
        ...(poll.language !== undefined && { language: poll.language }),
        createdAt: poll.createdAt,
        updatedAt: poll.updatedAt,
      })
      .where('id', '=', id)
      .execute();
    const current = (await getPoll(tx, id))!;
    let answersKept = false;
    if (current.options.length === poll.options.length) {
      for (const [position, option] of current.options.entries()) {
        await db.updateTable('pollOptions').set({ label: poll.options[position]!.label }).where('id', '=', option.id).execute();
      }
    } else if ((await recountOwnBallots(tx, id)).voters === 0) {
      // Only readers here hold answers in place: the old site's own ballots go with its old answers, and
      // come again with the export's (restorePollVotesFromExport, insertBallotsFromExport).
      await deleteRestoredBallots(tx, id);
      await db.deleteFrom('pollOptions').where('pollId', '=', id).execute();
      await db
        .insertInto('pollOptions')
        .values(poll.options.map((o, position) => ({ pollId: id, position, label: o.label })))
        .execute();
    } else answersKept = true;
    await markCurrent(tx, id, poll.current);
    return { poll: (await getPoll(tx, id))!, answersKept };
  });
}

/**
 * Sets a restored poll's tallies: the old site's counts (`votesByOption`, by option id here), plus what
 * readers here have voted since. Ballots an earlier restore brought are removed first; an export's own
 * ballots come after, through insertBallotsFromExport, which leaves the tallies alone. For restoring an
 * export only: every other vote goes through the ballot box.
 */
export async function restorePollVotesFromExport(handle: Db, pollId: number, counts: { voters: number; votesByOption: Map<number, number> }): Promise<void> {
  await withTransaction(handle, async (tx) => {
    await deleteRestoredBallots(tx, pollId);
    const own = await recountOwnBallots(tx, pollId);
    await tx.db
      .updateTable('polls')
      .set({ voters: counts.voters + own.voters })
      .where('id', '=', pollId)
      .execute();
    const options = await tx.db.selectFrom('pollOptions').select('id').where('pollId', '=', pollId).execute();
    for (const { id } of options) {
      await tx.db
        .updateTable('pollOptions')
        .set({ votes: (counts.votesByOption.get(id) ?? 0) + (own.byOption.get(id) ?? 0) })
        .where('id', '=', id)
        .execute();
    }
  });
}

/**
 * Adds ballots an export kept (when each was cast and what it chose; never who cast it) to a restored
 * poll, each under a voter key of its own (`export:<ordinal>`). The tallies are left as
 * restorePollVotesFromExport set them. For restoring an export only.
 */
export async function insertBallotsFromExport(handle: Db, pollId: number, ballots: Array<{ ordinal: number; castAt: string; optionIds: number[] }>): Promise<void> {
  if (ballots.length === 0) return;
  await withTransaction(handle, async ({ db }) => {
    const rows = await db
      .insertInto('pollBallots')
      .values(ballots.map((b) => ({ pollId, voter: `${restoredVoterPrefix}${b.ordinal}`, castAt: b.castAt })))
      .returning(['id', 'voter'])
      .execute();
    const idOf = new Map(rows.map((r) => [r.voter, r.id]));
    const choices = ballots.flatMap((b) => [...new Set(b.optionIds)].map((optionId) => ({ ballotId: idOf.get(`${restoredVoterPrefix}${b.ordinal}`)!, pollId, optionId })));
    if (choices.length) await db.insertInto('pollChoices').values(choices).execute();
  });
}
