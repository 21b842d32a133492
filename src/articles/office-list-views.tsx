import type { ComponentChildren } from 'preact';
import type { UserActor } from '../core/actor.ts';
import { ErrorSummary, Field, Select, type FieldErrors } from '../office/forms.tsx';
import { OfficePage, ScrollingTable } from '../office/layout.tsx';
import { PickerField } from '../office/picker.tsx';
import { formatDateTime } from '../views/format.ts';
import type { SiteView } from '../views/site.ts';
import { StatusBadge } from './editor-views.tsx';
import { listDateLabels, listQueryString, type Ambiguity, type ListFormValues } from './office-list.ts';
import type { OfficeArticleSummary } from './store.ts';
import { shownStatus, shownStatusLabels, type ShownStatus } from './workflow.ts';

export interface ListedArticle {
  article: OfficeArticleSummary;
  expertName: string;
}

const statusFilters: Array<{ value: ShownStatus | ''; label: string }> = [
  { value: '', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'returned', label: 'Returned' },
  { value: 'in_review', label: 'In review' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'published', label: 'Published' },
];

const fieldLabels: Record<string, string> = {
  q: 'Words',
  expert: 'Expert',
  tag: 'Tag',
  status: 'Status',
  dates: 'Dates',
  from: 'From',
  to: 'To',
  cursor: 'Page',
};

export interface ArticleListProps {
  site: SiteView;
  actor: UserActor;
  items: ListedArticle[];
  values: ListFormValues;
  /** The expert's and tag's names for the pickers, when the values name one. */
  expertLabel?: string;
  tagLabel?: string;
  /** Whether the person sees every blog's articles (and so may filter by expert). */
  everyExpert: boolean;
  problems: FieldErrors;
  ambiguities: Ambiguity[];
  /** Said above the results: the search's limits, a query with nothing to look for. */
  remarks: string[];
  olderHref?: string;
  notice?: string;
  canCreate: boolean;
  intro?: ComponentChildren;
}

/** Whether any filter narrows the list: an empty one then says "nothing matches" rather than "nothing yet". */
const filtered = (v: ListFormValues) => Boolean(v.q || v.expert || v.tag || v.status || v.from || v.to);

/**
 * The office's article list: a GET form of filters above the table (it works without JavaScript, keeps what was
 * asked, and its address can be shared), then the articles, the most recent first by the chosen date, and a link
 * to the next page (a cursor: as deep as the archive goes, each page costs what the first does).
 */
export function ArticleListPage(props: ArticleListProps) {
  const { values } = props;
  const zone = props.site.locale.timeZone;
  const statusHref = (value: string) => `/admin/articles${listQueryString(values, { status: value })}`;
  const dateColumn = values.dates === 'published' ? 'Published' : 'Updated';
  return (
    <OfficePage site={props.site} actor={props.actor} title="Articles" section="articles" notice={props.notice}>
      <div class="page-actions">
        <h1>Articles</h1>
        {props.canCreate && (
          <a class="button button-primary" href="/admin/articles/new">
            New article
          </a>
        )}
      </div>
      {props.intro}
      <ErrorSummary errors={props.problems} labels={fieldLabels} />
      <form method="get" action="/admin/articles" class="office-form archive-filters" role="search" aria-label="Find articles">
        <Field
          name="q"
          label="Words"
          type="search"
          value={values.q}
          errors={props.problems}
          maxLength={200}
          hint="Found in titles, leads and bodies, drafts included, as the site’s search reads them. “Quoted words” are a phrase; -word leaves a word out."
        />
        {props.everyExpert && (
          <PickerField name="expert" label="Expert" lookup="/admin/experts/lookup" value={values.expert} text={props.expertLabel} errors={props.problems} hint="Type part of a name." />
        )}
        <PickerField name="tag" label="Tag" lookup="/admin/tags/lookup" value={values.tag} text={props.tagLabel} errors={props.problems} hint="Type part of a tag’s name." />
        <Select
          name="status"
          label="Status"
          value={values.status}
          errors={props.problems}
          choices={statusFilters.map((f) => ({ value: f.value, label: f.value ? shownStatusLabels[f.value] : 'Any status' }))}
        />
        <fieldset class="archive-dates">
          <legend>Dates</legend>
          <Select name="dates" label="Order by and filter on" value={values.dates} errors={props.problems} choices={Object.entries(listDateLabels).map(([value, label]) => ({ value, label }))} />
          <Field name="from" label="From" type="date" value={values.from} errors={props.problems} hint={`A day in the site’s time zone (${zone}).`} />
          <Field name="to" label="To" type="date" value={values.to} errors={props.problems} hint="Included." />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Find
          </button>
          {filtered(values) && (
            <a class="button" href="/admin/articles">
              Clear
            </a>
          )}
        </div>
      </form>
      {props.ambiguities.map((a) => (
        <section class="office-panel archive-choices" aria-labelledby={`choices-${a.field}`}>
          <h2 id={`choices-${a.field}`}>
            Several {a.field === 'expert' ? 'experts' : 'tags'} match “{a.text}”: which one?
          </h2>
          <ul>
            {a.choices.map((c) => (
              <li>
                <a href={`/admin/articles${listQueryString(values, { [a.field]: c.value })}`}>{c.label}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <nav class="status-filter" aria-label="Show articles by status">
        <ul>
          {statusFilters.map((f) => (
            <li>
              <a href={statusHref(f.value)} aria-current={values.status === f.value ? 'page' : undefined}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.remarks.map((remark) => (
        <p class="office-panel archive-remark" role="status">
          {remark}
        </p>
      ))}
      {props.items.length === 0 ? (
        <p class="empty">{filtered(values) ? 'No article matches these filters.' : 'No articles here yet.'}</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <caption class="visually-hidden">Articles, the most recent first by {dateColumn === 'Published' ? 'publication date' : 'last change'}</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Expert</th>
                <th scope="col">Status</th>
                <th scope="col">{dateColumn}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map(({ article, expertName }) => {
                const at = values.dates === 'published' ? article.publishedAt! : article.updatedAt;
                return (
                  <tr>
                    <td>
                      <a href={`/admin/articles/${article.id}`}>{article.title || 'Untitled article'}</a>
                    </td>
                    <td>{expertName}</td>
                    <td>
                      <StatusBadge shown={shownStatus(article)} />
                    </td>
                    <td>
                      <time datetime={at}>{formatDateTime(at, zone)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollingTable>
      )}
      {props.olderHref && (
        <nav class="pager" aria-label="Pagination">
          <a href={props.olderHref} rel="next">
            Older articles →
          </a>
        </nav>
      )}
    </OfficePage>
  );
}
