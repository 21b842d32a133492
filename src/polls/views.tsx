import { catalogues, type MessageKey } from '../views/i18n/catalogues/index.ts';
import { editionLanguages, editionOf } from '../views/i18n/languages.ts';
import { useLocale, type Locale } from '../views/i18n/locale.ts';
import type { pollResults } from './present.ts';
import { voteNotices, type VoteNotice } from './notices.ts';
import { pickVoteWords } from './vote-words.ts';

export type PollResults = ReturnType<typeof pollResults>;

/**
 * The words the voting script needs, for a page in another language than English (the script has the
 * English built in, so English pages stay as they were): see vote-words.ts.
 */
function voteWordsIn(locale: Locale): string | undefined {
  if (locale.language === 'en') return undefined;
  return JSON.stringify(pickVoteWords(catalogues[locale.language], editionLanguages[locale.language].intlLocale));
}

/** A poll's own page as this page's edition links to it: in the poll's own edition, which is where its page is. */
function pollPageHref(locale: Locale, results: Pick<PollResults, 'id' | 'language'>): string {
  return locale.pathIn(editionOf(locale.editions, results.language), `/polls/${results.id}`);
}

/** "33 (31%)": the count and its share, as the reference page prints them; "33 (31 %)" in Russian. */
export function ResultsList(props: { results: PollResults; closedAt?: string }) {
  const { results } = props;
  const { t, number, percent, longDate } = useLocale();
  return (
    <>
      <ul class="poll-results">
        {results.options.map((o) => (
          <li>
            <span class="poll-label">{o.label}</span> <span class="poll-count">{t('poll.count', { votes: number(o.votes), percent: percent(o.percent) })}</span>
            <meter min={0} max={100} value={o.percent} aria-hidden="true">
              {percent(o.percent)}
            </meter>
          </li>
        ))}
      </ul>
      <p class="poll-total">
        {t('poll.voters', { count: results.total })}
        {props.closedAt ? ` · ${t('poll.closedOn', { date: longDate(props.closedAt) })}` : ''}
      </p>
    </>
  );
}

/** A notice in the page's language, when there is one. */
function Notice(props: { notice?: VoteNotice }) {
  const { t } = useLocale();
  return props.notice ? (
    <p class="poll-message" role="status">
      {t(voteNotices[props.notice])}
    </p>
  ) : null;
}

/**
 * The vote form; where the page's heading already asks the question, the legend keeps it for screen
 * readers only. It posts under the page's edition (`/ru/polls/12/vote`), so that a reader sent back
 * without a Referer still lands in an edition of the site, and the script gets the edition's words.
 */
export function VoteForm(props: { results: PollResults; notice?: VoteNotice; questionInHeading?: boolean }) {
  const { results } = props;
  const locale = useLocale();
  const { t } = locale;
  const multiple = results.max_choices > 1;
  return (
    <form method="post" action={locale.path(`/polls/${results.id}/vote`)} class="poll-form" data-poll={results.id} data-max-choices={results.max_choices} data-words={voteWordsIn(locale)}>
      <fieldset>
        <legend class={props.questionInHeading ? 'visually-hidden' : 'poll-question'}>{results.question}</legend>
        {multiple && <p class="poll-hint">{results.max_choices >= results.options.length ? t('poll.chooseAny') : t('poll.chooseUpTo', { count: results.max_choices })}</p>}
        <ul>
          {results.options.map((o) => (
            <li>
              <label>
                <input type={multiple ? 'checkbox' : 'radio'} name="option" value={o.id} required={!multiple} /> {o.label}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Notice notice={props.notice} />
      <button type="submit">{t('poll.vote')}</button>
    </form>
  );
}

/** Which heading a poll block has: the poll readers are asked, or "Poll conducted". */
export type PollBlockHeading = Extract<MessageKey, 'poll.asked' | 'poll.conducted'>;

/** One poll in a page: the form for a reader who may still vote, else the results (when they may be shown). */
export function PollBlock(props: { heading: PollBlockHeading; headingId: string; results: PollResults; showForm: boolean; showResults: boolean; notice?: VoteNotice; closedAt?: string }) {
  const { results } = props;
  const locale = useLocale();
  const { t } = locale;
  return (
    <section class="poll-block" id={`poll-${results.id}`} aria-labelledby={props.headingId}>
      <h2 id={props.headingId}>{t(props.heading)}</h2>
      {props.showForm ? (
        <VoteForm results={results} notice={props.notice} />
      ) : (
        <>
          <p class="poll-question">{results.question}</p>
          <Notice notice={props.notice} />
          {props.showResults ? <ResultsList results={results} closedAt={props.closedAt} /> : <p class="poll-empty">{t('poll.resultsWait')}</p>}
        </>
      )}
      <p class="poll-more">
        <a href={pollPageHref(locale, results)}>{t('poll.about')}</a>
      </p>
    </section>
  );
}

/** "Poll conducted" before any poll has been. */
export function NoPoll(props: { headingId: string }) {
  const { t } = useLocale();
  return (
    <section class="poll-block" aria-labelledby={props.headingId}>
      <h2 id={props.headingId}>{t('poll.conducted')}</h2>
      <p class="poll-empty">{t('poll.noneConducted')}</p>
    </section>
  );
}

const statusWords = { draft: 'poll.status.draft', scheduled: 'poll.status.scheduled', open: 'poll.status.open', closed: 'poll.status.closed' } as const satisfies Record<
  PollResults['status'],
  MessageKey
>;

/** A poll's own page: the question, its dates (ISO, written in the page's language) and sample, and the form or the results. */
export function PollPageBody(props: { results: PollResults; showForm: boolean; showResults: boolean; notice?: VoteNotice; dates: { opens?: string; closes?: string } }) {
  const { results } = props;
  const { t, longDate } = useLocale();
  const { opens, closes } = props.dates;
  return (
    <article class="poll-page">
      <header class="page-header">
        <p class="eyebrow">
          {t('poll.asked')} · {t(statusWords[results.status])}
        </p>
        <h1>{results.question}</h1>
        <p class="poll-dates">
          {opens && t('poll.opened', { date: longDate(opens) })}
          {opens && closes && ' · '}
          {closes && t(results.status === 'closed' ? 'poll.closed' : 'poll.closes', { date: longDate(closes) })}
        </p>
      </header>
      <section class="poll-block" id={`poll-${results.id}`} aria-label={t('poll.voteOrResults')}>
        {props.showForm && results.status === 'open' ? (
          <VoteForm results={results} notice={props.notice} questionInHeading />
        ) : (
          <>
            <Notice notice={props.notice} />
            {props.showResults ? <ResultsList results={results} /> : <p class="poll-empty">{t('poll.resultsWait')}</p>}
          </>
        )}
      </section>
    </article>
  );
}
