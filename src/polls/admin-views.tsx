import type { UserActor } from '../core/actor.ts';
import { permits } from '../core/policy.ts';
import type { SiteView } from '../views/site.ts';
import { formatDateTime } from '../views/format.ts';
import { useLocale } from '../views/i18n/locale.ts';
import { OfficePage, ScrollingTable } from '../office/layout.tsx';
import { PostForm, type FieldErrors } from '../office/forms.tsx';
import { PollForm, type PollFormValues } from './admin-form.tsx';
import { pollPermissions } from './policies.ts';
import { pollPath, pollPathIn, resultsVisible, type pollResults } from './present.ts';
import { editionLanguages, isEditionLanguage } from '../views/i18n/languages.ts';
import { closedAtOf, effectiveStatus, type Poll, type PollRow } from './store.ts';

type PollStatusWord = ReturnType<typeof effectiveStatus>;
const statusWords: Record<PollStatusWord, string> = { draft: 'Draft', scheduled: 'Scheduled', open: 'Open', closed: 'Closed' };

/** What the office says of a poll's state, on the site's clocks: "Open, closes March 1, 2025, 09:00 UTC". */
function scheduleNote(poll: PollRow, zone: string): string | undefined {
  const status = effectiveStatus(poll);
  if (status === 'scheduled' && poll.opensAt) return `opens ${formatDateTime(poll.opensAt, zone)}`;
  if (status === 'open' && poll.closesAt) return `closes ${formatDateTime(poll.closesAt, zone)}`;
  if (status === 'closed') return `closed ${formatDateTime(closedAtOf(poll), zone)}`;
  if (status === 'draft' && poll.opensAt) return `set to open ${formatDateTime(poll.opensAt, zone)}`;
  return undefined;
}

export function PollStatus(props: { poll: PollRow }) {
  const status = effectiveStatus(props.poll);
  const note = scheduleNote(props.poll, useLocale().timeZone);
  return (
    <span class="poll-state">
      <span class={`status status-${status}`}>{statusWords[status]}</span>
      {note && <span class="status-note">{note}</span>}
    </span>
  );
}

interface PageBase {
  site: SiteView;
  actor: UserActor;
  notice?: string;
}

/** A poll's language as the office names it: "Русский (ru)". */
const languageName = (code: string) => (isEditionLanguage(code) ? `${editionLanguages[code].nativeName} (${code})` : code);

export function PollListPage(props: PageBase & { polls: PollRow[] }) {
  // Where the site has several editions, each poll says which it is asked in (and is current in).
  const languages = props.site.locale.editions.languages.length > 1;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Polls" section="polls" notice={props.notice}>
      <div class="page-actions">
        <h1>Polls</h1>
        {permits(pollPermissions, props.actor, 'create') && (
          <a class="button button-primary" href="/admin/polls/new">
            New poll
          </a>
        )}
      </div>
      {props.polls.length === 0 ? (
        <p>No poll yet. A new poll starts as a draft; readers see it once you open it.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <caption class="visually-hidden">Every poll, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                {languages && <th scope="col">Language</th>}
                <th scope="col">Status</th>
                <th scope="col">Votes</th>
                <th scope="col">Current poll</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {props.polls.map((poll) => (
                <tr>
                  <td>
                    <a href={`/admin/polls/${poll.id}`}>{poll.question}</a>
                  </td>
                  {languages && <td>{languageName(poll.language)}</td>}
                  <td>
                    <PollStatus poll={poll} />
                  </td>
                  <td>{poll.voters}</td>
                  <td>{poll.isCurrent === 1 ? <span class="status status-current">Current</span> : ''}</td>
                  <td>
                    <time datetime={poll.createdAt}>{formatDateTime(poll.createdAt, props.site.locale.timeZone)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </OfficePage>
  );
}

export function NewPollPage(props: PageBase & { values: PollFormValues; errors: FieldErrors }) {
  return (
    <OfficePage site={props.site} actor={props.actor} title="New poll" section="polls">
      <p class="breadcrumb">
        <a href="/admin/polls">Polls</a>
      </p>
      <h1>New poll</h1>
      <p class="office-lede">A new poll is a draft: readers see it once you open it, or from its opening time once it is open.</p>
      <PollForm action="/admin/polls" csrf={props.actor.session!.csrfToken} values={props.values} errors={props.errors} submitLabel="Create poll" languages={props.site.locale.editions.languages} />
    </OfficePage>
  );
}

type Results = ReturnType<typeof pollResults>;

function ResultsTable(props: { results: Results }) {
  const { results } = props;
  return (
    <div class="table-wrap poll-results">
      <table class="office-table poll-results-table">
        <caption>{results.total === 1 ? '1 reader has voted' : `${results.total} readers have voted`}</caption>
        <thead>
          <tr>
            <th scope="col">Answer</th>
            <th scope="col">Votes</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {results.options.map((o) => (
            <tr>
              <th scope="row">{o.label}</th>
              <td>{o.votes}</td>
              <td>{`${o.percent}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One button in a form of its own: each state change is one POST with the CSRF token. */
function ActionButton(props: { action: string; csrf: string; label: string; primary?: boolean }) {
  return (
    <PostForm action={props.action} csrf={props.csrf} class="inline-form">
      <button type="submit" class={props.primary ? 'button button-primary' : 'button'}>
        {props.label}
      </button>
    </PostForm>
  );
}

function PollActions(props: { poll: Poll; csrf: string }) {
  const { poll, csrf } = props;
  const status = effectiveStatus(poll);
  const base = `/admin/polls/${poll.id}`;
  return (
    <div class="form-actions poll-actions">
      {(status === 'draft' || status === 'closed') && <ActionButton action={`${base}/open`} csrf={csrf} label="Open poll" primary />}
      {(status === 'open' || status === 'scheduled') && <ActionButton action={`${base}/close`} csrf={csrf} label="Close poll" />}
      {poll.isCurrent !== 1 && <ActionButton action={`${base}/current`} csrf={csrf} label="Make current poll" />}
    </div>
  );
}

function DeletePoll(props: { poll: Poll; csrf: string; error?: string }) {
  return (
    <section class="office-panel danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete this poll</h2>
      <p>Deleting removes the poll, its answers and every vote for good. Articles that carry it show the site’s current poll instead.</p>
      <PostForm action={`/admin/polls/${props.poll.id}/delete`} csrf={props.csrf}>
        <div class={`field field-check${props.error ? ' has-error' : ''}`}>
          <input type="checkbox" id="field-confirm" name="confirm" value="1" aria-describedby={props.error ? 'field-confirm-error' : undefined} />
          <label for="field-confirm">Yes, delete this poll and its votes</label>
          {props.error && (
            <p class="field-error" id="field-confirm-error">
              {props.error}
            </p>
          )}
        </div>
        <button type="submit" class="button button-danger">
          Delete poll
        </button>
      </PostForm>
    </section>
  );
}

export interface PollEditProps extends PageBase {
  poll: Poll;
  results: Results;
  values: PollFormValues;
  errors: FieldErrors;
  deleteError?: string;
}

export function PollEditPage(props: PollEditProps) {
  const { poll, actor } = props;
  const csrf = actor.session!.csrfToken;
  const status = effectiveStatus(poll);
  const isPublic = poll.status !== 'draft';
  const { editions } = props.site.locale;
  const languages = editions.languages.length > 1;
  const publicPath = pollPathIn(editions, poll);
  const where = languages ? `the ${languageName(poll.language)} edition` : 'the site';
  return (
    <OfficePage site={props.site} actor={actor} title={`Poll: ${poll.question}`} section="polls" notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/polls">Polls</a>
      </p>
      <h1 class="poll-title">{poll.question}</h1>
      <section class="office-panel poll-state-panel" aria-labelledby="state-heading">
        <h2 id="state-heading">Status</h2>
        <dl class="poll-facts">
          <dt>Status</dt>
          <dd>
            <PollStatus poll={poll} />
          </dd>
          {languages && (
            <>
              <dt>Language</dt>
              <dd>{languageName(poll.language)}</dd>
            </>
          )}
          <dt>Current poll</dt>
          <dd>{poll.isCurrent === 1 ? (status === 'open' ? `Yes: readers are asked this poll across ${where}` : `Yes, shown across ${where} while it is open`) : 'No'}</dd>
          <dt>On the site</dt>
          <dd>
            {isPublic ? (
              <>
                <a href={publicPath}>Public page</a>
                {resultsVisible(poll, false) && (
                  <>
                    {' · '}
                    <a href={`${pollPath(poll.id)}/results.csv`}>Results as CSV</a>
                  </>
                )}
              </>
            ) : (
              'Not yet: a draft has no public page'
            )}
          </dd>
        </dl>
        {permits(pollPermissions, actor, 'update') && <PollActions poll={poll} csrf={csrf} />}
      </section>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">Results</h2>
        <ResultsTable results={props.results} />
      </section>
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">Question and settings</h2>
        <PollForm
          action={`/admin/polls/${poll.id}`}
          csrf={csrf}
          values={props.values}
          errors={props.errors}
          submitLabel="Save poll"
          votedPoll={poll.voters > 0 ? poll : undefined}
          datesFixed={status === 'closed'}
          languages={editions.languages}
        />
      </section>
      {permits(pollPermissions, actor, 'delete') && <DeletePoll poll={poll} csrf={csrf} error={props.deleteError} />}
    </OfficePage>
  );
}
