import type { VNode } from 'preact';
import { OlderLink } from '../views/article-cards.tsx';
import { ResultsList, type PollResults } from './views.tsx';

export interface ConductedPoll {
  results: PollResults;
  closedOn: string;
}

/** `/polls`: the polls open now, then every conducted poll with its results, latest first. */
export function PollArchiveBody(props: { asked: VNode[]; conducted: ConductedPoll[]; olderHref?: string; isFirstPage: boolean }) {
  return (
    <>
      <header class="page-header">
        <h1>Reader polls</h1>
        <p class="page-intro">
          Each reader's vote is counted once. Percentages are rounded so that they add up to exactly 100, and every poll's own page gives the margin of error and how the votes came in.
        </p>
      </header>
      {props.isFirstPage && (props.asked.length ? props.asked : <p class="poll-empty">No poll is open right now.</p>)}
      <section class="poll-archive" aria-labelledby="poll-archive-heading">
        <h2 id="poll-archive-heading">{props.isFirstPage ? 'Conducted polls' : 'Earlier polls'}</h2>
        {props.conducted.length === 0 ? (
          <p class="poll-empty">No reader poll has been conducted yet.</p>
        ) : (
          <ol class="poll-archive-list">
            {props.conducted.map(({ results, closedOn }) => (
              <li>
                <article class="poll-block poll-archive-item" aria-labelledby={`poll-archive-${results.id}`}>
                  <h3 id={`poll-archive-${results.id}`}>
                    <a href={`/polls/${results.id}`}>{results.question}</a>
                  </h3>
                  <ResultsList results={results} closedOn={closedOn} />
                </article>
              </li>
            ))}
          </ol>
        )}
        <OlderLink href={props.olderHref} label="Earlier polls" />
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
export function PollEmbedBody(props: { results: PollResults; showResults: boolean; siteName: string; pollUrl: string; closedOn?: string }) {
  const { results } = props;
  const open = results.status === 'open';
  return (
    <article class="poll-block poll-embed" aria-labelledby="poll-embed-question">
      <p class="eyebrow">{`Reader poll · ${props.siteName}`}</p>
      <h1 id="poll-embed-question">{results.question}</h1>
      {props.showResults ? (
        <ResultsList results={results} closedOn={props.closedOn} />
      ) : (
        <>
          <ul class="poll-embed-options">
            {results.options.map((o) => (
              <li>{o.label}</li>
            ))}
          </ul>
          <p class="poll-empty">The results are shown when the poll closes.</p>
        </>
      )}
      <p class="poll-embed-action">
        <a href={props.pollUrl}>{open ? `Vote at ${props.siteName}` : `See this poll at ${props.siteName}`}</a>
      </p>
    </article>
  );
}

/** How to put the poll on another site: the iframe to paste, ready to copy. */
export function EmbedCode(props: { embedUrl: string; question: string }) {
  const code = `<iframe src="${props.embedUrl}" title="${props.question.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}" width="100%" height="640" loading="lazy"></iframe>`;
  return (
    <details class="poll-embed-code">
      <summary>Embed this poll on another site</summary>
      <label for="poll-embed-snippet">Paste this HTML where the poll should appear:</label>
      <textarea id="poll-embed-snippet" rows={3} readOnly value={code} />
    </details>
  );
}
