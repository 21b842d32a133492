import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { pageLimit } from '../http/schemas.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { latestPublishedByExpert, listPublishedArticles } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { getExpertBySlug, listAllExperts, listExperts, type Expert } from './store.ts';
import { createExpert, deleteExpert, updateExpert, type ExpertChanges, type ExpertInput } from './commands.ts';
import { expertJson, expertPath, presentExperts } from './present.ts';
import { BlogsPage, ExpertBlogPage } from './views.tsx';

const blogQuery = z.object({ cursor: z.string().max(300).optional() });
const listQuery = z.object({ cursor: z.string().max(300).optional(), limit: pageLimit });
const blogPageSize = 10;

export async function expertRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  async function expertFromPath(slug: string): Promise<Expert> {
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no such expert');
    return expert;
  }

  app.get('/blogs', async (request, reply) => {
    const experts = await listAllExperts(handle);
    const [views, latestRows] = await Promise.all([presentExperts(handle, experts), latestPublishedByExpert(handle, experts.map((e) => e.id))]);
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

  const commandContext = (request: FastifyRequest) => ({ ...ctx, ip: request.ip });

  app.post('/api/v1/experts', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const expert = await createExpert(commandContext(request), actor, request.body as ExpertInput);
    return reply.status(201).header('location', `/api/v1/public/experts/${expert.slug}`).send(expertJson(expert, ctx.config.publicUrl));
  });

  app.patch<{ Params: { slug: string } }>('/api/v1/experts/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const expert = await updateExpert(commandContext(request), actor, { slug: request.params.slug }, request.body as ExpertChanges);
    return expertJson(expert, ctx.config.publicUrl);
  });

  app.delete<{ Params: { slug: string } }>('/api/v1/experts/:slug', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    await deleteExpert(commandContext(request), actor, { slug: request.params.slug });
    return reply.status(204).send();
  });

  app.get('/api/v1/public/experts', async (request) => {
    const query = parseInput(listQuery, request.query);
    const rows = await listExperts(handle, { cursor: decodeCursor(query.cursor), limit: query.limit + 1 });
    const page = keysetPage(rows, query.limit, (e) => e.createdAt);
    return { items: page.items.map((e) => expertJson(e, ctx.config.publicUrl)), next_cursor: page.next ?? null };
  });

  app.get<{ Params: { slug: string } }>('/api/v1/public/experts/:slug', async (request) => {
    return expertJson(await expertFromPath(request.params.slug), ctx.config.publicUrl);
  });
}
