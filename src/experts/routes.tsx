import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import { requireActor } from '../http/auth.ts';
import { conflict, forbidden, invalid, notFound, parseInput } from '../http/errors.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { pageLimit, positiveId, requiredText, slugField, textField } from '../http/schemas.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { getMediaByIds, mediaExists, pictureView } from '../media/store.ts';
import { listPublishedArticles } from '../articles/store.ts';
import { presentArticles, expertPath } from '../articles/present.ts';
import { createExpert, deleteExpert, expertSlugTaken, getExpertBySlug, listAllExperts, listExperts, updateExpert, type Expert } from './store.ts';
import { BlogsPage, ExpertBlogPage, type ExpertView } from './views.tsx';

const expertFields = {
  name: requiredText(200),
  slug: slugField.optional(),
  title: textField(300).optional(),
  affiliation: textField(300).optional(),
  bio: textField(5000).optional(),
  photo: positiveId.nullable().optional(),
};
const createSchema = z.object(expertFields).strict();
const updateSchema = z.object(expertFields).partial().strict();
const blogQuery = z.object({ cursor: z.string().max(300).optional() });
const listQuery = z.object({ cursor: z.string().max(200).optional(), limit: pageLimit });

/** Only admins and editors manage expert profiles. */
const canManageExperts = (role: string) => role === 'admin' || role === 'editor';

export async function presentExperts(handle: Db, experts: Expert[]): Promise<ExpertView[]> {
  const media = await getMediaByIds(handle, experts.flatMap((e) => (e.photoMediaId ? [e.photoMediaId] : [])));
  return experts.map((e) => {
    const photo = e.photoMediaId ? media.get(e.photoMediaId) : undefined;
    return {
      slug: e.slug, name: e.name, position: e.position, affiliation: e.affiliation, bio: e.bio, url: expertPath(e.slug),
      photo: photo ? { ...pictureView(photo, { fallbackWidth: 480, maxWidth: 480 }), alt: `Portrait of ${e.name}` } : undefined,
    };
  });
}

function expertJson(e: Expert, publicUrl: string) {
  return { id: e.id, slug: e.slug, name: e.name, title: e.position, affiliation: e.affiliation, bio: e.bio, photo: e.photoMediaId, url: publicUrl + expertPath(e.slug) };
}

export async function expertRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  app.get('/blogs', async (request, reply) => {
    const experts = await listAllExperts(handle);
    const views = await presentExperts(handle, experts);
    const latest = await Promise.all(experts.map(async (e) => (await presentArticles(handle, await listPublishedArticles(handle, { expertId: e.id, limit: 1 })))[0]));
    const items = views.map((expert, i) => ({ expert, latest: latest[i] }));
    return sendHtml(request, reply, renderDocument(<BlogsPage site={await ctx.siteView()} experts={items} />));
  });

  app.get<{ Params: { expert: string } }>('/blogs/:expert', async (request, reply) => {
    const { cursor: rawCursor } = parseInput(blogQuery, request.query);
    const expert = isSlug(request.params.expert) ? await getExpertBySlug(handle, request.params.expert) : undefined;
    if (!expert) throw notFound('There is no such expert blog');
    const cursor = decodeCursor(rawCursor);
    const limit = 10;
    const rows = await listPublishedArticles(handle, { expertId: expert.id, limit: limit + 1, cursor });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const olderHref = rows.length > limit && last ? `${expertPath(expert.slug)}?cursor=${encodeCursor({ key: last.publishedAt!, id: last.id })}` : undefined;
    const [view] = await presentExperts(handle, [expert]);
    const html = renderDocument(
      <ExpertBlogPage site={await ctx.siteView()} expert={view!} articles={await presentArticles(handle, page)} olderHref={olderHref} isFirstPage={!cursor} />,
    );
    return sendHtml(request, reply, html);
  });

  app.post('/api/v1/experts', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor);
    if (!canManageExperts(actor.role)) throw forbidden('Only editors and administrators manage experts');
    const input = parseInput(createSchema, request.body);
    if (input.slug && (await expertSlugTaken(handle, input.slug))) throw conflict('slug: an expert with this slug exists', 'slug');
    if (input.photo && !(await mediaExists(handle, input.photo))) throw invalid('photo: there is no media with this id', 'photo');
    const expert = await createExpert(handle, { name: input.name, slug: input.slug, position: input.title, affiliation: input.affiliation, bio: input.bio, photoMediaId: input.photo });
    ctx.contentChanged();
    return reply.status(201).send(expertJson(expert, ctx.config.publicUrl));
  });

  app.patch('/api/v1/experts/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor);
    if (!canManageExperts(actor.role)) throw forbidden('Only editors and administrators manage experts');
    const { slug } = request.params as { slug: string };
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no expert with this slug');
    const input = parseInput(updateSchema, request.body);
    if (input.slug && input.slug !== expert.slug && (await expertSlugTaken(handle, input.slug))) throw conflict('slug: an expert with this slug exists', 'slug');
    const updated = await updateExpert(handle, expert.id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.title !== undefined && { position: input.title }),
      ...(input.affiliation !== undefined && { affiliation: input.affiliation }),
      ...(input.bio !== undefined && { bio: input.bio }),
      ...(input.photo !== undefined && { photoMediaId: input.photo }),
    });
    ctx.contentChanged();
    return expertJson(updated!, ctx.config.publicUrl);
  });

  app.delete('/api/v1/experts/:slug', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor);
    if (actor.role !== 'admin') throw forbidden('Only administrators delete experts');
    const { slug } = request.params as { slug: string };
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no expert with this slug');
    await deleteExpert(handle, expert.id);
    ctx.contentChanged();
    return reply.status(204).send();
  });

  app.get('/api/v1/public/experts', async (request) => {
    const query = parseInput(listQuery, request.query);
    const after = query.cursor ? Buffer.from(query.cursor, 'base64url').toString() : undefined;
    const rows = await listExperts(handle, { after: after && isSlug(after) ? after : undefined, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map((e) => expertJson(e, ctx.config.publicUrl)),
      next_cursor: rows.length > query.limit ? Buffer.from(page[page.length - 1]!.slug).toString('base64url') : null,
    };
  });

  app.get('/api/v1/public/experts/:slug', async (request) => {
    const { slug } = request.params as { slug: string };
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no expert with this slug');
    return expertJson(expert, ctx.config.publicUrl);
  });

}
