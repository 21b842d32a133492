import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { pageLimit } from '../http/schemas.ts';
import { isSlug } from '../db/slug.ts';
import type { Db } from '../schema.ts';
import { getExpertBySlug, getExpertTranslationsByIds, listExperts, type Expert, type ExpertTranslations } from './store.ts';
import { createExpert, deleteExpert, updateExpert, type ExpertChanges, type ExpertInput } from './commands.ts';
import { expertJson } from './present.ts';

const listQuery = z.object({ cursor: z.string().max(300).optional(), limit: pageLimit });

/** The texts in other languages as the API takes them: `{ ru: { name, title, affiliation, bio } }`. */
const translationsJson = (translations: ExpertTranslations = {}) =>
  Object.fromEntries(Object.entries(translations).map(([language, t]) => [language, { name: t.name, title: t.position, affiliation: t.affiliation, bio: t.bio }]));

/** Experts as the API answers, each with its texts in other languages (one query for all of them). */
async function expertsJson(handle: Db, experts: Expert[], publicUrl: string) {
  const translations = await getExpertTranslationsByIds(
    handle,
    experts.map((e) => e.id),
  );
  return experts.map((e) => ({ ...expertJson(e, publicUrl), translations: translationsJson(translations.get(e.id)) }));
}
const oneExpertJson = async (handle: Db, expert: Expert, publicUrl: string) => (await expertsJson(handle, [expert], publicUrl))[0]!;

export async function expertRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  async function expertFromPath(slug: string): Promise<Expert> {
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no such expert');
    return expert;
  }

  app.post('/api/v1/experts', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const expert = await createExpert(requestContext(ctx, request), actor, request.body as ExpertInput);
    return reply
      .status(201)
      .header('location', `/api/v1/public/experts/${expert.slug}`)
      .send(await oneExpertJson(handle, expert, ctx.config.publicUrl));
  });

  app.patch<{ Params: { slug: string } }>('/api/v1/experts/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const expert = await updateExpert(requestContext(ctx, request), actor, { slug: request.params.slug }, request.body as ExpertChanges);
    return oneExpertJson(handle, expert, ctx.config.publicUrl);
  });

  app.delete<{ Params: { slug: string } }>('/api/v1/experts/:slug', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    await deleteExpert(requestContext(ctx, request), actor, { slug: request.params.slug });
    return reply.status(204).send();
  });

  app.get('/api/v1/public/experts', async (request) => {
    const query = parseInput(listQuery, request.query);
    const rows = await listExperts(handle, { cursor: decodeCursor(query.cursor), limit: query.limit + 1 });
    const page = keysetPage(rows, query.limit, (e) => e.createdAt);
    return { items: await expertsJson(handle, page.items, ctx.config.publicUrl), next_cursor: page.next ?? null };
  });

  app.get<{ Params: { slug: string } }>('/api/v1/public/experts/:slug', async (request) => {
    return oneExpertJson(handle, await expertFromPath(request.params.slug), ctx.config.publicUrl);
  });
}
