import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../core/refusals.ts';
import { sendCacheable } from '../http/pages.ts';
import { isSlug } from '../db/slug.ts';
import type { SiteView } from '../views/site.ts';
import { requestedEdition } from '../http/editions.ts';
import { editionFilter } from '../views/i18n/languages.ts';
import { listPublishedArticles, publishedBodiesByIds, type ArticleSummary } from '../articles/store.ts';
import { lastChangedAt, presentArticles, type ArticleCard } from '../articles/present.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { blogTitle, expertPath } from '../experts/present.ts';
import { getTagBySlug, listTags } from '../tags/store.ts';
import { countryByCode, countryPath } from '../places/countries.ts';
import { regionBySlug, regionPath } from '../places/regions.ts';
import { placePathOfTag, regionAnalysisTagSlugs } from '../places/tags.ts';
import { feedContentHtml } from './content.ts';
import { renderFeed, type FeedChannel, type FeedEntry } from './documents.ts';
import { expertFeedBase, feedContentTypes, feedFormats, feedPath, siteFeedBase, tagFeedBase, type FeedFormat } from '../views/feed-links.tsx';
import { sitemapRoutes, type SitemapOptions } from './sitemap-routes.ts';

/**
 * Items in each feed. Enough that a reader who looks once a day misses nothing even in a busy week, few
 * enough that a feed of full texts stays well under a megabyte.
 */
export const feedLength = 20;

/** The articles a feed of this edition of the site lists: those of its language. */
const editionOfSite = (site: SiteView) => editionFilter(site.locale.editions, site.locale.language);

/** What a feed follows: its page, where its feeds live, and what it says about itself. */
export interface FeedSubject {
  title: string;
  description: string;
  pagePath: string;
  feedBase: string;
  author?: { name: string; url: string };
}

function entryOf(card: ArticleCard, row: ArticleSummary, bodyHtml: string, publicUrl: string): FeedEntry {
  const url = publicUrl + card.url;
  const image = card.image && { src: publicUrl + card.image.src, width: card.image.width, height: card.image.height, alt: card.image.alt, credit: card.image.credit };
  return {
    url,
    title: card.title,
    lead: card.lead,
    contentHtml: feedContentHtml(bodyHtml, url, publicUrl, image),
    publishedAt: card.publishedAt,
    updatedAt: lastChangedAt({ updatedAt: row.updatedAt, publishedAt: card.publishedAt }),
    language: card.language,
    authors: card.authors.map((author) => ({ name: author.name, url: publicUrl + author.url })),
    tags: card.tags.map((t) => ({ slug: t.slug, name: t.name })),
    ...(image && { image: { url: image.src, type: 'image/jpeg' } }),
  };
}

/** The subject of a feed of analysis on something: a topic, a region, a country. */
const topicSubject = (site: SiteView, name: string, pagePath: string): FeedSubject => ({
  title: `${name} — ${site.name}`,
  description: site.locale.t('feed.topicDescription', { name, site: site.name }),
  pagePath,
  feedBase: pagePath,
});

/** A feed of these articles (newest first), about this subject, in one format. */
export async function feedDocument(ctx: AppContext, site: SiteView, subject: FeedSubject, rows: ArticleSummary[], format: FeedFormat): Promise<string> {
  const [cards, bodies] = await Promise.all([
    presentArticles(ctx.handle, rows, { withTags: true, editions: site.locale.editions }),
    publishedBodiesByIds(
      ctx.handle,
      rows.map((r) => r.id),
    ),
  ]);
  const rowsById = new Map(rows.map((r) => [r.id, r]));
  const entries = cards.map((card) => entryOf(card, rowsById.get(card.id)!, bodies.get(card.id) ?? '', site.publicUrl));
  return renderFeed(channelOf(site, subject), entries, format);
}

/** The feed's own description. Its paths are the default edition's: the edition's prefix is put on here. */
function channelOf(site: SiteView, subject: FeedSubject): FeedChannel {
  const absolute = (path: string) => site.publicUrl + site.locale.path(path);
  return {
    title: subject.title,
    description: subject.description,
    pageUrl: absolute(subject.pagePath),
    feedUrls: Object.fromEntries(feedFormats.map((f) => [f, absolute(feedPath(subject.feedBase, f))])) as Record<FeedFormat, string>,
    siteName: site.name,
    iconUrl: site.publicUrl + site.assets.favicon,
    language: site.locale.language,
    ...(subject.author && { author: { name: subject.author.name, url: absolute(subject.author.url) } }),
  };
}

/**
 * What a route finds for its feed: the subject and its newest articles, or the base of the feed that
 * now stands for it (`movedTo`); it throws notFound when there is none.
 */
export type FeedLookup<P> = (params: P, site: SiteView) => Promise<{ subject: FeedSubject; rows: ArticleSummary[] } | { movedTo: string }>;

/** Registers a subject's three feeds under `basePattern` (e.g. `/tags/:tag` → `/tags/:tag/feed.xml`, …). */
export function registerFeeds<P>(app: FastifyInstance, ctx: AppContext, basePattern: string, lookup: FeedLookup<P>): void {
  for (const format of feedFormats) {
    app.get(feedPath(basePattern, format), async (request: FastifyRequest, reply) => {
      const site = await ctx.siteView(requestedEdition(request));
      const found = await lookup(request.params as P, site);
      if ('movedTo' in found) return reply.redirect(site.locale.path(feedPath(found.movedTo, format)), 301);
      return sendCacheable(request, reply, await feedDocument(ctx, site, found.subject, found.rows, format), feedContentTypes[format]);
    });
  }
}

export async function feedRoutes(app: FastifyInstance, ctx: AppContext, options: SitemapOptions = {}) {
  const { handle } = ctx;

  registerFeeds(app, ctx, siteFeedBase, async (_params, site) => ({
    subject: { title: site.name, description: site.description || site.tagline || site.name, pagePath: '/', feedBase: siteFeedBase },
    rows: await listPublishedArticles(handle, { limit: feedLength, edition: editionOfSite(site) }),
  }));

  registerFeeds<{ expert: string }>(app, ctx, expertFeedBase(':expert'), async ({ expert: slug }, site) => {
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no such expert');
    const blog = blogTitle(expert.name, site.locale);
    const subject: FeedSubject = {
      title: `${blog} — ${site.name}`,
      description: expert.bio || site.locale.t('feed.blogDescription', { blog, site: site.name }),
      pagePath: expertPath(expert.slug),
      feedBase: expertFeedBase(expert.slug),
      author: { name: expert.name, url: expertPath(expert.slug) },
    };
    return { subject, rows: await listPublishedArticles(handle, { expertId: expert.id, limit: feedLength, edition: editionOfSite(site) }) };
  });

  // Like the tag's page, its feed exists once something published carries the tag, and a place's tag
  // leads to its place's feed, as its page does.
  registerFeeds<{ tag: string }>(app, ctx, tagFeedBase(':tag'), async ({ tag: slug }, site) => {
    const tag = isSlug(slug) ? await getTagBySlug(handle, slug) : undefined;
    const placePath = tag && placePathOfTag(tag);
    if (placePath) return { movedTo: placePath };
    const rows = tag ? await listPublishedArticles(handle, { tagId: tag.id, limit: feedLength, edition: editionOfSite(site) }) : [];
    if (!tag || rows.length === 0) throw notFound('There is no such topic');
    return { subject: topicSubject(site, tag.name, tagFeedBase(tag.slug)), rows };
  });

  /** The newest published articles carrying any of the tags with these slugs. */
  async function newestTagged(tagSlugs: string[], site: SiteView): Promise<ArticleSummary[]> {
    const wanted = new Set(tagSlugs);
    const tagIds = (await listTags(handle)).filter((t) => wanted.has(t.slug)).map((t) => t.id);
    return listPublishedArticles(handle, { tagIds, limit: feedLength, edition: editionOfSite(site) });
  }

  // A region's feed holds what its page lists (see regionAnalysisTagSlugs).
  registerFeeds<{ slug: string }>(app, ctx, regionPath({ slug: ':slug' }), async ({ slug }, site) => {
    const region = isSlug(slug) ? regionBySlug(slug) : undefined;
    if (!region) throw notFound('There is no such region');
    const rows = await newestTagged(regionAnalysisTagSlugs(region), site);
    return { subject: topicSubject(site, region.name, regionPath(region)), rows };
  });

  registerFeeds<{ code: string }>(app, ctx, '/countries/:code', async ({ code }, site) => {
    const country = /^[a-z]{2}$/i.test(code) ? countryByCode(code) : undefined;
    if (!country) throw notFound('There is no such country');
    return { subject: topicSubject(site, country.name, countryPath(country)), rows: await newestTagged([country.tagSlug], site) };
  });

  await sitemapRoutes(app, ctx, options);
}
