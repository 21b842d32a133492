import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { errorBody, toHttpError } from '../http/errors.ts';
import { readerOf } from '../db/connect.ts';
import { forbidden } from '../core/refusals.ts';
import { cumulativeVoters, dayOfEpochDay, epochDay } from './chart.tsx';
import { percentRoundedDown, percentRoundedUp, shareOfVoters } from './evidence.tsx';
import { findPublicPoll, pollResults, resultsVisible } from './present.ts';
import { countVotes, hasVoted, votesPerDay, type Poll, type PollCounts, type PollDay } from './store.ts';
import { voterKeyOf } from './voter.ts';
import { signingSecrets } from '../site/store.ts';
import type { PollResults } from './views.tsx';
import { csvText } from './csv.ts';

/*
 * A poll's results and its votes per day as CSV and JSON, for readers who want to check or reuse them.
 * Counts only: no voter key, no ballot id, no time finer than a UTC day.
 */

/** A percentage with one decimal, half rounded up, worked from the integers so that no float error moves it. */
const percentOneDecimal = (votes: number, voters: number) => Math.round((votes * 1000) / voters) / 10;

function pollSummary(results: PollResults) {
  const { id, question, status, opens_at, closes_at, total, max_choices } = results;
  return { id, question, status, opens_at, closes_at, total, max_choices };
}

/** Each option's votes and share of the voters (in percent, one decimal) with its 95% Wilson interval, rounded outward. */
export function resultsExport(results: PollResults) {
  return {
    poll: pollSummary(results),
    options: results.options.map((o) => {
      const estimate = shareOfVoters(o.votes, results.total);
      return {
        id: o.id,
        label: o.label,
        votes: o.votes,
        percent: estimate ? percentOneDecimal(o.votes, results.total) : null,
        ci95_low: estimate ? percentRoundedDown(estimate.low, 1) : null,
        ci95_high: estimate ? percentRoundedUp(estimate.high, 1) : null,
      };
    }),
  };
}

const oneDecimal = (n: number | null) => (n === null ? '' : n.toFixed(1));

export function resultsCsv(results: PollResults): string {
  const { options } = resultsExport(results);
  return csvText([
    ['option_id', 'option', 'votes', 'percent', 'ci95_low', 'ci95_high'],
    ...options.map((o) => [o.id, o.label, o.votes, oneDecimal(o.percent), oneDecimal(o.ci95_low), oneDecimal(o.ci95_high)]),
  ]);
}

/** Every day from the first vote to the last, days without votes included as zeros, so that the series can be plotted as it is. */
export function everyDay(daily: readonly PollDay[]): PollDay[] {
  if (daily.length === 0) return [];
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const first = epochDay(daily[0]!.day);
  const last = epochDay(daily.at(-1)!.day);
  return Array.from({ length: last - first + 1 }, (_, i) => {
    const day = dayOfEpochDay(first + i);
    return byDay.get(day) ?? { day, voters: 0, byOption: new Map() };
  });
}

export function votesPerDayExport(results: PollResults, daily: readonly PollDay[]) {
  const days = everyDay(daily);
  const cumulative = cumulativeVoters(days);
  return {
    poll: pollSummary(results),
    days: days.map((d, i) => ({
      day: d.day,
      voters: d.voters,
      cumulative_voters: cumulative[i]!.cumulative,
      options: results.options.map((o) => ({ id: o.id, votes: d.byOption.get(o.id) ?? 0 })),
    })),
  };
}

export function votesPerDayCsv(results: PollResults, daily: readonly PollDay[]): string {
  const { days } = votesPerDayExport(results, daily);
  return csvText([['day', 'voters', 'cumulative_voters', ...results.options.map((o) => o.label)], ...days.map((d) => [d.day, d.voters, d.cumulative_voters, ...d.options.map((o) => o.votes)])]);
}

/** The poll's totals as the sum of its days. */
export function totalsOfDays(daily: readonly PollDay[]): PollCounts {
  const byOption = new Map<number, number>();
  let voters = 0;
  for (const d of daily) {
    voters += d.voters;
    for (const [id, n] of d.byOption) byOption.set(id, (byOption.get(id) ?? 0) + n);
  }
  return { voters, byOption };
}

const hiddenMessages: Record<Poll['resultsPolicy'], string> = {
  always: 'The results of this poll are not public',
  after_vote: 'The results of this poll are shown to readers who have voted, and to everyone once it closes',
  after_close: 'The results of this poll are made public when it closes',
};

/** These addresses are fetched by programs and download links alike: every error is JSON, never a page. */
function jsonErrors(this: FastifyInstance, err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const httpError = toHttpError(err);
  if (httpError.status >= 500) request.log.error({ err }, 'poll export failed');
  return reply.status(httpError.status).header('cache-control', 'no-store').send(errorBody(httpError));
}

export async function pollExportRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;
  const secrets = await signingSecrets(handle);

  /** The poll whose results this reader may see now. */
  async function visiblePoll(request: FastifyRequest): Promise<Poll> {
    const poll = await findPublicPoll(handle, request.params);
    const voter = voterKeyOf(request, secrets);
    const voted = voter ? await hasVoted(handle, poll.id, voter) : false;
    if (!resultsVisible(poll, voted)) throw forbidden(hiddenMessages[poll.resultsPolicy]);
    return poll;
  }

  const resultsOf = async (poll: Poll) => pollResults(poll, await countVotes(handle, poll.id));
  /** The days and, summed from the same rows, the totals: a vote cast between two queries cannot make them disagree. */
  async function dailyOf(poll: Poll) {
    // Every ballot of the poll is read: a big poll's take long enough to run off the event loop (on SQLite).
    const daily = await votesPerDay(readerOf(handle), poll.id);
    return { daily, results: pollResults(poll, totalsOfDays(daily)) };
  }

  // Results change with every vote, and what one reader may see is not what another may: never stored.
  const sendCsv = (reply: FastifyReply, filename: string, text: string) =>
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(text);
  const sendJson = (reply: FastifyReply, body: unknown) => reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send(body);

  const options = { errorHandler: jsonErrors };

  app.get('/polls/:id/results.csv', options, async (request, reply) => {
    const poll = await visiblePoll(request);
    return sendCsv(reply, `poll-${poll.id}-results.csv`, resultsCsv(await resultsOf(poll)));
  });

  app.get('/polls/:id/results.json', options, async (request, reply) => {
    return sendJson(reply, resultsExport(await resultsOf(await visiblePoll(request))));
  });

  app.get('/polls/:id/votes-per-day.csv', options, async (request, reply) => {
    const poll = await visiblePoll(request);
    const { daily, results } = await dailyOf(poll);
    return sendCsv(reply, `poll-${poll.id}-votes-per-day.csv`, votesPerDayCsv(results, daily));
  });

  app.get('/polls/:id/votes-per-day.json', options, async (request, reply) => {
    const { daily, results } = await dailyOf(await visiblePoll(request));
    return sendJson(reply, votesPerDayExport(results, daily));
  });
}
