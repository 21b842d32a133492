import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { forbidden, notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { requiredText, slugField } from '../http/schemas.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { Layout } from '../views/layout.tsx';
import { listPublishedArticles, publishedTagIds } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { ArticleCardList, OlderLink } from '../views/article-cards.tsx';
import { FeedLinks, tagFeedBase } from '../views/feed-links.tsx';
import { createTag, getTagBySlug, isTaggable, listTags } from './store.ts';
import { tagPolicy } from './policies.ts';
import { tagKinds } from './tables.ts';
import { placePathOfTag } from '../places/tags.ts';

const kindLabel = { topic: 'Topic', region: 'Region', country: 'Country' } as const;
const createSchema = z
  .object({ name: requiredText(200).refine(isTaggable, 'must contain a letter or digit'), slug: slugField.optional(), kind: z.enum(tagKinds).default('topic') })
  .strict();
const pageQuery = z.object({ cursor: z.string().max(300).optional() });
const tagPageSize = 12;

export async function tagRoutes(app: FastifyInstance, ctx: AppContext) {
  // A tag page exists once something published carries the tag: a draft's tags stay private.
  app.get<{ Params: { tag: string } }>('/tags/:tag', async (request, reply) => {
    const { cursor: rawCursor } = parseInput(pageQuery, request.query);
    const tag = isSlug(request.params.tag) ? await getTagBySlug(ctx.handle, request.params.tag) : undefined;
    // A region's or country's tag has its place's page, which also gathers the region's countries.
    const placePath = tag && placePathOfTag(tag);
    if (placePath) return reply.redirect(rawCursor ? `${placePath}?cursor=${encodeURIComponent(rawCursor)}` : placePath, 301);
    const cursor = decodeCursor(rawCursor);
    const rows = tag ? await listPublishedArticles(ctx.handle, { tagId: tag.id, limit: tagPageSize + 1, cursor }) : [];
    if (!tag || (rows.length === 0 && !cursor)) throw notFound('There is no such topic');
    const page = keysetPage(rows, tagPageSize, (a) => a.publishedAt!);
    const olderHref = page.next ? `/tags/${tag.slug}?cursor=${page.next}` : undefined;
    const articles = await presentArticles(ctx.handle, page.items, { maxImageWidth: 1200 });
    const site = await ctx.siteView();
    const html = renderDocument(
      <Layout site={site} title={tag.name} canonicalPath={`/tags/${tag.slug}`} head={<FeedLinks publicUrl={site.publicUrl} base={tagFeedBase(tag.slug)} title={tag.name} />}>
        <header class="page-header">
          <p class="eyebrow">{kindLabel[tag.kind]}</p>
          <h1>{tag.name}</h1>
        </header>
        <ArticleCardList articles={articles} headingLevel={2} emptyText="Nothing more has been published on this topic." />
        <OlderLink href={olderHref} />
      </Layout>,
    );
    return sendHtml(request, reply, html, { nextPage: olderHref });
  });

  app.get('/api/v1/public/tags', async () => {
    const [tags, visible] = await Promise.all([listTags(ctx.handle), publishedTagIds(ctx.handle)]);
    const items = tags.filter((t) => visible.has(t.id)).map((t) => ({ id: t.id, slug: t.slug, name: t.name, kind: t.kind, url: `${ctx.config.publicUrl}/tags/${t.slug}` }));
    return { items, next_cursor: null };
  });

  app.post('/api/v1/tags', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!tagPolicy.create(actor)) throw forbidden('Only editors and administrators manage tags');
    const input = parseInput(createSchema, request.body);
    const tag = await createTag(ctx.handle, input);
    await ctx.audit(actor, { action: 'tag.create', subject: { kind: 'tag', id: tag.id, label: tag.name }, detail: `Slug ${tag.slug}` }, request);
    return reply.status(201).send({ id: tag.id, slug: tag.slug, name: tag.name, kind: tag.kind, url: `${ctx.config.publicUrl}/tags/${tag.slug}` });
  });
}
