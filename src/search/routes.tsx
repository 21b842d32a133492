import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { notFound, Refusal } from '../core/refusals.ts';
import { sendHtml } from '../http/pages.ts';
import { memoPerGeneration, memoRowsPerGeneration } from '../http/generation-memo.ts';
import { lockKeys, withAdvisoryLock } from '../db/lock.ts';
import { readerOf } from '../db/connect.ts';
import { renderDocument } from '../views/render.ts';
import { getExpertBySlug, listAllExperts } from '../experts/store.ts';
import { listTags } from '../tags/store.ts';
import { regionBySlug, regions } from '../places/regions.ts';
import { countryByTagSlug } from '../places/countries.ts';
import { regionAnalysisTagSlugs } from '../places/tags.ts';
import { getPublishedArticlesByIds, publishedTagIds } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { publicArticleItem } from '../articles/routes.tsx';
import { ensureSearchIndex } from './documents.ts';
import { pageSearcher } from './pages.ts';
import { parseSearchParams, type SearchParams } from './input.ts';
import { isSearchable, parseQuery } from './text.ts';
import { maxSearchPage, searchableLanguages, searchArticles, type SearchFilters } from './search.ts';
import { SearchPage, type FilterChoices, type SearchPageResults } from './views.tsx';

const pageSizeOnPages = 10;

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
    if (ids.length === 0 && !region && !countryByTagSlug(slug)) throw notFound(`There is no topic, region or country "${slug}"`);
    return ids;
  }

  /** The filters as ids; an expert or tag that does not exist is not found (404). */
  async function filtersOf(params: SearchParams): Promise<SearchFilters> {
    const expert = params.expert ? await getExpertBySlug(handle, params.expert) : undefined;
    if (params.expert && !expert) throw notFound(`There is no expert "${params.expert}"`);
    return { expertId: expert?.id, tagIds: params.tag ? await tagIdsOf(params.tag) : undefined, language: params.language, from: params.from, to: params.to };
  }

  /**
   * The cards of the articles found, by id, each read once per content generation: the same articles come up in
   * search after search, and reading and presenting ten of them cost more than the search itself.
   */
  const cardsById = memoRowsPerGeneration(async (ids: number[]) => {
    const articles = await getPublishedArticlesByIds(handle, ids);
    const cards = await presentArticles(handle, [...articles.values()], { withTags: true });
    return new Map(cards.map((c) => [c.id, c]));
  });

  /** The page's hits with their articles, in the engine's order. */
  async function runSearch(params: SearchParams, pageSize: number, generation: number | undefined) {
    const results = await searchArticles(reader, { query: params.q, filters: await filtersOf(params), sort: params.sort, page: params.page, pageSize });
    const byId = await cardsById(
      generation,
      results.items.map((i) => i.articleId),
    );
    const hits = results.items.flatMap((i) => {
      const article = byId.get(i.articleId);
      return article ? [{ article, excerptHtml: i.excerptHtml, score: i.rank }] : [];
    });
    return { ...results, hits, pages: Math.min(Math.ceil(results.total / results.pageSize), maxSearchPage) };
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

  app.get('/search', async (request, reply) => {
    const render = async (status: number, params: Partial<SearchParams>, results?: SearchPageResults, problem?: string) =>
      sendHtml(request, reply, renderDocument(<SearchPage site={await ctx.siteView()} params={params} choices={await filterChoices(request.cacheGeneration)} results={results} problem={problem} />), {
        status,
        cacheable: !params.q,
      });
    let params: SearchParams;
    try {
      params = parseSearchParams(request.query);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const raw = request.query as Record<string, unknown>;
      return render(err.status, { q: typeof raw.q === 'string' ? raw.q.slice(0, 2000) : '' }, undefined, `We could not use this search: ${err.message}.`);
    }
    if (params.q.trim() === '') return render(200, params);
    if (!isSearchable(parseQuery(params.q))) {
      return render(200, params, undefined, 'Type a word to search for: signs, operators and very common words such as "the" alone find nothing.');
    }
    try {
      const [found, sitePages] = await Promise.all([runSearch(params, pageSizeOnPages, request.cacheGeneration), sitePagesFor(params, request.cacheGeneration)]);
      return render(200, params, { total: found.total, totalIsExact: found.totalIsExact, page: found.page, pages: found.pages, cards: found.hits, sitePages });
    } catch (err) {
      if (err instanceof Refusal && err.kind === 'not_found') return render(404, params, undefined, `${err.message}. Choose another filter.`);
      throw err;
    }
  });

  app.get('/api/v1/public/search', async (request) => {
    const params = parseSearchParams(request.query);
    const [found, sitePages] = await Promise.all([runSearch(params, params.limit ?? 10, request.cacheGeneration), sitePagesFor(params, request.cacheGeneration)]);
    const { publicUrl } = ctx.config;
    return {
      pages_of_site: sitePages.map((hit) => ({ title: hit.title, url: publicUrl + hit.path, excerpt_html: hit.excerptHtml })),
      items: found.hits.map(({ article, excerptHtml, score }) => ({ ...publicArticleItem(article, publicUrl), excerpt_html: excerptHtml, score })),
      total: found.total,
      total_is_exact: found.totalIsExact,
      page: found.page,
      limit: found.pageSize,
      pages: found.pages,
      next_page: found.page < found.pages ? found.page + 1 : null,
    };
  });
}
