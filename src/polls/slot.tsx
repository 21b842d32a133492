import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../schema.ts';
import type { SendHtmlOptions } from '../http/pages.ts';
import { requestedEdition } from '../http/editions.ts';
import { memoPerGeneration, memoPerHandle } from '../http/generation-memo.ts';
import { defaultLanguageOf, editionFilter, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { conductedResults, pollResults, resultsVisible } from './present.ts';
import { countVotes, effectiveStatus, getCurrentPoll, getLatestClosedPoll, getPoll, hasVoted, nextPollChange, type Poll } from './store.ts';
import { voterKeyOf } from './voter.ts';
import { getSiteSettings, signingSecrets } from '../site/store.ts';
import { NoPoll, PollBlock } from './views.tsx';
import { isVoteNotice, type VoteNotice } from './notices.ts';

/**
 * The notice for a reader sent back after voting (`?poll=ID&vote=OUTCOME`), when it is about this poll;
 * the page says it in its own language. "Counted" and "already voted" are shown only to a reader who
 * has in fact voted, so that a link with the parameters cannot put words in the site's mouth.
 */
export function noticeFromQuery(request: FastifyRequest, pollId: number, voted: boolean): VoteNotice | undefined {
  const query = request.query as { poll?: string; vote?: string };
  if (query.poll !== String(pollId) || typeof query.vote !== 'string' || !isVoteNotice(query.vote)) return undefined;
  if ((query.vote === 'counted' || query.vote === 'repeat') && !voted) return undefined;
  return query.vote;
}

/**
 * What one reader sees of a poll: whether they have voted, and the results when they may see them. A
 * reader who may still vote in an open poll gets the form, so their results are not counted.
 */
export async function readerView(handle: Db, poll: Poll, request: FastifyRequest) {
  const voter = voterKeyOf(request, await signingSecrets(handle));
  const voted = voter ? await hasVoted(handle, poll.id, voter) : false;
  const showResults = resultsVisible(poll, voted) && (voted || effectiveStatus(poll) !== 'open');
  const results = pollResults(poll, showResults ? await countVotes(handle, poll.id) : { voters: 0, byOption: new Map() });
  return { voted, showResults, results };
}

export interface PollSlot {
  nodes: VNode[];
  cache: SendHtmlOptions;
}

/** The edition a page is in, as pollSlot needs it: its language and the site's editions (a page's `site.locale` will do). */
export interface PageEdition {
  language: EditionLanguage;
  editions: Editions;
}

/** The site's editions, read once per content generation (a change of the site's languages moves it on). */
const siteEditions = memoPerHandle((handle: Db) => memoPerGeneration(async (): Promise<Editions> => ({ languages: (await getSiteSettings(handle)).languages })));

/** The edition a request's page is in: the one its address names (`/ru/…`), else the default. */
export async function pageEditionOf(handle: Db, request: FastifyRequest): Promise<PageEdition> {
  const editions = await siteEditions(handle)(request.cacheGeneration);
  const named = requestedEdition(request);
  return { language: named && editions.languages.includes(named) ? named : defaultLanguageOf(editions), editions };
}

/**
 * The poll part of a page: the poll readers are asked (the article's own poll while it is open, else the
 * current poll of the page's edition; a form for a reader who may vote, results for one who has) and
 * "Poll conducted" (the article's own poll once it has closed, else the edition's poll that closed last).
 * The edition is the request's (`/ru/…` is the Russian one) unless the page names it. Cached copies carry
 * only forms and closed results, which no vote changes; a reader who has voted gets the page made for them.
 * The nodes speak the language of the page they are rendered in (renderDocument's locale).
 */
export async function pollSlot(handle: Db, request: FastifyRequest, idPrefix: string, ownPollId: number | null = null, page?: PageEdition): Promise<PollSlot> {
  const edition = page ?? (await pageEditionOf(handle, request));
  const [own, { site, latestClosed, change }] = await Promise.all([publicPoll(handle, ownPollId), editionPolls(handle, edition, request.cacheGeneration)]);
  const ownStatus = own && effectiveStatus(own);
  const asked = ownStatus === 'open' ? own : site.poll;
  const conducted = ownStatus === 'closed' ? own : latestClosed;
  const nodes: VNode[] = [];
  const cache = pollPageCache(change);
  if (asked) nodes.push(await askedPollBlock(handle, request, asked, `${idPrefix}-current`, cache));
  if (conducted) nodes.push(await conductedBlock(handle, conducted, idPrefix));
  else nodes.push(<NoPoll headingId={`${idPrefix}-conducted`} />);
  return { nodes, cache };
}

/**
 * How a page with polls on it may be cached: no longer than the next moment any poll opens or closes by
 * its schedule (that changes the poll asked, "Poll conducted" and the archive alike).
 */
export function pollPageCache(nextChange: string | undefined): SendHtmlOptions {
  return { marks: [], ...(nextChange && { expiresAt: Date.parse(nextChange) }) };
}

/**
 * An open poll as one reader sees it: the form, or the results once they have voted. Notes on `cache`
 * what the page's caching must respect: the poll's mark, and a page made for a reader who has voted.
 */
export async function askedPollBlock(handle: Db, request: FastifyRequest, poll: Poll, headingId: string, cache: SendHtmlOptions): Promise<VNode> {
  const { voted, showResults, results } = await readerView(handle, poll, request);
  (cache.marks ??= []).push(`poll:${poll.id}`);
  if (voted) cache.cacheable = false;
  const notice = noticeFromQuery(request, poll.id, voted);
  return <PollBlock heading="poll.asked" headingId={headingId} results={results} showForm={!voted} showResults={showResults} notice={notice} />;
}

interface EditionPolls {
  site: Awaited<ReturnType<typeof getCurrentPoll>>;
  latestClosed: Poll | undefined;
  /** The next moment a poll opens or closes by its schedule. */
  change: string | undefined;
}

/**
 * The polls every page of an edition shows alike (its current poll, the one conducted last), read once
 * per content generation and edition: poll commands move the generation on, and the answer is read
 * afresh once the next scheduled opening or closing has come, since that changes it without any
 * command. Votes change neither (results are counted per page).
 */
const pollsPerEdition = memoPerHandle((handle: Db) => {
  const memos = new Map<string, (generation: number | undefined) => Promise<EditionPolls>>();
  return (edition: PageEdition) => {
    const key = `${edition.language}:${edition.editions.languages.join(',')}`;
    let memo = memos.get(key);
    if (!memo) {
      const filter = editionFilter(edition.editions, edition.language);
      memo = memoPerGeneration(
        async (): Promise<EditionPolls> => {
          const [site, latestClosed, change] = await Promise.all([getCurrentPoll(handle, filter), getLatestClosedPoll(handle, filter), nextPollChange(handle)]);
          return { site, latestClosed, change };
        },
        ({ change }) => (change ? Date.parse(change) : Infinity),
      );
      memos.set(key, memo);
    }
    return memo;
  };
});

const editionPolls = (handle: Db, edition: PageEdition, generation: number | undefined) => pollsPerEdition(handle)(edition)(generation);

/** A poll readers may see: any but a draft. */
async function publicPoll(handle: Db, id: number | null): Promise<Poll | undefined> {
  const poll = id === null ? undefined : await getPoll(handle, id);
  return poll && poll.status !== 'draft' ? poll : undefined;
}

async function conductedBlock(handle: Db, poll: Poll, idPrefix: string): Promise<VNode> {
  const { results, closedAt } = await conductedResults(handle, poll);
  return <PollBlock heading="poll.conducted" headingId={`${idPrefix}-conducted`} results={results} showForm={false} showResults closedAt={closedAt} />;
}
