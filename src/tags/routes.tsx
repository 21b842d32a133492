import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { isSlug } from '../db/slug.ts';
import { getTagBySlug, getTagTranslations, type Tag, type TagNames } from './store.ts';
import { createTag, updateTag, type TagChanges, type TagInput } from './commands.ts';

/** A tag as the API answers: its names in other languages as `translations: { ru: { name } }`, the shape it takes them in. */
function tagJson(tag: Tag, names: TagNames, publicUrl: string) {
  return {
    id: tag.id,
    slug: tag.slug,
    name: tag.name,
    kind: tag.kind,
    translations: Object.fromEntries(Object.entries(names).map(([language, name]) => [language, { name }])),
    url: `${publicUrl}/tags/${tag.slug}`,
  };
}

export async function tagRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/api/v1/tags', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const tag = await createTag(requestContext(ctx, request), actor, request.body as TagInput);
    return reply.status(201).send(tagJson(tag, await getTagTranslations(ctx.handle, tag.id), ctx.config.publicUrl));
  });

  /** A tag's name, kind or names in other languages; its slug stays. */
  app.patch<{ Params: { slug: string } }>('/api/v1/tags/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const found = isSlug(request.params.slug) ? await getTagBySlug(ctx.handle, request.params.slug) : undefined;
    // The command refuses whoever may not change tags before it looks (id 0 is no tag), so the answer tells them nothing of which tags exist.
    const tag = await updateTag(requestContext(ctx, request), actor, found?.id ?? 0, request.body as TagChanges);
    return tagJson(tag, await getTagTranslations(ctx.handle, tag.id), ctx.config.publicUrl);
  });
}
