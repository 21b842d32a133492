import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { forbidden, notFound, parseInput } from '../http/errors.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { requiredText, slugField } from '../http/schemas.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { Layout } from '../views/layout.tsx';
import { listPublishedArticles } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { ArticleCardList, OlderLink } from '../articles/views.tsx';
import { createTag, getTagBySlug, listTags } from './store.ts';
import { tagKinds } from './tables.ts';

const kindLabel = { topic: 'Topic', region: 'Region', country: 'Country' } as const;
const createSchema = z.object({ name: requiredText(200), slug: slugField.optional(), kind: z.enum(tagKinds).default('topic') }).strict();

export async function tagRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { tag: string }; Querystring: { cursor?: string } }>('/tags/:tag', async (request, reply) => {
    const tag = isSlug(request.params.tag) ? await getTagBySlug(ctx.handle, request.params.tag) : undefined;
    if (!tag) throw notFound('There is no such topic');
    const cursor = decodeCursor(typeof request.query.cursor === 'string' ? request.query.cursor : undefined);
    const limit = 12;
    const rows = await listPublishedArticles(ctx.handle, { tagId: tag.id, limit: limit + 1, cursor });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const olderHref = rows.length > limit && last ? `/tags/${tag.slug}?cursor=${encodeCursor({ key: last.publishedAt!, id: last.id })}` : undefined;
    const articles = await presentArticles(ctx.handle, page);
    const html = renderDocument(
      <Layout site={await ctx.siteView()} title={tag.name} canonicalPath={`/tags/${tag.slug}`}>
        <header class="page-header">
          <p class="eyebrow">{kindLabel[tag.kind]}</p>
          <h1>{tag.name}</h1>
        </header>
        <ArticleCardList articles={articles} headingLevel={2} emptyText="Nothing has been published on this topic yet." />
        <OlderLink href={olderHref} />
      </Layout>,
    );
    return sendHtml(request, reply, html);
  });

  app.get('/api/v1/public/tags', async () => {
    const tags = await listTags(ctx.handle);
    return { items: tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name, kind: t.kind, url: `${ctx.config.publicUrl}/tags/${t.slug}` })), next_cursor: null };
  });

  app.post('/api/v1/tags', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor);
    if (actor.role === 'author') throw forbidden('Only editors and administrators manage tags');
    const input = parseInput(createSchema, request.body);
    const tag = await createTag(ctx.handle, input);
    ctx.contentChanged();
    return reply.status(201).send({ id: tag.id, slug: tag.slug, name: tag.name, kind: tag.kind });
  });
}
