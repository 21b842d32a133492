import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../schema.ts';
import type { SendHtmlOptions } from '../http/pages.ts';
import { readCookie } from '../http/signed-cookie.ts';
import { getOrCreateSigningSecret } from '../site/store.ts';
import { formatLongDate } from '../views/format.ts';
import { pollResults, resultsVisible } from './present.ts';
import { countVotes, getCurrentPoll, getLatestClosedPoll, hasVoted, type Poll } from './store.ts';
import { voterKeyOf } from './voter.ts';
import { NoPoll, PollBlock } from './views.tsx';

/** Lists the polls a reader has answered, so that cached pages showing their forms pass them by. */
export const VOTED_COOKIE = 'rostrum_voted';

const secrets = new WeakMap<Db, Promise<string>>();
export function signingSecret(handle: Db): Promise<string> {
  let secret = secrets.get(handle);
  if (!secret) secrets.set(handle, (secret = getOrCreateSigningSecret(handle)));
  return secret;
}

export function votedPollIds(cookieHeader: string | undefined): number[] {
  const value = readCookie(cookieHeader, VOTED_COOKIE) ?? '';
  return value.split('-').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
}

/** For the page cache: a page marked with a poll this reader answered is rendered for them afresh. */
export function bypassForVoters(cookieHeader: string, marks: string[]): boolean {
  const voted = votedPollIds(cookieHeader);
  return voted.some((id) => marks.includes(`poll:${id}`));
}

const notices: Record<string, string> = {
  counted: 'Thank you: your vote is counted.',
  repeat: 'You have already voted in this poll.',
  closed: 'This poll is closed.',
  not_open: 'This poll has not opened yet.',
  too_many: 'You chose more answers than this poll allows.',
  unknown_option: 'Please choose one of the answers.',
  no_choice: 'Please choose an answer.',
};

export function noticeFor(outcome: string): string | undefined {
  return Object.hasOwn(notices, outcome) ? notices[outcome] : undefined;
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
  const query = request.query as { poll?: string; vote?: string };
  const nodes: VNode[] = [];
  const cache: SendHtmlOptions = { marks: [] };
  if (current) {
    const voter = voterKeyOf(request, await signingSecret(handle));
    const voted = voter ? await hasVoted(handle, current.id, voter) : false;
    const showResults = voted && resultsVisible(current, true);
    const results = pollResults(current, showResults ? await countVotes(handle, current.id) : { voters: 0, byOption: new Map() });
    const notice = query.poll === String(current.id) && query.vote ? noticeFor(query.vote) : undefined;
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
