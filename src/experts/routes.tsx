import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { forbidden, invalid, notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { pageLimit, positiveId, requiredText, slugField, textField } from '../http/schemas.ts';
import { isSlug } from '../db/slug.ts';
import { mediaExists } from '../media/store.ts';
import { createExpert, deleteExpert, getExpertBySlug, listExperts, updateExpert, type Expert } from './store.ts';
import { expertJson } from './present.ts';
import { expertPolicy } from './policies.ts';
import { profileLinksField } from './links.ts';

const expertFields = {
  name: requiredText(200),
  slug: slugField.optional(),
  title: textField(300).optional(),
  affiliation: textField(300).optional(),
  bio: textField(5000).optional(),
  photo: positiveId.nullable().optional(),
  same_as: profileLinksField.optional(),
};
/** The API's rules for an expert, shared with the CLI so that both refuse the same input. */
export const expertInputSchema = z.object(expertFields).strict();
const updateSchema = z
  .object(expertFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
/** How the audit log names an expert. */
export const expertSubject = (expert: Expert) => ({ kind: 'expert', id: expert.id, label: expert.name });
const listQuery = z.object({ cursor: z.string().max(300).optional(), limit: pageLimit });

export async function expertRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  async function expertFromPath(slug: string): Promise<Expert> {
    const expert = isSlug(slug) ? await getExpertBySlug(handle, slug) : undefined;
    if (!expert) throw notFound('There is no such expert');
    return expert;
  }

  async function checkPhoto(photo: number | null | undefined) {
    if (photo !== undefined && photo !== null && !(await mediaExists(handle, photo))) throw invalid('there is no media with this id', 'photo');
  }

  app.post('/api/v1/experts', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!expertPolicy.create(actor)) throw forbidden('Only administrators add experts');
    const input = parseInput(expertInputSchema, request.body);
    await checkPhoto(input.photo);
    const expert = await createExpert(handle, { name: input.name, slug: input.slug, position: input.title, affiliation: input.affiliation, bio: input.bio, photoMediaId: input.photo, sameAs: input.same_as });
    await ctx.audit(actor, { action: 'expert.create', subject: expertSubject(expert) }, request);
    ctx.contentChanged();
    return reply.status(201).header('location', `/api/v1/public/experts/${expert.slug}`).send(expertJson(expert, ctx.config.publicUrl));
  });

  app.patch<{ Params: { slug: string } }>('/api/v1/experts/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!expertPolicy.update(actor)) throw forbidden('Only administrators change expert profiles');
    const expert = await expertFromPath(request.params.slug);
    const input = parseInput(updateSchema, request.body);
    if (input.slug !== undefined && input.slug !== expert.slug && !expertPolicy.changeSlug(actor)) {
      throw forbidden('Only administrators change an expert’s slug: every link to the blog carries it');
    }
    await checkPhoto(input.photo);
    const updated = await updateExpert(handle, expert.id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.title !== undefined && { position: input.title }),
      ...(input.affiliation !== undefined && { affiliation: input.affiliation }),
      ...(input.bio !== undefined && { bio: input.bio }),
      ...(input.photo !== undefined && { photoMediaId: input.photo }),
      ...(input.same_as !== undefined && { sameAs: input.same_as }),
    });
    await ctx.audit(actor, { action: 'expert.update', subject: expertSubject(updated!), detail: `changed ${Object.keys(input).join(', ')}` }, request);
    ctx.contentChanged();
    return expertJson(updated!, ctx.config.publicUrl);
  });

  app.delete<{ Params: { slug: string } }>('/api/v1/experts/:slug', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!expertPolicy.delete(actor)) throw forbidden('Only administrators delete experts');
    const expert = await expertFromPath(request.params.slug);
    await deleteExpert(handle, expert.id);
    await ctx.audit(actor, { action: 'expert.delete', subject: expertSubject(expert) }, request);
    ctx.contentChanged();
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
