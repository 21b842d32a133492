import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../core/refusals.ts';
import { sendCacheable } from '../http/pages.ts';
import { readerOf } from '../db/connect.ts';
import { memoPerGeneration } from '../http/generation-memo.ts';
import { latestPublishedByExpert, listPublishedArticleStamps, publishedArticleChunks, publishedTagIds, publishedVersionsInGroups, type ArticleStamp, type PublicationKey } from '../articles/store.ts';
import { defaultLanguageOf, editionFilter, editionOf, editionPrefix, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { pollPathIn } from '../polls/present.ts';
import { lastChangedAt } from '../articles/present.ts';
import { articlePath } from '../articles/paths.ts';
import { listAllExperts } from '../experts/store.ts';
import { expertPath } from '../experts/present.ts';
import { getTagsByIds } from '../tags/store.ts';
import { listPolls } from '../polls/store.ts';
import { portalPublicPaths } from '../portals/store.ts';
import { listPublishedPagePaths } from '../standalone-pages/store.ts';
import { pageHref } from '../standalone-pages/paths.ts';
import { regionPath, regions } from '../places/regions.ts';
import { placePathOfTag, regionAnalysisTagSlugs } from '../places/tags.ts';
import { maxSitemapUrls, robotsTxt, sitemapIndexXml, urlsetXml, type SitemapEntry } from './sitemap.ts';

export interface SitemapOptions {
  /** Addresses per sitemap file (the protocol allows 50,000); past it, /sitemap.xml becomes an index. */
  sitemapChunkSize?: number;
}

const xmlType = 'application/xml; charset=utf-8';
/** Rows read per query while walking every article: bounded memory, and each query stays quick. */
const stampBatch = 10_000;

/**
 * The pages of the tags published articles carry: a topic's tag page, a place's own page (where its tag
 * page leads), and the page of each region one of whose countries has analysis.
 */
function topicAndPlacePaths(tags: Array<{ slug: string; kind: string }>): string[] {
  const slugs = new Set(tags.map((t) => t.slug));
  const regionsViaCountries = regions.filter((r) => regionAnalysisTagSlugs(r).some((slug) => slugs.has(slug))).map(regionPath);
  return [...new Set([...tags.map((t) => placePathOfTag(t) ?? `/tags/${t.slug}`), ...regionsViaCountries])].sort();
}

export async function sitemapRoutes(app: FastifyInstance, ctx: AppContext, options: SitemapOptions) {
  // Sitemaps read the whole archive, 10,000 rows a query: on SQLite, on the read pool's threads, off the event loop.
  const handle = readerOf(ctx.handle);
  const chunkSize = options.sitemapChunkSize ?? maxSitemapUrls;
  const absolute = (path: string) => ctx.config.publicUrl + path;
  // Cutting the archive into chunks reads every published article: once per content change, not per
  // request for the index and each of its files.
  const articleChunks = memoPerGeneration(() => publishedArticleChunks(handle, chunkSize));

  /** The same page in each of these editions, itself included, and x-default (the default edition's) where it has one. */
  function alternatesAmong(editions: Editions, byEdition: Map<EditionLanguage, string>): SitemapEntry['alternates'] {
    if (byEdition.size < 2) return undefined;
    const alternates = editions.languages.flatMap((language) => (byEdition.has(language) ? [{ hreflang: language, href: absolute(byEdition.get(language)!) }] : []));
    const fallback = byEdition.get(defaultLanguageOf(editions));
    return fallback === undefined ? alternates : [...alternates, { hreflang: 'x-default', href: absolute(fallback) }];
  }

  /** A page every edition has at the same path (a listing), once per edition, each naming the others. */
  function inEveryEdition(editions: Editions, path: string): SitemapEntry[] {
    const byEdition = new Map(editions.languages.map((language) => [language, editionPrefix(editions, language) + path] as const));
    const alternates = alternatesAmong(editions, byEdition);
    return [...byEdition.values()].map((loc) => ({ loc: absolute(loc), alternates }));
  }

  /** Every public page worth indexing other than the articles, which come in chunks. */
  async function pageEntries(): Promise<SitemapEntry[]> {
    const { editions } = (await ctx.siteView()).locale;
    const experts = await listAllExperts(handle);
    const [latestByEdition, tagIds, polls, standalonePages] = await Promise.all([
      Promise.all(
        editions.languages.map((language) =>
          latestPublishedByExpert(
            handle,
            experts.map((e) => e.id),
            editionFilter(editions, language),
          ),
        ),
      ),
      publishedTagIds(handle),
      listPolls(handle),
      listPublishedPagePaths(handle),
    ]);
    const tags = [...(await getTagsByIds(handle, [...tagIds])).values()];
    const listings = ['/', '/blogs', '/polls', '/regions', '/countries', '/glossary', ...Object.values(portalPublicPaths)].flatMap((path) => inEveryEdition(editions, path));
    // An expert's blog is listed in each edition they publish in.
    const blogs = experts.flatMap((expert) => {
      const byEdition = new Map(
        editions.languages.flatMap((language, i) =>
          latestByEdition[i]!.some((a) => a.expertId === expert.id) ? [[language, editionPrefix(editions, language) + expertPath(expert.slug)] as const] : [],
        ),
      );
      const alternates = alternatesAmong(editions, byEdition);
      return [...byEdition.values()].map((loc) => ({ loc: absolute(loc), alternates }));
    });
    const topics = topicAndPlacePaths(tags).map((p) => ({ loc: absolute(p) }));
    const pollPages = polls.filter((p) => p.status !== 'draft').map((p) => ({ loc: absolute(pollPathIn(editions, p)), lastmod: p.updatedAt }));
    const institutionPages = standalonePages.map((p) => ({ loc: absolute(pageHref(p.path)), lastmod: p.updatedAt }));
    return [...listings, ...blogs, ...topics, ...pollPages, ...institutionPages];
  }

  /** Published articles from `first` on (oldest first), `count` of them at most, as sitemap entries with their versions in other languages. */
  async function articleEntries(first: PublicationKey, count: number): Promise<SitemapEntry[]> {
    const { editions } = (await ctx.siteView()).locale;
    const slugs = new Map((await listAllExperts(handle)).map((e) => [e.id, e.slug]));
    const pathOf = (a: { expertId: number; slug: string; language: string }) => {
      const expert = slugs.get(a.expertId);
      return expert === undefined ? undefined : articlePath(expert, a.slug, editionPrefix(editions, a.language));
    };
    const entries: SitemapEntry[] = [];
    let from = first;
    for (let left = count; left > 0;) {
      const batch: ArticleStamp[] = await listPublishedArticleStamps(handle, from, Math.min(stampBatch, left));
      const groups = await publishedVersionsInGroups(
        handle,
        batch.flatMap((a) => (a.translationGroup === null ? [] : [a.translationGroup])),
      );
      for (const a of batch) {
        const path = pathOf(a);
        if (path === undefined) continue;
        // As on the article's page: versions in a language with an edition of its own name each other; one in
        // a language without (read in the default edition) names none.
        const hasOwnEdition = (language: string) => editionOf(editions, language) === language;
        const versions = a.translationGroup === null || !hasOwnEdition(a.language) ? [] : (groups.get(a.translationGroup) ?? []);
        const byEdition = new Map<EditionLanguage, string>();
        for (const version of versions) {
          const versionPath = pathOf(version);
          if (versionPath !== undefined && hasOwnEdition(version.language)) byEdition.set(editionOf(editions, version.language), version.id === a.id ? path : versionPath);
        }
        entries.push({ loc: absolute(path), lastmod: lastChangedAt(a), alternates: alternatesAmong(editions, byEdition) });
      }
      const last = batch[batch.length - 1];
      if (!last || batch.length === left) break;
      left -= batch.length;
      from = { publishedAt: last.publishedAt, id: last.id + 1 };
    }
    return entries;
  }

  app.get('/sitemap.xml', async (request, reply) => {
    const [pages, chunks] = await Promise.all([pageEntries(), articleChunks(request.cacheGeneration)]);
    const articleCount = chunks.reduce((n, c) => n + c.count, 0);
    if (pages.length + articleCount <= chunkSize) {
      const articles = chunks[0] ? await articleEntries(chunks[0].first, articleCount) : [];
      return sendCacheable(request, reply, urlsetXml([...pages, ...articles]), xmlType);
    }
    const index = [{ loc: absolute('/sitemaps/pages.xml') }, ...chunks.map((c, i) => ({ loc: absolute(`/sitemaps/articles-${i + 1}.xml`), lastmod: c.lastModified }))];
    return sendCacheable(request, reply, sitemapIndexXml(index), xmlType);
  });

  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (request, reply) => {
    const { file } = request.params;
    if (file === 'pages.xml') return sendCacheable(request, reply, urlsetXml(await pageEntries()), xmlType);
    const number = /^articles-([1-9]\d{0,8})\.xml$/.exec(file)?.[1];
    const chunk = number ? (await articleChunks(request.cacheGeneration))[Number(number) - 1] : undefined;
    if (!chunk) throw notFound('There is no such sitemap');
    return sendCacheable(request, reply, urlsetXml(await articleEntries(chunk.first, chunk.count)), xmlType);
  });

  app.get('/robots.txt', async (request, reply) => sendCacheable(request, reply, robotsTxt(ctx.config.publicUrl), 'text/plain; charset=utf-8'));
}
