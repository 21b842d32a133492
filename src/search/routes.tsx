import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { Refusal } from '../core/refusals.ts';
import { sendHtml } from '../http/pages.ts';
import { requestedEdition } from '../http/editions.ts';
import { memoPerGeneration, memoRowsPerGeneration } from '../http/generation-memo.ts';
import { lockKeys, withAdvisoryLock } from '../db/lock.ts';
import { readerOf } from '../db/connect.ts';
import { renderDocument } from '../views/render.ts';
import { translate, type Locale, type MessageValues } from '../views/i18n/locale.ts';
import type { MessageKey } from '../views/i18n/catalogues/index.ts';
import { defaultLanguageOf, editionFilter, type EditionFilter, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { getExpertBySlug, listAllExperts } from '../experts/store.ts';
import { listTags } from '../tags/store.ts';
import { regionBySlug, regions } from '../places/regions.ts';
import { countryByTagSlug } from '../places/countries.ts';
import { regionAnalysisTagSlugs } from '../places/tags.ts';
import { getPublishedArticlesByIds, publishedTagIds } from '../articles/store.ts';
import { presentArticles, type ArticleCard } from '../articles/present.ts';
import { publicArticleItem } from '../articles/routes.tsx';
import { ensureSearchIndex } from './documents.ts';
import { pageSearcher } from './pages.ts';
import { parseSearchParams, type SearchParams } from './input.ts';
import { isSearchable, parseQuery } from './text.ts';
import { maxSearchPage, searchableLanguages, searchArticles, type SearchFilters } from './search.ts';
import { resultCount, SearchPage, searchPath, type FilterChoices, type OtherEditionResults, type SearchPageParams, type SearchPageResults } from './views.tsx';

const pageSizeOnPages = 10;
/** How many of another edition's matches follow a search's own: enough to show there are some, and what they are. */
const otherEditionSize = 3;

/** The languages a search looks in: one, all but some, or (neither given) all. */
type LanguageScope = Pick<SearchFilters, 'language' | 'exceptLanguages'>;

const scopeOf = (filter: EditionFilter): LanguageScope => ('only' in filter ? { language: filter.only } : { exceptLanguages: filter.except.length ? filter.except : undefined });

/** Where a search looks first, and the other editions whose first matches follow on its first page. */
interface SearchPlan {
  scope: LanguageScope;
  others: Array<{ edition: EditionLanguage; scope: LanguageScope }>;
}

/**
 * A search that names a language looks in that language alone. Otherwise, on a site with several editions, a search
 * made from one of them (a page's edition, the API's `edition`) looks in what that edition shows (editionFilter: its
 * own language; the default edition, every language without an edition of its own), and on its first page the
 * first matches in each other edition follow, with the way to all of them there. Without an edition (the API as it
 * was) a search looks everywhere.
 */
function planOf(params: SearchParams, editions: Editions, edition: EditionLanguage | undefined): SearchPlan {
  if (params.language !== undefined || edition === undefined || editions.languages.length < 2) return { scope: { language: params.language }, others: [] };
  const others = (params.page ?? 1) > 1 ? [] : editions.languages.filter((l) => l !== edition).map((l) => ({ edition: l, scope: scopeOf(editionFilter(editions, l)) }));
  return { scope: scopeOf(editionFilter(editions, edition)), others };
}

/** This search on each of the site's editions' search pages, for the language switcher and hreflang. */
const alternatesOf = (locale: Locale, params: SearchPageParams) =>
  Object.fromEntries(locale.editions.languages.map((language) => [language, locale.pathIn(language, searchPath(params, params.page ?? 1))]));

/** The page's search as its address gives it: the API's own parameters left out. */
const pageParamsOf = (params: SearchParams): SearchPageParams => ({
  q: params.q,
  expert: params.expert,
  tag: params.tag,
  language: params.language,
  from: params.from,
  to: params.to,
  sort: params.sort,
  page: params.page,
});

export async function searchRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;
  // A site upgraded to a version with search indexes its published articles before it answers anyone;
  // of several processes starting together, the first does it and the others find it done.
  await withAdvisoryLock(handle, lockKeys.searchIndex, () => ensureSearchIndex(handle));
  // The search's own queries, which grow with what matches, read on the read pool's threads (SQLite): the event
  // loop goes on answering everyone else meanwhile. What follows them (the filters' ids, the page's ten articles by
  // id) is bounded and stays on the main connection, where it costs less than a trip to a thread and back.
  const reader = readerOf(handle);

  /**
   * The tags a tag filter stands for: a region's analysis is the region's tag and, for a geographic region,
   * its countries' (as on its page); a known place nobody has tagged yet finds nothing, and an unknown slug is 404.
   */
  async function tagIdsOf(slug: string): Promise<number[]> {
    const region = regionBySlug(slug);
    const slugs = region ? regionAnalysisTagSlugs(region) : [slug];
    const ids = (await listTags(handle)).filter((t) => slugs.includes(t.slug)).map((t) => t.id);
    if (ids.length === 0 && !region && !countryByTagSlug(slug)) throw new Refusal('not_found', `There is no topic, region or country "${slug}"`, 'tag');
    return ids;
  }

  /** The filters but the languages, as ids; an expert or tag that does not exist is not found (404). */
  async function filtersOf(params: SearchParams): Promise<SearchFilters> {
    const expert = params.expert ? await getExpertBySlug(handle, params.expert) : undefined;
    if (params.expert && !expert) throw new Refusal('not_found', `There is no expert "${params.expert}"`, 'expert');
    return { expertId: expert?.id, tagIds: params.tag ? await tagIdsOf(params.tag) : undefined, from: params.from, to: params.to };
  }

  /**
   * The cards of the articles found, by id, each read once per content generation: the same articles come up in
   * search after search, and reading and presenting ten of them cost more than the search itself. An article's
   * address depends on the site's editions (its prefix): one memo for each set of them.
   */
  const cardMemos = new Map<string, (generation: number | undefined, ids: number[]) => Promise<Map<number, ArticleCard>>>();
  function cardsById(editions: Editions) {
    const key = editions.languages.join(',');
    let memo = cardMemos.get(key);
    if (!memo) {
      memo = memoRowsPerGeneration(async (ids: number[]) => {
        const articles = await getPublishedArticlesByIds(handle, ids);
        const cards = await presentArticles(handle, [...articles.values()], { withTags: true, editions });
        return new Map(cards.map((c) => [c.id, c]));
      });
      cardMemos.set(key, memo);
    }
    return memo;
  }

  /** One page of hits with their articles, in the engine's order. */
  async function runSearch(params: SearchParams, filters: SearchFilters, pageSize: number, editions: Editions, generation: number | undefined) {
    const results = await searchArticles(reader, { query: params.q, filters, sort: params.sort, page: params.page, pageSize });
    const byId = await cardsById(editions)(
      generation,
      results.items.map((i) => i.articleId),
    );
    const hits = results.items.flatMap((i) => {
      const article = byId.get(i.articleId);
      return article ? [{ article, excerptHtml: i.excerptHtml, score: i.rank }] : [];
    });
    return { ...results, hits, pages: Math.min(Math.ceil(results.total / results.pageSize), maxSearchPage) };
  }

  /** The search as planned: its own page of hits, and the first hits in each other edition that has any. */
  async function runPlan(params: SearchParams, plan: SearchPlan, pageSize: number, editions: Editions, generation: number | undefined) {
    const filters = await filtersOf(params);
    const [found, ...others] = await Promise.all([
      runSearch(params, { ...filters, ...plan.scope }, pageSize, editions, generation),
      ...plan.others.map((other) => runSearch({ ...params, page: 1 }, { ...filters, ...other.scope }, otherEditionSize, editions, generation)),
    ]);
    const inOtherEditions = plan.others.flatMap((other, i) => (others[i]!.total > 0 ? [{ edition: other.edition, found: others[i]! }] : []));
    return { found: found!, inOtherEditions };
  }

  const findPages = pageSearcher(handle);
  /** The site's pages that match: on the first page of a search that no filter narrows to articles only. */
  const sitePagesFor = (params: SearchParams, generation: number | undefined) =>
    (params.page ?? 1) > 1 || params.expert || params.tag || params.from || params.to ? Promise.resolve([]) : findPages(generation, parseQuery(params.q));

  // The filters' choices read the whole archive: once per content change, not once per search.
  const filterChoices = memoPerGeneration(async (): Promise<FilterChoices> => {
    const [experts, tags, visible, languages] = await Promise.all([listAllExperts(reader), listTags(reader), publishedTagIds(reader), searchableLanguages(reader)]);
    const shown = tags.filter((t) => visible.has(t.id));
    const shownSlugs = new Set(shown.map((t) => t.slug));
    // A region whose countries have analysis is offered too, as its page is, though nothing carries its own tag.
    const regionsViaCountries = regions
      .filter((r) => !shownSlugs.has(r.slug) && regionAnalysisTagSlugs(r).some((slug) => shownSlugs.has(slug)))
      .map((r) => ({ slug: r.slug, name: r.name, kind: 'region' }));
    return { experts, tags: [...shown, ...regionsViaCountries].sort((a, b) => a.name.localeCompare(b.name, 'en')), languages };
  });

  // The languages articles are published in, for a language asked for that is no edition's: once per content change.
  const publishedLanguages = memoPerGeneration(() => searchableLanguages(reader));

  /**
   * A language to search in must be one of the site's editions (which may have no articles yet) or one the site has
   * articles in; an edition asked for (the API's) must be one of the site's. Anything else is refused, saying what
   * there is.
   */
  async function checkLanguages(params: SearchParams, editions: Editions, generation: number | undefined): Promise<void> {
    const isEdition = (code: string) => editions.languages.includes(code as EditionLanguage);
    if (params.language !== undefined && !isEdition(params.language)) {
      const languages = await publishedLanguages(generation);
      if (!languages.includes(params.language)) {
        const known = [...new Set([...editions.languages, ...languages])].join(', ');
        throw new HttpError(400, 'bad_request', `There are no articles in the language "${params.language}"; this site has ${known}`, 'language');
      }
    }
    if (params.edition !== undefined && !isEdition(params.edition)) {
      throw new HttpError(400, 'bad_request', `This site has no "${params.edition}" edition; its editions are ${editions.languages.join(', ')}`, 'edition');
    }
  }

  app.get('/search', async (request, reply) => {
    const site = await ctx.siteView(requestedEdition(request));
    const { locale } = site;
    const { editions } = locale;
    const choices = await filterChoices(request.cacheGeneration);
    const render = (status: number, params: SearchPageParams, results?: SearchPageResults, problem?: string) =>
      sendHtml(
        request,
        reply,
        renderDocument(
          <SearchPage site={site} params={params} choices={choices} results={results} problem={problem} editionFirst={editions.languages.length > 1} alternates={alternatesOf(locale, params)} />,
          locale,
        ),
        { status, cacheable: !params.q },
      );
    let params: SearchParams;
    try {
      params = parseSearchParams(request.query);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const raw = request.query as Record<string, unknown>;
      return render(err.status, { q: typeof raw.q === 'string' ? raw.q.slice(0, 2000) : '' }, undefined, locale.t('search.unusable', { field: err.field ?? 'other' }));
    }
    const shown = pageParamsOf(params);
    try {
      await checkLanguages(params, editions, request.cacheGeneration);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return render(err.status, shown, undefined, locale.t('search.unusable', { field: err.field ?? 'other' }));
    }
    if (params.q.trim() === '') return render(200, shown);
    if (!isSearchable(parseQuery(params.q))) return render(200, shown, undefined, locale.t('search.nothingToFind'));
    try {
      const plan = planOf(params, editions, locale.language);
      const [{ found, inOtherEditions }, sitePages] = await Promise.all([runPlan(params, plan, pageSizeOnPages, editions, request.cacheGeneration), sitePagesFor(params, request.cacheGeneration)]);
      const cardOf = (hit: (typeof found.hits)[number]) => ({ article: hit.article, language: hit.article.language, excerptHtml: hit.excerptHtml });
      const otherEditions: OtherEditionResults[] = inOtherEditions.map(({ edition, found: other }) => ({
        edition,
        total: other.total,
        totalIsExact: other.totalIsExact,
        cards: other.hits.map(cardOf),
        href: locale.pathIn(edition, searchPath(shown)),
      }));
      return render(200, shown, { total: found.total, totalIsExact: found.totalIsExact, page: found.page, pages: found.pages, cards: found.hits.map(cardOf), sitePages, otherEditions });
    } catch (err) {
      if (err instanceof Refusal && err.kind === 'not_found') {
        const field = err.field === 'expert' ? 'expert' : 'tag';
        return render(404, shown, undefined, locale.t('search.unknownFilter', { field, slug: (field === 'expert' ? params.expert : params.tag) ?? '' }));
      }
      throw err;
    }
  });

  app.get('/api/v1/public/search', async (request) => {
    const params = parseSearchParams(request.query);
    const site = await ctx.siteView();
    const { editions } = site.locale;
    await checkLanguages(params, editions, request.cacheGeneration);
    const edition = params.edition as EditionLanguage | undefined;
    const plan = planOf(params, editions, edition);
    const [{ found, inOtherEditions }, sitePages] = await Promise.all([runPlan(params, plan, params.limit ?? 10, editions, request.cacheGeneration), sitePagesFor(params, request.cacheGeneration)]);
    const { publicUrl } = ctx.config;
    const itemOf = ({ article, excerptHtml, score }: (typeof found.hits)[number]) => ({ ...publicArticleItem(article, publicUrl), excerpt_html: excerptHtml, score });
    const language = edition ?? defaultLanguageOf(editions);
    const words = (key: MessageKey, values?: MessageValues) => translate(language, key, values);
    const count = resultCount(words, found.total, found.totalIsExact);
    return {
      pages_of_site: sitePages.map((hit) => ({ title: hit.title, url: publicUrl + hit.path, excerpt_html: hit.excerptHtml })),
      items: found.hits.map(itemOf),
      total: found.total,
      total_is_exact: found.totalIsExact,
      page: found.page,
      limit: found.pageSize,
      pages: found.pages,
      next_page: found.page < found.pages ? found.page + 1 : null,
      edition: edition ?? null,
      other_editions: inOtherEditions.map(({ edition: other, found: there }) => ({
        edition: other,
        total: there.total,
        total_is_exact: there.totalIsExact,
        url: publicUrl + site.locale.pathIn(other, searchPath(pageParamsOf(params))),
        items: there.hits.map(itemOf),
        texts: {
          heading: words('search.inEdition', { edition: other, count: resultCount(words, there.total, there.totalIsExact) }),
          all_results: words('search.allInEdition', { edition: other }),
        },
      })),
      // What a reader's page says of this answer, in the edition's words (the search-as-you-type script shows them).
      texts: {
        count,
        status: found.total > 0 ? words('search.status', { count, words: params.q }) : words(inOtherEditions.length ? 'search.statusElsewhere' : 'search.statusNothing', { words: params.q }),
        all_results: found.total === 0 ? words('search.noResults') : words('search.allResults', { count }),
        page_of: words('search.pageOf', { page: found.page, pages: found.pages }),
        previous: words('search.previous'),
        next: words('search.next'),
        result_pages: words('search.resultPages'),
      },
    };
  });
}
