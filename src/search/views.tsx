import type { ComponentChildren } from 'preact';
import { Layout, type LanguageAlternates } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
import { ArticleCardItem, type ArticleCardView } from '../views/article-cards.tsx';
import { useLocale, type Locale } from '../views/i18n/locale.ts';
import { editionLanguages, type EditionLanguage } from '../views/i18n/languages.ts';
import type { PageHit } from './pages.ts';
import type { SearchParams } from './input.ts';

export interface SearchResultCard {
  article: ArticleCardView;
  /** The article's language tag: a card in another language than the page's says so (lang). */
  language?: string;
  /** Escaped text with <mark> around the matches (see excerptHtml). */
  excerptHtml: string;
}

export interface FilterChoices {
  experts: Array<{ slug: string; name: string }>;
  tags: Array<{ slug: string; name: string; kind: string }>;
  languages: string[];
}

/** The first matches in one of the site's other editions, shown after the page's own. */
export interface OtherEditionResults {
  edition: EditionLanguage;
  total: number;
  totalIsExact: boolean;
  cards: SearchResultCard[];
  /** The same search on that edition's search page. */
  href: string;
}

export interface SearchPageResults {
  total: number;
  totalIsExact: boolean;
  page: number;
  pages: number;
  cards: SearchResultCard[];
  /** The site's own pages (About, Contact…) that match, shown before the articles on the first page. */
  sitePages?: PageHit[];
  /** Matches in the site's other editions, on the first page of a search that asks for no language. */
  otherEditions?: OtherEditionResults[];
}

/** The search the page shows, as the address of one of its pages gives it. */
export type SearchPageParams = Partial<Omit<SearchParams, 'edition' | 'limit'>>;

export interface SearchPageProps {
  site: SiteView;
  params: SearchPageParams;
  choices: FilterChoices;
  results?: SearchPageResults;
  /** A filter that could not be used, said in the edition's words. */
  problem?: string;
  /** Whether, without a language asked for, the edition's languages come first (a site with several editions). */
  editionFirst?: boolean;
  /** This search in each of the site's editions. */
  alternates?: LanguageAlternates;
}

const tagGroups = [
  ['topic', 'search.topics'],
  ['region', 'search.regions'],
  ['country', 'search.countries'],
] as const;

/** The parameters that make a search, in the order its addresses give them. */
const searchKeys = ['q', 'expert', 'tag', 'language', 'from', 'to', 'sort'] as const;

/** A search's query string (without "?"), for page `page` (the first unless given). */
export function searchQueryString(params: SearchPageParams, page = 1): string {
  const query = new URLSearchParams();
  for (const key of searchKeys) {
    const value = params[key];
    if (value) query.set(key, value);
  }
  if (page > 1) query.set('page', String(page));
  return query.toString();
}

/** A search's address, `/search?…` (a site path, before any edition's prefix). */
export const searchPath = (params: SearchPageParams, page = 1) => {
  const query = searchQueryString(params, page);
  return query ? `/search?${query}` : '/search';
};

const displayNames = new Map<EditionLanguage, Intl.DisplayNames>();

/** A language's name in the page's language, as a list shows it: "English", "Русский", "Французский". */
export function languageName(locale: Locale, code: string): string {
  let names = displayNames.get(locale.language);
  if (!names) displayNames.set(locale.language, (names = new Intl.DisplayNames([editionLanguages[locale.language].intlLocale], { type: 'language' })));
  let name: string | undefined;
  try {
    name = names.of(code);
  } catch {
    // A tag Intl does not read is shown as it is.
  }
  const shown = name ?? code;
  return shown.charAt(0).toLocaleUpperCase(editionLanguages[locale.language].intlLocale) + shown.slice(1);
}

/** "12 results", "More than 1,000 results", in the edition's words. */
export const resultCount = (t: Locale['t'], count: number, exact: boolean) => t(exact ? 'search.count' : 'search.countAtLeast', { count });

/** A result: the article's card with the matched passage in place of its lead. */
export function SearchResultItem({ card, headingLevel = 2 }: { card: SearchResultCard; headingLevel?: 2 | 3 }) {
  // Safe: excerptHtml escapes the text before it adds <mark>.
  const excerpt = card.excerptHtml ? <p class="search-excerpt" dangerouslySetInnerHTML={{ __html: card.excerptHtml }} /> : <p class="search-excerpt">{card.article.lead}</p>;
  return <ArticleCardItem article={card.article} headingLevel={headingLevel} showImage={false} summary={excerpt} />;
}

/** The results as a list; a card in another language than the page's is marked as such. */
function ResultList({ cards, headingLevel, ...rest }: { cards: SearchResultCard[]; headingLevel?: 2 | 3; 'data-search-list'?: string }) {
  const { language } = useLocale();
  return (
    <ol class="card-list search-list" {...rest}>
      {cards.map((card) => (
        <li class="search-result" lang={card.language && card.language !== language ? card.language : undefined}>
          <SearchResultItem card={card} headingLevel={headingLevel} />
        </li>
      ))}
    </ol>
  );
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

function Filters({ params, choices, editionFirst }: Pick<SearchPageProps, 'params' | 'choices' | 'editionFirst'>) {
  const locale = useLocale();
  const { t } = locale;
  // A language asked for that no article is in yet (an edition's own) is still shown as chosen.
  const languages = [...new Set([...choices.languages, ...(params.language ? [params.language] : [])])];
  return (
    <fieldset class="search-filters">
      <legend>{t('search.narrow')}</legend>
      <Select name="expert" label={t('search.expert')} value={params.expert}>
        <option value="">{t('search.anyExpert')}</option>
        {choices.experts.map((e) => (
          <option value={e.slug} selected={e.slug === params.expert}>
            {e.name}
          </option>
        ))}
      </Select>
      <Select name="tag" label={t('search.tag')} value={params.tag}>
        <option value="">{t('search.anyTag')}</option>
        {tagGroups.map(([kind, label]) => {
          const tags = choices.tags.filter((tag) => tag.kind === kind).sort((a, b) => locale.compare(a.name, b.name));
          return (
            tags.length > 0 && (
              <optgroup label={t(label)}>
                {tags.map((tag) => (
                  <option value={tag.slug} selected={tag.slug === params.tag}>
                    {tag.name}
                  </option>
                ))}
              </optgroup>
            )
          );
        })}
      </Select>
      {languages.length > 1 && (
        <Select name="language" label={t('search.language')} value={params.language}>
          <option value="">{editionFirst ? t('search.editionFirst') : t('search.anyLanguage')}</option>
          {languages.map((code) => (
            <option value={code} selected={code === params.language} lang={code}>
              {languageName(locale, code)}
            </option>
          ))}
        </Select>
      )}
      <p class="search-filter">
        <label for="search-from">{t('search.from')}</label>
        <input id="search-from" type="date" name="from" value={params.from ?? ''} />
      </p>
      <p class="search-filter">
        <label for="search-to">{t('search.to')}</label>
        <input id="search-to" type="date" name="to" value={params.to ?? ''} />
      </p>
      <Select name="sort" label={t('search.order')} value={params.sort}>
        <option value="relevance" selected={params.sort !== 'date'}>
          {t('search.bestMatch')}
        </option>
        <option value="date" selected={params.sort === 'date'}>
          {t('search.newest')}
        </option>
      </Select>
    </fieldset>
  );
}

function Pager({ params, page, pages }: { params: SearchPageParams; page: number; pages: number }) {
  const { t, path } = useLocale();
  if (pages <= 1) return null;
  return (
    <nav class="pager search-pager" aria-label={t('search.resultPages')}>
      {page > 1 && (
        <a href={path(searchPath(params, page - 1))} rel="prev">
          {t('search.previous')}
        </a>
      )}
      <span>{t('search.pageOf', { page, pages })}</span>
      {page < pages && (
        <a href={path(searchPath(params, page + 1))} rel="next">
          {t('search.next')}
        </a>
      )}
    </nav>
  );
}

const quoted = (chunks: ComponentChildren[]) => <q>{chunks}</q>;

function Outcome({ params, results, problem }: Pick<SearchPageProps, 'params' | 'results' | 'problem'>) {
  const { t, rich } = useLocale();
  if (problem)
    return (
      <p class="search-status search-problem" role="alert">
        {problem}
      </p>
    );
  if (!results) return <p class="search-status">{t('search.invite')}</p>;
  const words = params.q ?? '';
  if (results.total === 0 && !results.sitePages?.length) {
    if (results.otherEditions?.length) return <p class="search-status">{rich('search.foundElsewhere', { words, q: quoted })}</p>;
    const filtered = params.expert || params.tag || params.from || params.to || params.language;
    return <p class="search-status">{rich(filtered ? 'search.nothingFiltered' : 'search.nothing', { words, q: quoted })}</p>;
  }
  const count = resultCount(t, results.total, results.totalIsExact);
  const pages = results.sitePages?.length ?? 0;
  return <p class="search-status">{pages ? rich('search.foundWithPages', { count, words, pages, q: quoted }) : rich('search.found', { count, words, q: quoted })}</p>;
}

/** The site's own pages a search found: a short list before the articles. */
function SitePageHits({ hits }: { hits: PageHit[] }) {
  const { t } = useLocale();
  return (
    <section class="search-site-pages" aria-labelledby="search-site-pages-heading">
      <h2 id="search-site-pages-heading">{t('search.sitePages')}</h2>
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

/** The first matches in each of the site's other editions, each with the way to all of them there. */
function OtherEditions({ editions }: { editions: OtherEditionResults[] }) {
  const { t } = useLocale();
  return (
    <>
      {editions.map((other) => (
        <section class="search-other-edition" aria-labelledby={`search-in-${other.edition}`} data-search-edition={other.edition}>
          <h2 id={`search-in-${other.edition}`}>{t('search.inEdition', { edition: other.edition, count: resultCount(t, other.total, other.totalIsExact) })}</h2>
          <ResultList cards={other.cards} headingLevel={3} />
          <p class="search-other-edition-all">
            <a href={other.href} hreflang={other.edition}>
              {t('search.allInEdition', { edition: other.edition })}
            </a>
          </p>
        </section>
      ))}
    </>
  );
}

export function SearchPage(props: SearchPageProps) {
  const { params, results, site } = props;
  const { t, path } = site.locale;
  const title = params.q ? t('search.titleWithWords', { words: params.q.slice(0, 80) }) : t('search.title');
  return (
    <Layout site={site} title={title} canonicalPath={path('/search')} alternates={props.alternates} head={<meta name="robots" content="noindex" />}>
      <header class="page-header">
        <h1>{t('search.heading')}</h1>
      </header>
      <form class="search-form" role="search" method="get" action={path('/search')} data-search-form="page">
        <p class="search-box">
          <label for="search-q">{t('search.words')}</label>
          <input id="search-q" type="search" name="q" value={params.q ?? ''} maxLength={2000} autocomplete="off" />
          <button type="submit">{t('search.submit')}</button>
        </p>
        <Filters params={params} choices={props.choices} editionFirst={props.editionFirst} />
        <p>
          <button type="submit" class="button">
            {t('search.apply')}
          </button>
        </p>
      </form>
      <section class="search-results" aria-label={t('search.results')} data-search-results="page">
        <div aria-live="polite" data-search-status>
          <Outcome params={params} results={results} problem={props.problem} />
        </div>
        {results?.sitePages?.length ? <SitePageHits hits={results.sitePages} /> : null}
        {results && results.cards.length > 0 && <ResultList cards={results.cards} data-search-list="" />}
        {results && <Pager params={params} page={results.page} pages={results.pages} />}
        {results?.otherEditions?.length ? <OtherEditions editions={results.otherEditions} /> : null}
      </section>
    </Layout>
  );
}
