import { z } from 'zod';
import type { Db } from '../schema.ts';
import type { Actor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import { conflict, invalid, notFound, parseInput, Refusal, type RefusalKind } from '../core/refusals.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import type { AuditEvent } from '../audit/store.ts';
import { getSiteSettings } from '../site/store.ts';
import { pollAnswerListField, pollQuestionField } from './fields.ts';
import { pollPermissions } from './policies.ts';
import { hasDistinctLabels, pollChangeProblem, withChoiceLimit } from './present.ts';
import type { RateDecision } from './rate-limit.ts';
import {
  ballotProblem,
  createPoll as insertPoll,
  deletePoll as removePoll,
  getPoll,
  insertPollFromExport,
  PollHasVotes,
  recordVote,
  restorePollVotesFromExport,
  setCurrentPoll,
  setPollStatus,
  updatePoll as storePollChanges,
  updatePollFromExport,
  VoteRefused,
  type Poll,
  type PollChanges,
  type ExportedIds,
  type PollCounts,
  type PollFromExport,
  type VoteRefusal,
} from './store.ts';
import type { PollStatus, ResultsPolicy } from './tables.ts';

/**
 * Every change to a poll, from the API (routes.tsx), the office (admin.tsx) and the command line
 * (src/cli/poll.ts): each command checks the permission (policies.ts), validates, writes in one
 * transaction with its audit entry, and tells every process that readers' pages changed. The entry
 * points only translate their input and the outcome.
 */

/** A new poll, as an entry point has read it (the API's `multiple` is already a `maxChoices`). */
export interface NewPollInput {
  question: string;
  options: string[];
  maxChoices: number;
  status?: 'draft' | 'open';
  resultsPolicy?: ResultsPolicy;
  opensAt?: string | null;
  closesAt?: string | null;
  /** One of the site's languages; the site's default language when not given. */
  language?: string;
  /** Make it the current poll of its language's edition at once (`rostrum poll create --current`). */
  current?: boolean;
}

/** What one request changes in a poll: its settings, its state, whether it is current. */
export interface PollUpdate {
  changes?: PollChanges;
  status?: PollStatus;
  current?: true;
}

const pollText = z.object({ question: pollQuestionField, options: pollAnswerListField('options') });

/** The rules every new poll keeps, whichever entry point's own schema it passed first. */
function checkedNewPoll(input: NewPollInput): NewPollInput {
  const { question, options } = parseInput(pollText, { question: input.question, options: input.options });
  if (!hasDistinctLabels(options)) throw invalid('two options read the same', 'options');
  if (input.opensAt && input.closesAt && input.closesAt <= input.opensAt) throw invalid('must come after opens_at', 'closes_at');
  if (!Number.isInteger(input.maxChoices) || input.maxChoices < 1) throw invalid('must be a whole number from 1', 'max_choices');
  if (input.maxChoices > options.length) throw invalid('more than the number of options', 'max_choices');
  return { ...input, question, options };
}

const pollEvent = (action: string, poll: { id: number; question: string }, detail?: string): AuditEvent => ({
  action,
  subject: { kind: 'poll', id: poll.id, label: poll.question },
  detail,
});

/** The audit log names what changed in the office's words. */
const changeWords: Record<keyof PollChanges, string> = {
  question: 'question',
  options: 'answers',
  maxChoices: 'choices per reader',
  opensAt: 'opening time',
  closesAt: 'closing time',
  resultsPolicy: 'results shown',
  language: 'language',
};

/** The site's languages, the default first. */
async function siteLanguages(handle: Db): Promise<string[]> {
  return (await getSiteSettings(handle)).languages;
}

/**
 * The language a poll is asked in, when it is one of the site's (an edition readers can find it in). Tags
 * are compared as written: `RU` or `ru-RU` is not a language the site has.
 */
function checkedLanguage(language: unknown, languages: string[]): string {
  if (typeof language !== 'string' || !languages.includes(language)) throw invalid(`must be one of the site’s languages: ${languages.join(', ')}`, 'language');
  return language;
}

const votesRemoved = (voters: number) => `${voters} ${voters === 1 ? 'vote' : 'votes'} removed`;

async function existingPoll(handle: Db, pollId: number): Promise<Poll> {
  const poll = await getPoll(handle, pollId);
  if (!poll) throw notFound('There is no such poll');
  return poll;
}

export async function createPoll(ctx: CommandContext, actor: Actor, input: NewPollInput): Promise<Poll> {
  requirePermission(pollPermissions, actor, 'create');
  const { current, ...poll } = checkedNewPoll(input);
  const languages = await siteLanguages(ctx.handle);
  const language = input.language === undefined ? languages[0]! : checkedLanguage(input.language, languages);
  return commit(ctx, actor, async (tx) => {
    const created = await insertPoll(tx, { ...poll, language, status: poll.status ?? 'draft' });
    // Said when someone chose it, or where there is a choice: a one-language site's entries read as before.
    const languageNamed = input.language !== undefined || languages.length > 1;
    const audit = [pollEvent('poll.create', created, languageNamed ? `Language: ${language}` : undefined)];
    if (current) {
      await setCurrentPoll(tx, created.id);
      audit.push(pollEvent('poll.current', created));
    }
    return { result: (await getPoll(tx, created.id))!, audit, announce: true };
  });
}

/**
 * Edits a poll and sets its state, all in one transaction. Once readers have voted, what they answered
 * stays as it was, and a closed poll keeps the dates it ran (conflict); the answers are replaced only
 * while nobody has voted, which the store checks again in the transaction, against a vote landing now.
 */
export async function updatePoll(ctx: CommandContext, actor: Actor, pollId: number, update: PollUpdate): Promise<Poll> {
  requirePermission(pollPermissions, actor, 'update');
  const languages = update.changes?.language === undefined ? [] : await siteLanguages(ctx.handle);
  return commit(ctx, actor, async (tx) => {
    const poll = await existingPoll(tx, pollId);
    const asked = update.changes ?? {};
    // The same language again is no change (the office's form sends it with every save).
    const { language: newLanguage, ...others } = asked;
    const changes = withChoiceLimit(poll, newLanguage === undefined || newLanguage === poll.language ? others : { ...others, language: checkedLanguage(newLanguage, languages) });
    const problem = pollChangeProblem(poll, changes);
    if (problem) throw problem.conflict ? conflict(problem.message, problem.field) : invalid(problem.message, problem.field);
    const audit: AuditEvent[] = [];
    const label = { id: poll.id, question: changes.question ?? poll.question };
    const changed = Object.keys(changes) as Array<keyof PollChanges>;
    if (changed.length > 0) {
      await storePollChanges(tx, poll.id, changes).catch((err: unknown) => {
        throw err instanceof PollHasVotes ? conflict('a reader voted just now; the answers can no longer be replaced', 'options') : err;
      });
      const words = changed.map((key) => (key === 'language' ? `${changeWords.language} (${poll.language} → ${changes.language})` : changeWords[key]));
      audit.push(pollEvent('poll.update', label, `Changed: ${words.join(', ')}`));
    }
    if (update.status) {
      if (!(await setPollStatus(tx, poll.id, update.status))) throw notFound('There is no such poll');
      // Back to draft has no action of its own: the office offers no button for it.
      audit.push(update.status === 'draft' ? pollEvent('poll.update', label, 'Status: draft') : pollEvent(update.status === 'open' ? 'poll.open' : 'poll.close', label));
    }
    if (update.current) {
      await setCurrentPoll(tx, poll.id);
      audit.push(pollEvent('poll.current', label));
    }
    return { result: await existingPoll(tx, poll.id), audit, announce: audit.length > 0 };
  });
}

export const openPoll = (ctx: CommandContext, actor: Actor, pollId: number) => updatePoll(ctx, actor, pollId, { status: 'open' });
export const closePoll = (ctx: CommandContext, actor: Actor, pollId: number) => updatePoll(ctx, actor, pollId, { status: 'closed' });
/** Any poll may be made current (in its language's edition: each has its own); readers are asked it only while it is open. */
export const makePollCurrent = (ctx: CommandContext, actor: Actor, pollId: number) => updatePoll(ctx, actor, pollId, { current: true });

/** Deletes a poll and its votes; articles that carried it show the current poll again. Answers the poll as it was. */
export async function deletePoll(ctx: CommandContext, actor: Actor, pollId: number): Promise<Poll> {
  requirePermission(pollPermissions, actor, 'delete');
  return commit(ctx, actor, async (tx) => {
    const poll = await existingPoll(tx, pollId);
    if (!(await removePoll(tx, poll.id))) throw notFound('There is no such poll');
    return { result: poll, audit: pollEvent('poll.delete', poll, votesRemoved(poll.voters)), announce: true };
  });
}

// ---------------------------------------------------------------------------------------------------
// Votes.

/** What casting a vote needs: the database, and the limit on votes per network (rate-limit.ts). */
export interface BallotContext {
  handle: Db;
  allowVoteFrom(ip: string): Promise<RateDecision>;
}

export interface BallotInput {
  /** The poll as the reader's request found it (a draft is no poll to readers). */
  poll: Poll;
  optionIds: number[];
  /** Where the vote came from, for the rate limit. */
  ip: string;
  /** The reader's voter key, asked only once the ballot is within the rate limit: a request refused by it gets no voter cookie. */
  voter(): Promise<string>;
}

/** Why a ballot was not counted, by the code the API and the page's notices use (notices.ts). */
export type BallotRefusalCode = VoteRefusal | 'rate_limited';

/** A refused ballot: a refusal like any other, which also carries the code readers' pages show. */
export class BallotRefused extends Refusal {
  constructor(
    readonly code: BallotRefusalCode,
    kind: RefusalKind,
    reason: string,
    field?: string,
    retryAfterSeconds?: number,
  ) {
    super(kind, reason, field, retryAfterSeconds);
  }
}

const ballotRefusals: Record<VoteRefusal, { kind: RefusalKind; reason: string; field?: string }> = {
  unknown_poll: { kind: 'not_found', reason: 'There is no such poll' },
  not_open: { kind: 'conflict', reason: 'This poll has not opened yet' },
  closed: { kind: 'conflict', reason: 'This poll is closed' },
  repeat: { kind: 'conflict', reason: 'You have already voted in this poll' },
  unknown_option: { kind: 'invalid', reason: 'this poll has no such option', field: 'option' },
  too_many: { kind: 'invalid', reason: 'too many choices for this poll', field: 'option' },
  no_choice: { kind: 'invalid', reason: 'choose an answer', field: 'option' },
};

const ballotRefused = (code: VoteRefusal) => {
  const { kind, reason, field } = ballotRefusals[code];
  return new BallotRefused(code, kind, reason, field);
};

/**
 * Casts a reader's vote: within the network's allowance (every well-formed ballot counts against it,
 * refused or not), in a poll open now, with choices the poll allows; then into the ballot box, which
 * writes ballots in batches and decides repeats in the database (ballot-box.ts).
 *
 * Votes are anonymous and come by the thousand: no audit entry is written per vote (the log is for
 * what editors and administrators do, and would otherwise hold mostly votes), and no caches are
 * dropped, since results are read fresh (no-store).
 */
export async function castVote(ctx: BallotContext, ballot: BallotInput): Promise<PollCounts> {
  const rate = await ctx.allowVoteFrom(ballot.ip);
  if (!rate.allowed) {
    throw new BallotRefused('rate_limited', 'rate_limited', 'Too many votes have come from your network in the last few minutes; try again later', undefined, rate.retryAfterSeconds);
  }
  const voter = await ballot.voter();
  const problem = ballotProblem(ballot.poll, ballot.optionIds);
  if (problem) throw ballotRefused(problem);
  return recordVote(ctx.handle, ballot.poll, voter, ballot.optionIds).catch((err: unknown) => {
    throw err instanceof VoteRefused ? ballotRefused(err.reason) : err;
  });
}

// ---------------------------------------------------------------------------------------------------
// Restoring an export of another Rostrum.

/** A poll from an export, as `rostrum import rostrum` gives it. */
export interface PollRestore {
  /** The poll an earlier import made from this one, to bring up to date; absent to make it. */
  existingId?: number;
  poll: PollFromExport;
  /** How many readers had voted on the old site, and the votes of each answer there, in the answers' order. */
  voters: number;
  votesByPosition: number[];
  /** The highest poll and answer ids in the export, and how many: a poll whose id is taken here gets one above them (see insertPollFromExport). */
  keep: ExportedIds;
}

/**
 * Makes a poll from an export of another Rostrum, or brings the one an earlier import made up to date:
 * its old id when free (see insertPollFromExport), its state, dates and times, which poll is current, and
 * its tallies (the export's ballots, when it has them, follow through insertBallotsFromExport). One
 * transaction and one audit entry, like any other change to a poll. Answers that the old site changed
 * after readers here voted are kept (`answersKept`), and so are the tallies then.
 */
export async function restoreExportedPoll(ctx: CommandContext, actor: Actor, input: PollRestore): Promise<{ poll: Poll; answersKept: boolean }> {
  requirePermission(pollPermissions, actor, input.existingId === undefined ? 'create' : 'update');
  const { question, options } = parseInput(pollText, { question: input.poll.question, options: input.poll.options.map((o) => o.label) });
  if (!hasDistinctLabels(options)) throw invalid('two options read the same', 'options');
  if (!Number.isInteger(input.poll.maxChoices) || input.poll.maxChoices < 1 || input.poll.maxChoices > options.length)
    throw invalid('must be a whole number from 1 to the number of options', 'max_choices');
  const poll = { ...input.poll, question, options: input.poll.options.map((o, i) => ({ id: o.id, label: options[i]! })) };
  return commit(ctx, actor, async (tx) => {
    const restored = input.existingId === undefined ? { poll: await insertPollFromExport(tx, poll, input.keep), answersKept: false } : await updatePollFromExport(tx, input.existingId, poll);
    if (!restored.answersKept) {
      const votesByOption = new Map(restored.poll.options.map((o, position) => [o.id, input.votesByPosition[position] ?? 0]));
      await restorePollVotesFromExport(tx, restored.poll.id, { voters: input.voters, votesByOption });
    }
    const detail = `restored from an export; ${input.voters} ${input.voters === 1 ? 'voter' : 'voters'} there`;
    const audit = pollEvent(input.existingId === undefined ? 'poll.create' : 'poll.update', restored.poll, detail);
    return { result: { poll: (await getPoll(tx, restored.poll.id))!, answersKept: restored.answersKept }, audit, announce: true };
  });
}
