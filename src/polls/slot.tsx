import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../schema.ts';
import type { SendHtmlOptions } from '../http/pages.ts';
import { formatLongDate } from '../views/format.ts';
import { pollResults, resultsVisible } from './present.ts';
import { countVotes, effectiveStatus, getCurrentPoll, getLatestClosedPoll, hasVoted, type Poll } from './store.ts';
import { signingSecret, voterKeyOf } from './voter.ts';
import { NoPoll, PollBlock } from './views.tsx';

const notices: Record<string, string> = {
  counted: 'Thank you: your vote is counted.',
  repeat: 'You have already voted in this poll.',
  closed: 'This poll is closed.',
  not_open: 'This poll has not opened yet.',
  too_many: 'You chose more answers than this poll allows.',
  unknown_option: 'Please choose one of the answers.',
  no_choice: 'Please choose an answer.',
};

/** The message for a reader sent back after voting (`?poll=ID&vote=OUTCOME`), when it is about this poll. */
export function noticeFromQuery(request: FastifyRequest, pollId: number): string | undefined {
  const query = request.query as { poll?: string; vote?: string };
  if (query.poll !== String(pollId) || typeof query.vote !== 'string') return undefined;
  return Object.hasOwn(notices, query.vote) ? notices[query.vote] : undefined;
}

/**
 * What one reader sees of a poll: whether they have voted, and the results when they may see them. A
 * reader who may still vote in an open poll gets the form, so their results are not counted.
 */
export async function readerView(handle: Db, poll: Poll, request: FastifyRequest) {
  const voter = voterKeyOf(request, await signingSecret(handle));
  const voted = voter ? await hasVoted(handle, poll.id, voter) : false;
  const showResults = resultsVisible(poll, voted) && (voted || effectiveStatus(poll) !== 'open');
  const results = pollResults(poll, showResults ? await countVotes(handle, poll.id) : { voters: 0, byOption: new Map() });
  return { voted, showResults, results };
}

export interface PollSlot {
  nodes: VNode[];
  cache: SendHtmlOptions;
}

/**
 * The poll part of a page: the current poll (a form for a reader who may vote, results for one who has)
 * and "Poll conducted" with the results of the poll that closed last. Cached copies carry only forms and
 * closed results, which no vote changes; a reader who has voted gets the page made for them.
 */
export async function pollSlot(handle: Db, request: FastifyRequest, idPrefix: string): Promise<PollSlot> {
  const [{ poll: current, opensAt }, conducted] = await Promise.all([getCurrentPoll(handle), getLatestClosedPoll(handle)]);
  const nodes: VNode[] = [];
  const cache: SendHtmlOptions = { marks: [] };
  if (current) {
    const { voted, showResults, results } = await readerView(handle, current, request);
    const notice = noticeFromQuery(request, current.id);
    nodes.push(<PollBlock heading="Reader poll" headingId={`${idPrefix}-current`} results={results} showForm={!voted} showResults={showResults} message={notice} />);
    cache.marks!.push(`poll:${current.id}`);
    if (voted) cache.cacheable = false;
    if (current.closesAt) cache.maxAgeMs = Math.max(0, Date.parse(current.closesAt) - Date.now());
  }
  // A page made before the current poll opens must not outlive the moment it opens.
  if (opensAt) cache.maxAgeMs = Math.max(0, Date.parse(opensAt) - Date.now());
  if (conducted) nodes.push(await conductedBlock(handle, conducted, idPrefix));
  else nodes.push(<NoPoll heading="Poll conducted" headingId={`${idPrefix}-conducted`} text="No reader poll has been conducted yet." />);
  return { nodes, cache };
}

async function conductedBlock(handle: Db, poll: Poll, idPrefix: string): Promise<VNode> {
  const results = pollResults(poll, await countVotes(handle, poll.id));
  const closedOn = formatLongDate(poll.closesAt && poll.closesAt < poll.updatedAt ? poll.closesAt : poll.updatedAt);
  return <PollBlock heading="Poll conducted" headingId={`${idPrefix}-conducted`} results={results} showForm={false} showResults closedOn={closedOn} />;
}
