import type { Db } from '../schema.ts';
import { readerOf } from '../db/connect.ts';
import { pollPath } from './present.ts';
import { wilsonInterval } from './results.ts';
import { votesPerDay, type Poll, type PollDay } from './store.ts';
import type { PollResults } from './views.tsx';
import { CumulativeVotersChart, longDay, ShareIntervals, type IntervalRow } from './chart.tsx';
import { englishLocale, useLocale, type Locale } from '../views/i18n/locale.ts';

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
export function intervalRows(results: PollResults, locale: Locale = englishLocale): IntervalRow[] {
  const single = results.max_choices === 1;
  return results.options.flatMap((o) => {
    const estimate = shareOfVoters(o.votes, results.total);
    if (!estimate) return [];
    const share = single ? o.percent : Math.round(estimate.share * 100);
    const text = locale.t('poll.evidence.interval', {
      share: locale.percent(share),
      low: locale.number(percentRoundedDown(estimate.low)),
      high: locale.percent(percentRoundedUp(estimate.high)),
    });
    return [{ id: o.id, label: o.label, ...estimate, text }];
  });
}

/** "n = 106 readers, who voted between May 1, 2025 and May 30, 2025 (UTC)." */
export function sampleText(total: number, daily: readonly PollDay[], locale: Locale = englishLocale): string {
  const { t } = locale;
  if (total === 0) return t('poll.evidence.sampleNone');
  const first = daily[0]?.day;
  const last = daily.at(-1)?.day;
  if (!first || !last) return t('poll.evidence.sample', { count: total });
  if (first === last) return t('poll.evidence.sampleOneDay', { count: total, date: longDay(first, locale) });
  return t('poll.evidence.sampleDays', { count: total, first: longDay(first, locale), last: longDay(last, locale) });
}

export function exportLinks(exportsBase: string, locale: Locale = englishLocale) {
  const { t } = locale;
  return [
    { href: `${exportsBase}/results.csv`, text: t('poll.evidence.resultsCsv') },
    { href: `${exportsBase}/results.json`, text: t('poll.evidence.resultsJson') },
    { href: `${exportsBase}/votes-per-day.csv`, text: t('poll.evidence.dailyCsv') },
    { href: `${exportsBase}/votes-per-day.json`, text: t('poll.evidence.dailyJson') },
  ];
}

/**
 * What lies behind a poll's results, for readers who want to weigh them: the sample size and dates,
 * each option's share with its 95% interval, the votes over time, and the data to check it all.
 * Render it only where the results themselves may be shown.
 */
export function PollEvidence(props: { results: PollResults; daily: DailyVotes; exportsBase: string }) {
  const { results, daily } = props;
  const locale = useLocale();
  const { t } = locale;
  const prefix = `poll-${results.id}`;
  const rows = intervalRows(results, locale);
  return (
    <section class="poll-evidence" aria-labelledby={`${prefix}-evidence`}>
      <h2 id={`${prefix}-evidence`}>{t('poll.evidence.heading')}</h2>
      <p class="poll-sample">{sampleText(results.total, daily, locale)}</p>

      <h3 id={`${prefix}-intervals`}>{t('poll.evidence.intervals')}</h3>
      {rows.length ? (
        <>
          <p class="poll-evidence-note">
            {results.max_choices > 1 ? `${t('poll.evidence.multiple', { count: results.max_choices })} ` : ''}
            {t('poll.evidence.selfSelected')}
          </p>
          <ShareIntervals rows={rows} />
        </>
      ) : (
        <p class="poll-empty">{t('poll.evidence.nothing')}</p>
      )}

      <h3 id={`${prefix}-over-time`}>{t('poll.evidence.overTime')}</h3>
      <figure class="poll-chart-figure">
        <CumulativeVotersChart daily={daily} id={`${prefix}-chart`} />
        <figcaption>{t('poll.evidence.caption')}</figcaption>
      </figure>

      <div class="poll-data">
        <h3 id={`${prefix}-data`}>{t('poll.evidence.data')}</h3>
        <ul class="poll-exports">
          {exportLinks(props.exportsBase, locale).map((link) => (
            <li>
              <a href={link.href}>{link.text}</a>
            </li>
          ))}
        </ul>
        <p class="poll-evidence-note">{t('poll.evidence.privacy')}</p>
      </div>
    </section>
  );
}

/** What PollEvidence needs besides the results: the votes per day, and where the exports live. */
export async function loadPollEvidence(handle: Db, poll: Pick<Poll, 'id'>): Promise<{ daily: DailyVotes; exportsBase: string }> {
  // Every ballot of the poll is read: on SQLite, on the read pool's threads (see exports.ts).
  return { daily: await votesPerDay(readerOf(handle), poll.id), exportsBase: pollPath(poll.id) };
}
