import type { pollResults } from './present.ts';

export type PollResults = ReturnType<typeof pollResults>;

/** "33 (31%)": the count and its share, as the reference page prints them. */
export function ResultsList(props: { results: PollResults; closedOn?: string }) {
  const { results } = props;
  return (
    <>
      <ul class="poll-results">
        {results.options.map((o) => (
          <li>
            <span class="poll-label">{o.label}</span> <span class="poll-count">{`${o.votes} (${o.percent}%)`}</span>
            <meter min={0} max={100} value={o.percent} aria-hidden="true">{`${o.percent}%`}</meter>
          </li>
        ))}
      </ul>
      <p class="poll-total">
        {results.total === 1 ? '1 reader voted' : `${results.total} readers voted`}
        {props.closedOn ? ` · closed ${props.closedOn}` : ''}
      </p>
    </>
  );
}

/** The vote form; where the page's heading already asks the question, the legend keeps it for screen readers only. */
export function VoteForm(props: { results: PollResults; message?: string; questionInHeading?: boolean }) {
  const { results } = props;
  const multiple = results.max_choices > 1;
  return (
    <form method="post" action={`/polls/${results.id}/vote`} class="poll-form" data-poll={results.id} data-max-choices={results.max_choices}>
      <fieldset>
        <legend class={props.questionInHeading ? 'visually-hidden' : 'poll-question'}>{results.question}</legend>
        {multiple && <p class="poll-hint">{results.max_choices >= results.options.length ? 'Choose as many as you like.' : `Choose up to ${results.max_choices}.`}</p>}
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
      {props.message && (
        <p class="poll-message" role="status">
          {props.message}
        </p>
      )}
      <button type="submit">Vote</button>
    </form>
  );
}

/** One poll in a page: the form for a reader who may still vote, else the results (when they may be shown). */
export function PollBlock(props: { heading: string; headingId: string; results: PollResults; showForm: boolean; showResults: boolean; message?: string; closedOn?: string }) {
  const { results } = props;
  return (
    <section class="poll-block" id={`poll-${results.id}`} aria-labelledby={props.headingId}>
      <h2 id={props.headingId}>{props.heading}</h2>
      {props.showForm ? (
        <VoteForm results={results} message={props.message} />
      ) : (
        <>
          <p class="poll-question">{results.question}</p>
          {props.message && (
            <p class="poll-message" role="status">
              {props.message}
            </p>
          )}
          {props.showResults ? <ResultsList results={results} closedOn={props.closedOn} /> : <p class="poll-empty">The results are shown when the poll closes.</p>}
        </>
      )}
      <p class="poll-more">
        <a href={`/polls/${results.id}`}>About this poll</a>
      </p>
    </section>
  );
}

export function NoPoll(props: { heading: string; headingId: string; text: string }) {
  return (
    <section class="poll-block" aria-labelledby={props.headingId}>
      <h2 id={props.headingId}>{props.heading}</h2>
      <p class="poll-empty">{props.text}</p>
    </section>
  );
}

const statusText = { draft: 'Draft', scheduled: 'Opens soon', open: 'Open for votes', closed: 'Closed' } as const;

/** A poll's own page: the question, its dates and sample, and the form or the results. */
export function PollPageBody(props: { results: PollResults; showForm: boolean; showResults: boolean; message?: string; dates: { opens?: string; closes?: string } }) {
  const { results } = props;
  return (
    <article class="poll-page">
      <header class="page-header">
        <p class="eyebrow">Reader poll · {statusText[results.status]}</p>
        <h1>{results.question}</h1>
        <p class="poll-dates">
          {props.dates.opens && `Opened ${props.dates.opens}`}
          {props.dates.opens && props.dates.closes && ' · '}
          {props.dates.closes && `${results.status === 'closed' ? 'Closed' : 'Closes'} ${props.dates.closes}`}
        </p>
      </header>
      <section class="poll-block" id={`poll-${results.id}`} aria-label="Vote or results">
        {props.showForm && results.status === 'open' ? (
          <VoteForm results={results} message={props.message} questionInHeading />
        ) : (
          <>
            {props.message && (
              <p class="poll-message" role="status">
                {props.message}
              </p>
            )}
            {props.showResults ? <ResultsList results={results} /> : <p class="poll-empty">The results are shown when the poll closes.</p>}
          </>
        )}
      </section>
    </article>
  );
}
