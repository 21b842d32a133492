import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { isSlug } from '../db/slug.ts';
import { getTagBySlug, getTagDescriptions, getTagTranslations, type Tag } from './store.ts';
import { createTag, mergeTag, updateTag, type MergeTarget, type TagChanges, type TagInput } from './commands.ts';
import type { Db } from '../schema.ts';

/** A tag as the API answers: its texts in other languages as `translations: { ru: { name, description } }`, the shape it takes them in. */
async function tagJson(handle: Db, tag: Tag, publicUrl: string) {
  const [names, descriptions] = await Promise.all([getTagTranslations(handle, tag.id), getTagDescriptions(handle, tag.id)]);
  const languages = [...new Set([...Object.keys(names), ...Object.keys(descriptions)])].sort();
  return {
    id: tag.id,
    slug: tag.slug,
    name: tag.name,
    kind: tag.kind,
    description: tag.description,
    translations: Object.fromEntries(
      languages.map((language) => [language, { ...(names[language] && { name: names[language] }), ...(descriptions[language] && { description: descriptions[language].description }) }]),
    ),
    url: `${publicUrl}/tags/${tag.slug}`,
  };
}

export async function tagRoutes(app: FastifyInstance, ctx: AppContext) {
  /** The tag a slug in the address names; none (id 0) for a malformed or unknown one, which the command refuses after its permission check. */
  const tagIdOf = async (slug: string) => (isSlug(slug) ? await getTagBySlug(ctx.handle, slug) : undefined)?.id ?? 0;

  app.post('/api/v1/tags', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const tag = await createTag(requestContext(ctx, request), actor, request.body as TagInput);
    return reply.status(201).send(await tagJson(ctx.handle, tag, ctx.config.publicUrl));
  });

  /** A tag's name, kind, slug, description or texts in other languages; a new slug leaves redirects at the old addresses. */
  app.patch<{ Params: { slug: string } }>('/api/v1/tags/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    // The command refuses whoever may not change tags before it looks (id 0 is no tag), so the answer tells them nothing of which tags exist.
    const tag = await updateTag(requestContext(ctx, request), actor, await tagIdOf(request.params.slug), request.body as TagChanges);
    return tagJson(ctx.handle, tag, ctx.config.publicUrl);
  });

  /** `{"into": "slug"}`: merges the tag into that one; answers the target, which now carries its articles. */
  app.post<{ Params: { slug: string } }>('/api/v1/tags/:slug/merge', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const target = await mergeTag(requestContext(ctx, request), actor, await tagIdOf(request.params.slug), request.body as MergeTarget);
    return tagJson(ctx.handle, target, ctx.config.publicUrl);
  });
}
