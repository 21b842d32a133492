import type { ComponentChildren } from 'preact';
import { Layout } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { ArticleCardItem, type ArticleCardView } from '../views/article-cards.tsx';
import type { PageHit } from './pages.ts';
import type { SearchParams } from './input.ts';

export interface SearchResultCard {
  article: ArticleCardView;
  /** Escaped text with <mark> around the matches (see excerptHtml). */
  excerptHtml: string;
}

export interface FilterChoices {
  experts: Array<{ slug: string; name: string }>;
  tags: Array<{ slug: string; name: string; kind: string }>;
  languages: string[];
}

export interface SearchPageResults {
  total: number;
  totalIsExact: boolean;
  page: number;
  pages: number;
  cards: SearchResultCard[];
  /** The site's own pages (About, Contact…) that match, shown before the articles on the first page. */
  sitePages?: PageHit[];
}

export interface SearchPageProps {
  site: SiteView;
  params: Partial<SearchParams>;
  choices: FilterChoices;
  results?: SearchPageResults;
  /** A filter that could not be used, said in words. */
  problem?: string;
}

const tagGroups = [
  ['topic', 'Topics'],
  ['region', 'Regions'],
  ['country', 'Countries'],
] as const;

/** A result: the article's card with the matched passage in place of its lead. */
export function SearchResultItem({ card }: { card: SearchResultCard }) {
  // Safe: excerptHtml escapes the text before it adds <mark>.
  const excerpt = card.excerptHtml ? <p class="search-excerpt" dangerouslySetInnerHTML={{ __html: card.excerptHtml }} /> : <p class="search-excerpt">{card.article.lead}</p>;
  return <ArticleCardItem article={card.article} headingLevel={2} showImage={false} summary={excerpt} />;
}

function Select(props: { name: string; label: string; value?: string; children: ComponentChildren }) {
  return (
    <p class="search-filter">
      <label for={`search-${props.name}`}>{props.label}</label>
      <select id={`search-${props.name}`} name={props.name} value={props.value ?? ''}>
        {props.children}
      </select>
    </p>
  );
}

function Filters({ params, choices }: Pick<SearchPageProps, 'params' | 'choices'>) {
  return (
    <fieldset class="search-filters">
      <legend>Narrow the results</legend>
      <Select name="expert" label="Expert" value={params.expert}>
        <option value="">Any expert</option>
        {choices.experts.map((e) => (
          <option value={e.slug} selected={e.slug === params.expert}>
            {e.name}
          </option>
        ))}
      </Select>
      <Select name="tag" label="Topic, region or country" value={params.tag}>
        <option value="">Any</option>
        {tagGroups.map(([kind, label]) => {
          const tags = choices.tags.filter((t) => t.kind === kind);
          return (
            tags.length > 0 && (
              <optgroup label={label}>
                {tags.map((t) => (
                  <option value={t.slug} selected={t.slug === params.tag}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            )
          );
        })}
      </Select>
      {choices.languages.length > 1 && (
        <Select name="language" label="Language" value={params.language}>
          <option value="">Any language</option>
          {choices.languages.map((l) => (
            <option value={l} selected={l === params.language}>
              {l}
            </option>
          ))}
        </Select>
      )}
      <p class="search-filter">
        <label for="search-from">Published from</label>
        <input id="search-from" type="date" name="from" value={params.from ?? ''} />
      </p>
      <p class="search-filter">
        <label for="search-to">Published until</label>
        <input id="search-to" type="date" name="to" value={params.to ?? ''} />
      </p>
      <Select name="sort" label="Order" value={params.sort}>
        <option value="relevance" selected={params.sort !== 'date'}>
          Best match first
        </option>
        <option value="date" selected={params.sort === 'date'}>
          Newest first
        </option>
      </Select>
    </fieldset>
  );
}

/** The address of another page of the same search. */
function pageHref(params: Partial<SearchParams>, page: number): string {
  const query = new URLSearchParams();
  for (const key of ['q', 'expert', 'tag', 'language', 'from', 'to', 'sort'] as const) {
    const value = params[key];
    if (value) query.set(key, value);
  }
  if (page > 1) query.set('page', String(page));
  return `/search?${query}`;
}

function Pager({ params, page, pages }: { params: Partial<SearchParams>; page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav class="pager search-pager" aria-label="Result pages">
      {page > 1 && (
        <a href={pageHref(params, page - 1)} rel="prev">
          ← Previous
        </a>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && (
        <a href={pageHref(params, page + 1)} rel="next">
          Next →
        </a>
      )}
    </nav>
  );
}

const resultCount = (n: number, exact: boolean) => `${exact ? '' : 'More than '}${n.toLocaleString('en-US')} ${n === 1 ? 'result' : 'results'}`;

function Outcome({ params, results, problem }: Pick<SearchPageProps, 'params' | 'results' | 'problem'>) {
  if (problem)
    return (
      <p class="search-status search-problem" role="alert">
        {problem}
      </p>
    );
  if (!results) {
    return <p class="search-status">Type a few words: a name, a place, a phrase in "quotes". Put a minus before a word to leave it out (-draft).</p>;
  }
  if (results.total === 0 && !results.sitePages?.length) {
    return (
      <p class="search-status">
        Nothing matches <q>{params.q}</q>
        {params.expert || params.tag || params.from || params.to || params.language ? ' with these filters' : ''}. Try fewer or other words, or fewer filters.
      </p>
    );
  }
  return (
    <p class="search-status">
      {resultCount(results.total, results.totalIsExact)} for <q>{params.q}</q>
      {results.sitePages?.length ? `, and ${results.sitePages.length === 1 ? 'a page' : `${results.sitePages.length} pages`} of the site` : ''}
    </p>
  );
}

/** The site's own pages a search found: a short list before the articles. */
function SitePageHits({ hits }: { hits: PageHit[] }) {
  return (
    <section class="search-site-pages" aria-labelledby="search-site-pages-heading">
      <h2 id="search-site-pages-heading">Pages of this site</h2>
      <ul>
        {hits.map((hit) => (
          <li>
            <a href={hit.path}>{hit.title}</a>
            {/* Safe: excerptHtml escapes the text before it adds <mark>. */}
            <p class="search-excerpt" dangerouslySetInnerHTML={{ __html: hit.excerptHtml }} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SearchPage(props: SearchPageProps) {
  const { params, results } = props;
  const title = params.q ? `Search: ${params.q.slice(0, 80)}` : 'Search';
  return (
    <Layout site={props.site} title={title} canonicalPath="/search" head={<meta name="robots" content="noindex" />}>
      <header class="page-header">
        <h1>Search the analysis</h1>
      </header>
      <form class="search-form" role="search" method="get" action="/search" data-search-form="page">
        <p class="search-box">
          <label for="search-q">Words to find</label>
          <input id="search-q" type="search" name="q" value={params.q ?? ''} maxLength={2000} autocomplete="off" />
          <button type="submit">Search</button>
        </p>
        <Filters params={params} choices={props.choices} />
        <p>
          <button type="submit" class="button">
            Apply filters
          </button>
        </p>
      </form>
      <section class="search-results" aria-label="Results" data-search-results="page">
        <div aria-live="polite" data-search-status>
          <Outcome params={params} results={results} problem={props.problem} />
        </div>
        {results?.sitePages?.length ? <SitePageHits hits={results.sitePages} /> : null}
        {results && results.cards.length > 0 && (
          <ol class="card-list search-list" data-search-list>
            {results.cards.map((card) => (
              <li class="search-result">
                <SearchResultItem card={card} />
              </li>
            ))}
          </ol>
        )}
        {results && <Pager params={params} page={results.page} pages={results.pages} />}
      </section>
    </Layout>
  );
}
