import { z } from 'zod';
import type { Db } from '../schema.ts';
import { notFound } from '../core/refusals.ts';
import { positiveId } from '../http/schemas.ts';
import { roundedPercentages } from './results.ts';
import { closedAtOf, countVotes, effectiveStatus, getPoll, type Poll, type PollChanges, type PollCounts } from './store.ts';
import { editionOf, editionPrefix, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';

/** A poll's own page, under an edition's prefix (`/ru`) when given: `/ru/polls/12`. */
export const pollPath = (id: number, prefix = '') => `${prefix}/polls/${id}`;

/** The edition a poll is read in: its language's, or the default one when the site has no edition in its language. */
export const pollEdition = (editions: Editions, poll: { language: string }): EditionLanguage => editionOf(editions, poll.language);

/** A poll's own page in its edition: `/polls/12` for a poll in the default language, `/ru/polls/12` for a Russian one beside it. */
export const pollPathIn = (editions: Editions, poll: { id: number; language: string }) => pollPath(poll.id, editionPrefix(editions, pollEdition(editions, poll)));

/** Two options that read the same (ignoring case and spacing) would split one answer's votes. */
export function hasDistinctLabels(labels: string[]): boolean {
  const normal = labels.map((l) => l.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en'));
  return new Set(normal).size === normal.length;
}

/** The results as the public API and the pages give them: counts, percentages that add up to 100, voters. */
export function pollResults(poll: Poll, counts: PollCounts) {
  const votes = poll.options.map((o) => counts.byOption.get(o.id) ?? 0);
  const percents = roundedPercentages(votes);
  return {
    id: poll.id,
    question: poll.question,
    language: poll.language,
    status: effectiveStatus(poll),
    max_choices: poll.maxChoices,
    opens_at: poll.opensAt,
    closes_at: poll.closesAt,
    total: counts.voters,
    options: poll.options.map((o, i) => ({ id: o.id, label: o.label, votes: votes[i]!, percent: percents[i]! })),
  };
}

/** Whether results may be shown now to a reader who has (or has not) voted. */
export function resultsVisible(poll: Poll, voted: boolean): boolean {
  if (poll.resultsPolicy === 'always') return true;
  if (poll.resultsPolicy === 'after_vote') return voted || effectiveStatus(poll) === 'closed';
  return effectiveStatus(poll) === 'closed';
}

const idParams = z.object({ id: positiveId });

/** The id of the poll an address names (`.../polls/:id`); a malformed one names no poll (404). */
export function pollIdParam(params: unknown): number {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw notFound('There is no such poll');
  return parsed.data.id;
}

/** How a poll is read by id: from the database, or through a memo of it (see the vote route). */
export type PollReader = (id: number) => Promise<Poll | undefined>;

/** The poll an address names (`.../polls/:id`), drafts included; unknown and malformed ids are 404. */
export async function findPoll(handle: Db, params: unknown, readPoll: PollReader = (id) => getPoll(handle, id)): Promise<Poll> {
  const poll = await readPoll(pollIdParam(params));
  if (!poll) throw notFound('There is no such poll');
  return poll;
}

/** The poll a public address names (`/polls/:id...`): a draft is 404 too. */
export async function findPublicPoll(handle: Db, params: unknown, readPoll?: PollReader): Promise<Poll> {
  const poll = await findPoll(handle, params, readPoll);
  if (poll.status === 'draft') throw notFound('There is no such poll');
  return poll;
}

/** A conducted poll's results and when it closed (the page writes the day in its own language), as "Poll conducted" and the archive show them. */
export async function conductedResults(handle: Db, poll: Poll) {
  return { results: pollResults(poll, await countVotes(handle, poll.id)), closedAt: closedAtOf(poll) };
}

/**
 * What is wrong with editing a poll so, if anything. Once readers have voted, what they answered (the
 * question, the answers, the number of choices) stays as it was; a closed poll's dates are its record;
 * and the schedule and the choice limit must fit together. updatePoll (commands.ts) asks this.
 */
export function pollChangeProblem(poll: Poll, changes: PollChanges): { field: string; message: string; conflict?: true } | undefined {
  if (poll.voters > 0) {
    const frozen = (['question', 'options', 'maxChoices'] as const).find((key) => changes[key] !== undefined);
    if (frozen) return { field: apiFieldOf[frozen], message: 'readers have voted on the poll as it stands; this can no longer change', conflict: true };
  }
  if (effectiveStatus(poll) === 'closed' && (changes.opensAt !== undefined || changes.closesAt !== undefined)) {
    return { field: changes.closesAt !== undefined ? 'closes_at' : 'opens_at', message: 'a closed poll keeps the dates it ran; open it again first', conflict: true };
  }
  if (changes.options && !hasDistinctLabels(changes.options)) return { field: 'options', message: 'two options read the same' };
  const opensAt = changes.opensAt !== undefined ? changes.opensAt : poll.opensAt;
  const closesAt = changes.closesAt !== undefined ? changes.closesAt : poll.closesAt;
  if (opensAt && closesAt && closesAt <= opensAt) return { field: 'closes_at', message: 'must come after opens_at' };
  const optionCount = changes.options?.length ?? poll.options.length;
  if ((changes.maxChoices ?? poll.maxChoices) > optionCount) return { field: 'max_choices', message: `must be at most the number of options (${optionCount})` };
  return undefined;
}

const apiFieldOf = { question: 'question', options: 'options', maxChoices: 'max_choices' } as const;

/** New answers for a poll that let readers choose them all keep letting them, however many there are now. */
export function withChoiceLimit(poll: Poll, changes: PollChanges): PollChanges {
  if (!changes.options || changes.maxChoices !== undefined || poll.maxChoices < poll.options.length) return changes;
  return { ...changes, maxChoices: poll.maxChoices === 1 ? 1 : changes.options.length };
}
