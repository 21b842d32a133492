import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { listTags, type Tag } from '../tags/store.ts';
import { listPublishedArticles, publishedTagIds } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { FeedLinks } from '../views/feed-links.tsx';
import { allCountries, countryByCode, countryByTagSlug, countryPath, type Country } from '../places/countries.ts';
import { regionBySlug, regionPath, regions, regionsOfCountry, type Region } from '../places/regions.ts';
import { regionAnalysisTagSlugs } from '../places/tags.ts';
import { CountryIndexPage, CountryPage, RegionIndexPage, RegionPage, type RegionEntry } from '../places/views.tsx';
import { countryNameFor, regionNameFor } from '../places/names.ts';
import { requestedEdition } from '../http/editions.ts';
import { editionFilter } from '../views/i18n/languages.ts';
import type { SiteView } from '../views/site.ts';

const pageQuery = z.object({ cursor: z.string().max(300).optional() });
const placePageSize = 12;

/** The query string of a request, "?…" or empty: kept when a request is redirected to a place's canonical address. */
const queryOf = (request: FastifyRequest) => {
  const at = request.url.indexOf('?');
  return at < 0 ? '' : request.url.slice(at);
};

/**
 * Pages of analysis by place: /regions, /regions/:slug, /countries, /countries/:code. A region's page
 * lists what is tagged with the region or with any of its countries; a country's, what is tagged with it.
 */
export async function placeRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  async function tagsBySlug(): Promise<Map<string, Tag>> {
    return new Map((await listTags(handle)).map((t) => [t.slug, t]));
  }

  /** One page of the published articles carrying any of these tags, newest first. */
  async function articlesTagged(request: FastifyRequest, site: SiteView, tagSlugs: string[], path: string) {
    const { cursor: rawCursor } = parseInput(pageQuery, request.query);
    const cursor = decodeCursor(rawCursor);
    const tags = await tagsBySlug();
    const { editions, language } = site.locale;
    const tagIds = tagSlugs.flatMap((slug) => tags.get(slug)?.id ?? []);
    const rows = tagIds.length ? await listPublishedArticles(handle, { tagIds, limit: placePageSize + 1, cursor, edition: editionFilter(editions, language) }) : [];
    const page = keysetPage(rows, placePageSize, (a) => a.publishedAt!);
    return {
      articles: await presentArticles(handle, page.items, { maxImageWidth: 1200, editions }),
      olderHref: page.next ? site.locale.path(`${path}?cursor=${page.next}`) : undefined,
      continued: cursor !== undefined,
    };
  }

  /** The places readers can find analysis on: those whose tag a published article carries. */
  async function placesWithAnalysis(): Promise<{ countries: Country[]; regionSlugs: Set<string> }> {
    const [tags, published] = await Promise.all([listTags(handle), publishedTagIds(handle)]);
    const visible = new Set(tags.filter((t) => published.has(t.id)).map((t) => t.slug));
    return { countries: allCountries().filter((c) => visible.has(c.tagSlug)), regionSlugs: new Set(regions.filter((r) => visible.has(r.slug)).map((r) => r.slug)) };
  }

  app.get('/regions', async (request, reply) => {
    const { countries, regionSlugs } = await placesWithAnalysis();
    const entries: RegionEntry[] = regions
      .map((region) => ({ region, countries: countries.filter((c) => region.members.includes(c.code)) }))
      // An organisation (BRICS, NATO…) is listed for analysis tagged with it, not for its members' alone.
      .filter((e) => regionSlugs.has(e.region.slug) || (e.region.inferred && e.countries.length > 0))
      .sort((a, b) => a.region.name.localeCompare(b.region.name, 'en'));
    const site = await ctx.siteView(requestedEdition(request));
    return sendHtml(request, reply, renderDocument(<RegionIndexPage site={site} entries={entries} />, site.locale));
  });

  app.get<{ Params: { slug: string } }>('/regions/:slug', async (request, reply) => {
    const region: Region | undefined = isSlug(request.params.slug) ? regionBySlug(request.params.slug) : undefined;
    if (!region) throw notFound('There is no such region');
    const members = region.members.flatMap((code) => countryByCode(code) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'en'));
    const site = await ctx.siteView(requestedEdition(request));
    const listing = await articlesTagged(request, site, regionAnalysisTagSlugs(region), `/regions/${region.slug}`);
    const feeds = <FeedLinks publicUrl={site.publicUrl} base={site.locale.path(regionPath(region))} title={regionNameFor(region, site.locale.language)} />;
    return sendHtml(request, reply, renderDocument(<RegionPage site={site} region={region} members={members} head={feeds} {...listing} />, site.locale), { nextPage: listing.olderHref });
  });

  app.get('/countries', async (request, reply) => {
    const { countries } = await placesWithAnalysis();
    const site = await ctx.siteView(requestedEdition(request));
    return sendHtml(request, reply, renderDocument(<CountryIndexPage site={site} countries={countries} />, site.locale));
  });

  app.get<{ Params: { code: string } }>('/countries/:code', async (request, reply: FastifyReply) => {
    const asked = request.params.code;
    // The address is the lower-case ISO code; an upper-case code or the country's tag slug leads there.
    const country = /^[A-Za-z]{2}$/.test(asked) ? countryByCode(asked) : isSlug(asked) ? countryByTagSlug(asked) : undefined;
    if (!country) throw notFound('There is no such country');
    const path = countryPath(country);
    const site = await ctx.siteView(requestedEdition(request));
    if (asked !== path.slice('/countries/'.length)) return reply.redirect(site.locale.path(path) + queryOf(request), 301);
    const listing = await articlesTagged(request, site, [country.tagSlug], path);
    const feeds = <FeedLinks publicUrl={site.publicUrl} base={site.locale.path(path)} title={countryNameFor(country, site.locale.language)} />;
    const page = <CountryPage site={site} country={country} regions={regionsOfCountry(country.code)} head={feeds} {...listing} />;
    return sendHtml(request, reply, renderDocument(page, site.locale), { nextPage: listing.olderHref });
  });
}
