import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { createTag, type TagInput } from './commands.ts';

export async function tagRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/tags', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const tag = await createTag(requestContext(ctx, request), actor, request.body as TagInput);
    return reply.status(201).send({ id: tag.id, slug: tag.slug, name: tag.name, kind: tag.kind, url: `${ctx.config.publicUrl}/tags/${tag.slug}` });
  });
}
