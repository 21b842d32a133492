import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { getExpertBySlug, listAllExperts, type Expert } from '../experts/store.ts';
import { expertPath, presentExperts } from '../experts/present.ts';
import { BlogsPage, ExpertBlogPage } from '../experts/views.tsx';
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
    const experts = await listAllExperts(handle);
    const [views, latestRows] = await Promise.all([
      presentExperts(handle, experts),
      latestPublishedByExpert(
        handle,
        experts.map((e) => e.id),
      ),
    ]);
    const latest = new Map((await presentArticles(handle, latestRows, { knownExperts: experts })).map((card, i) => [latestRows[i]!.expertId, card]));
    const items = views.map((expert, i) => ({ expert, latest: latest.get(experts[i]!.id) }));
    return sendHtml(request, reply, renderDocument(<BlogsPage site={await ctx.siteView()} experts={items} />));
  });

  app.get<{ Params: { expert: string } }>('/blogs/:expert', async (request, reply) => {
    const { cursor: rawCursor } = parseInput(blogQuery, request.query);
    const expert = await expertFromPath(request.params.expert);
    const cursor = decodeCursor(rawCursor);
    const rows = await listPublishedArticles(handle, { expertId: expert.id, limit: blogPageSize + 1, cursor });
    const page = keysetPage(rows, blogPageSize, (a) => a.publishedAt!);
    const [view] = await presentExperts(handle, [expert]);
    const articles = await presentArticles(handle, page.items, { knownExperts: [expert], maxImageWidth: 1200 });
    const olderHref = page.next ? `${expertPath(expert.slug)}?cursor=${page.next}` : undefined;
    const html = renderDocument(<ExpertBlogPage site={await ctx.siteView()} expert={view!} articles={articles} olderHref={olderHref} isFirstPage={!cursor} />);
    return sendHtml(request, reply, html, { nextPage: olderHref });
  });
}
