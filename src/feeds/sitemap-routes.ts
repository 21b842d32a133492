import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../core/refusals.ts';
import { sendCacheable } from '../http/pages.ts';
import { readerOf } from '../db/connect.ts';
import { memoPerGeneration } from '../http/generation-memo.ts';
import { latestPublishedByExpert, listPublishedArticleStamps, publishedArticleChunks, publishedTagIds, type ArticleStamp, type PublicationKey } from '../articles/store.ts';
import { articlePath, lastChangedAt } from '../articles/present.ts';
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

  /** Every public page worth indexing other than the articles, which come in chunks. */
  async function pageEntries(): Promise<SitemapEntry[]> {
    const experts = await listAllExperts(handle);
    const [latest, tagIds, polls, standalonePages] = await Promise.all([
      latestPublishedByExpert(
        handle,
        experts.map((e) => e.id),
      ),
      publishedTagIds(handle),
      listPolls(handle),
      listPublishedPagePaths(handle),
    ]);
    const publishing = new Set(latest.map((a) => a.expertId));
    const tags = [...(await getTagsByIds(handle, [...tagIds])).values()];
    const paths = [
      '/',
      '/blogs',
      '/polls',
      '/regions',
      '/countries',
      '/glossary',
      ...Object.values(portalPublicPaths),
      ...experts.filter((e) => publishing.has(e.id)).map((e) => expertPath(e.slug)),
      ...topicAndPlacePaths(tags),
    ];
    const pollPages = polls.filter((p) => p.status !== 'draft').map((p) => ({ loc: absolute(`/polls/${p.id}`), lastmod: p.updatedAt }));
    const institutionPages = standalonePages.map((p) => ({ loc: absolute(pageHref(p.path)), lastmod: p.updatedAt }));
    return [...paths.map((p) => ({ loc: absolute(p) })), ...pollPages, ...institutionPages];
  }

  /** Published articles from `first` on (oldest first), `count` of them at most, as sitemap entries. */
  async function articleEntries(first: PublicationKey, count: number): Promise<SitemapEntry[]> {
    const slugs = new Map((await listAllExperts(handle)).map((e) => [e.id, e.slug]));
    const entries: SitemapEntry[] = [];
    let from = first;
    for (let left = count; left > 0;) {
      const batch: ArticleStamp[] = await listPublishedArticleStamps(handle, from, Math.min(stampBatch, left));
      for (const a of batch) {
        const expert = slugs.get(a.expertId);
        if (expert) entries.push({ loc: absolute(articlePath(expert, a.slug)), lastmod: lastChangedAt(a) });
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
