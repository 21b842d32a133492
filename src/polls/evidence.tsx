import type { Db } from '../schema.ts';
import { readerOf } from '../db/connect.ts';
import { pollPath } from './present.ts';
import { wilsonInterval } from './results.ts';
import { votesPerDay, type Poll, type PollDay } from './store.ts';
import type { PollResults } from './views.tsx';
import { CumulativeVotersChart, longDay, readersText, ShareIntervals, type IntervalRow } from './chart.tsx';

/** A poll's ballots per UTC day, as votesPerDay gives them. */
export type DailyVotes = PollDay[];

/** One option's share of the voters and its Wilson 95% interval, as fractions; undefined while nobody has voted. */
export function shareOfVoters(votes: number, voters: number): { share: number; low: number; high: number } | undefined {
  if (voters <= 0) return undefined;
  return { share: votes / voters, ...wilsonInterval(votes, voters) };
}

// Interval ends are rounded outward (the low end down, the high end up): a rounded interval then
// still holds the rounded share and never looks narrower than it is. The small epsilon keeps binary
// fractions such as 0.3 × 100 = 30.000000000000004 from moving a whole step.
export function percentRoundedDown(fraction: number, decimals = 0): number {
  const scale = 10 ** decimals;
  return Math.floor(fraction * 100 * scale + 1e-9) / scale;
}
export function percentRoundedUp(fraction: number, decimals = 0): number {
  const scale = 10 ** decimals;
  return Math.ceil(fraction * 100 * scale - 1e-9) / scale;
}

/**
 * Each option's share of the readers who voted, with its interval. A single-choice poll keeps the
 * whole percentages the results list prints (they add up to 100); in a multiple-choice poll a share is
 * of voters, not of choices, so the shares may add up to more than 100.
 */
export function intervalRows(results: PollResults): IntervalRow[] {
  const single = results.max_choices === 1;
  return results.options.flatMap((o) => {
    const estimate = shareOfVoters(o.votes, results.total);
    if (!estimate) return [];
    const percent = single ? o.percent : Math.round(estimate.share * 100);
    const text = `${percent}% (95% interval ${percentRoundedDown(estimate.low)}–${percentRoundedUp(estimate.high)}%)`;
    return [{ id: o.id, label: o.label, ...estimate, text }];
  });
}

/** "n = 106 readers, who voted between May 1, 2025 and May 30, 2025 (UTC)." */
export function sampleText(total: number, daily: readonly PollDay[]): string {
  if (total === 0) return 'n = 0: no reader has voted yet.';
  const first = daily[0]?.day;
  const last = daily.at(-1)?.day;
  const n = `n = ${readersText(total)}`;
  if (!first || !last) return `${n}.`;
  if (first === last) return `${n}, ${total === 1 ? 'who' : 'all of whom'} voted on ${longDay(first)} (UTC).`;
  return `${n}, who voted between ${longDay(first)} and ${longDay(last)} (UTC).`;
}

export function exportLinks(exportsBase: string) {
  return [
    { href: `${exportsBase}/results.csv`, text: 'Results (CSV)' },
    { href: `${exportsBase}/results.json`, text: 'Results (JSON)' },
    { href: `${exportsBase}/votes-per-day.csv`, text: 'Votes per day (CSV)' },
    { href: `${exportsBase}/votes-per-day.json`, text: 'Votes per day (JSON)' },
  ];
}

/**
 * What lies behind a poll's results, for readers who want to weigh them: the sample size and dates,
 * each option's share with its 95% interval, the votes over time, and the data to check it all.
 * Render it only where the results themselves may be shown.
 */
export function PollEvidence(props: { results: PollResults; daily: DailyVotes; exportsBase: string }) {
  const { results, daily } = props;
  const prefix = `poll-${results.id}`;
  const rows = intervalRows(results);
  return (
    <section class="poll-evidence" aria-labelledby={`${prefix}-evidence`}>
      <h2 id={`${prefix}-evidence`}>Results in detail</h2>
      <p class="poll-sample">{sampleText(results.total, daily)}</p>

      <h3 id={`${prefix}-intervals`}>Share of readers, with 95% intervals</h3>
      {rows.length ? (
        <>
          <p class="poll-evidence-note">
            {results.max_choices > 1 ? `Readers could choose up to ${results.max_choices} answers, so the shares may add up to more than 100%. ` : ''}
            Readers chose to take part, so they are not a random sample of any wider public: each interval (Wilson, 95%) shows only the uncertainty that comes from the number of votes.
          </p>
          <ShareIntervals rows={rows} />
        </>
      ) : (
        <p class="poll-empty">Nothing to estimate until readers vote.</p>
      )}

      <h3 id={`${prefix}-over-time`}>Votes over time</h3>
      <figure class="poll-chart-figure">
        <CumulativeVotersChart daily={daily} id={`${prefix}-chart`} />
        <figcaption>Readers who had voted by the end of each day (UTC).</figcaption>
      </figure>

      <div class="poll-data">
        <h3 id={`${prefix}-data`}>The data</h3>
        <ul class="poll-exports">
          {exportLinks(props.exportsBase).map((link) => (
            <li>
              <a href={link.href}>{link.text}</a>
            </li>
          ))}
        </ul>
        <p class="poll-evidence-note">Counts by day (UTC) only: no voter identifiers, no times of day.</p>
      </div>
    </section>
  );
}

/** What PollEvidence needs besides the results: the votes per day, and where the exports live. */
export async function loadPollEvidence(handle: Db, poll: Pick<Poll, 'id'>): Promise<{ daily: DailyVotes; exportsBase: string }> {
  // Every ballot of the poll is read: on SQLite, on the read pool's threads (see exports.ts).
  return { daily: await votesPerDay(readerOf(handle), poll.id), exportsBase: pollPath(poll.id) };
}
