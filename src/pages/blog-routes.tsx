import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { expertsInLanguage, getExpertBySlug, listAllExperts, type Expert } from '../experts/store.ts';
import { requestedEdition } from '../http/editions.ts';
import { editionFilter } from '../views/i18n/languages.ts';
import { expertPath, presentExperts } from '../experts/present.ts';
import { BlogsPage, ExpertBlogPage } from '../experts/views.tsx';
import { alternatesWithArticles } from './alternates.ts';
import { latestPublishedByExpert, listPublishedArticles } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';

const blogQuery = z.object({ cursor: z.string().max(300).optional() });
const blogPageSize = 10;

/** The experts' blogs: the list of them with each one's latest article, and each blog's articles. */
export async function blogPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  async function expertFromPath(slug: string): Promise<Expert> {
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no such expert');
    return expert;
  }

  app.get('/blogs', async (request, reply) => {
    const site = await ctx.siteView(requestedEdition(request));
    const { editions, language } = site.locale;
    const experts = await expertsInLanguage(handle, await listAllExperts(handle), language);
    const [views, latestRows] = await Promise.all([
      presentExperts(handle, experts, site.locale),
      latestPublishedByExpert(
        handle,
        experts.map((e) => e.id),
        editionFilter(editions, language),
      ),
    ]);
    const latest = new Map((await presentArticles(handle, latestRows, { knownExperts: experts, editions })).map((card, i) => [latestRows[i]!.expertId, card]));
    const items = views.map((expert, i) => ({ expert, latest: latest.get(experts[i]!.id) }));
    return sendHtml(request, reply, renderDocument(<BlogsPage site={site} experts={items} />, site.locale));
  });

  app.get<{ Params: { expert: string } }>('/blogs/:expert', async (request, reply) => {
    const { cursor: rawCursor } = parseInput(blogQuery, request.query);
    const site = await ctx.siteView(requestedEdition(request));
    const { editions, language, path } = site.locale;
    const [expert] = await expertsInLanguage(handle, [await expertFromPath(request.params.expert)], language);
    const cursor = decodeCursor(rawCursor);
    const rows = await listPublishedArticles(handle, { expertId: expert!.id, limit: blogPageSize + 1, cursor, edition: editionFilter(editions, language) });
    const page = keysetPage(rows, blogPageSize, (a) => a.publishedAt!);
    const [view] = await presentExperts(handle, [expert!], site.locale);
    const articles = await presentArticles(handle, page.items, { knownExperts: [expert!], maxImageWidth: 1200, editions });
    const olderHref = page.next ? path(`${expertPath(expert!.slug)}?cursor=${page.next}`) : undefined;
    const alternates = cursor ? undefined : await alternatesWithArticles(handle, site, expertPath(expert!.slug), { expertId: expert!.id });
    const html = renderDocument(<ExpertBlogPage site={site} expert={view!} articles={articles} olderHref={olderHref} isFirstPage={!cursor} alternates={alternates} />, site.locale);
    return sendHtml(request, reply, html, { nextPage: olderHref });
  });
}
