import type { VNode } from 'preact';
import { OlderLink } from '../views/article-cards.tsx';
import { editionOf } from '../views/i18n/languages.ts';
import { useLocale } from '../views/i18n/locale.ts';
import { ResultsList, type PollResults } from './views.tsx';

export interface ConductedPoll {
  results: PollResults;
  /** When it closed (ISO): the page writes the day in its own language. */
  closedAt: string;
}

/** `/polls` (and `/ru/polls`): the edition's polls open now, then every conducted poll with its results, latest first. */
export function PollArchiveBody(props: { asked: VNode[]; conducted: ConductedPoll[]; olderHref?: string; isFirstPage: boolean }) {
  const { t, pathIn, editions } = useLocale();
  return (
    <>
      <header class="page-header">
        <h1>{t('polls.title')}</h1>
        <p class="page-intro">{t('polls.intro')}</p>
      </header>
      {props.isFirstPage && (props.asked.length ? props.asked : <p class="poll-empty">{t('polls.noneOpen')}</p>)}
      <section class="poll-archive" aria-labelledby="poll-archive-heading">
        <h2 id="poll-archive-heading">{t(props.isFirstPage ? 'polls.conducted' : 'polls.earlier')}</h2>
        {props.conducted.length === 0 ? (
          <p class="poll-empty">{t('poll.noneConducted')}</p>
        ) : (
          <ol class="poll-archive-list">
            {props.conducted.map(({ results, closedAt }) => (
              <li>
                <article class="poll-block poll-archive-item" aria-labelledby={`poll-archive-${results.id}`}>
                  <h3 id={`poll-archive-${results.id}`}>
                    <a href={pathIn(editionOf(editions, results.language), `/polls/${results.id}`)}>{results.question}</a>
                  </h3>
                  <ResultsList results={results} closedAt={closedAt} />
                </article>
              </li>
            ))}
          </ol>
        )}
        <OlderLink href={props.olderHref} label={t('polls.earlier')} />
      </section>
    </>
  );
}

/**
 * The poll as another site shows it in an iframe: the question and the results (or the answers, while
 * results are held back), and a link to vote here. Voting itself happens on this site, where the
 * voter cookie works: browsers withhold it from frames on other sites, which would let anyone vote
 * again and again from an embed.
 */
export function PollEmbedBody(props: { results: PollResults; showResults: boolean; siteName: string; pollUrl: string; closedAt?: string }) {
  const { results } = props;
  const { t } = useLocale();
  const open = results.status === 'open';
  return (
    <article class="poll-block poll-embed" aria-labelledby="poll-embed-question">
      <p class="eyebrow">{`${t('poll.asked')} · ${props.siteName}`}</p>
      <h1 id="poll-embed-question">{results.question}</h1>
      {props.showResults ? (
        <ResultsList results={results} closedAt={props.closedAt} />
      ) : (
        <>
          <ul class="poll-embed-options">
            {results.options.map((o) => (
              <li>{o.label}</li>
            ))}
          </ul>
          <p class="poll-empty">{t('poll.resultsWait')}</p>
        </>
      )}
      <p class="poll-embed-action">
        <a href={props.pollUrl}>{t(open ? 'poll.embed.vote' : 'poll.embed.see', { site: props.siteName })}</a>
      </p>
    </article>
  );
}

/** How to put the poll on another site: the iframe to paste, ready to copy. */
export function EmbedCode(props: { embedUrl: string; question: string }) {
  const { t } = useLocale();
  const code = `<iframe src="${props.embedUrl}" title="${props.question.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}" width="100%" height="640" loading="lazy"></iframe>`;
  return (
    <details class="poll-embed-code">
      <summary>{t('poll.embed.summary')}</summary>
      <label for="poll-embed-snippet">{t('poll.embed.paste')}</label>
      <textarea id="poll-embed-snippet" rows={3} readOnly value={code} />
    </details>
  );
}
