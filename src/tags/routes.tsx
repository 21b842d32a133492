import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { forbidden, parseInput } from '../core/refusals.ts';
import { requiredText, slugField } from '../http/schemas.ts';
import { createTag, isTaggable } from './store.ts';
import { tagPolicy } from './policies.ts';
import { tagKinds } from './tables.ts';

const createSchema = z
  .object({ name: requiredText(200).refine(isTaggable, 'must contain a letter or digit'), slug: slugField.optional(), kind: z.enum(tagKinds).default('topic') })
  .strict();

export async function tagRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/tags', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!tagPolicy.create(actor)) throw forbidden('Only editors and administrators manage tags');
    const input = parseInput(createSchema, request.body);
    const tag = await createTag(ctx.handle, input);
    await ctx.audit(actor, { action: 'tag.create', subject: { kind: 'tag', id: tag.id, label: tag.name }, detail: `Slug ${tag.slug}` }, request);
    return reply.status(201).send({ id: tag.id, slug: tag.slug, name: tag.name, kind: tag.kind, url: `${ctx.config.publicUrl}/tags/${tag.slug}` });
  });
}
