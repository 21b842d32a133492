import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { isSlug } from '../db/slug.ts';
import { renderDocument } from '../views/render.ts';
import { Layout } from '../views/layout.tsx';
import { ArticleCardList, OlderLink } from '../views/article-cards.tsx';
import { FeedLinks, tagFeedBase } from '../views/feed-links.tsx';
import { getTagBySlug, listTags } from '../tags/store.ts';
import { placePathOfTag } from '../places/tags.ts';
import { listPublishedArticles, publishedTagIds } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';

const kindLabel = { topic: 'Topic', region: 'Region', country: 'Country' } as const;
const pageQuery = z.object({ cursor: z.string().max(300).optional() });
const tagPageSize = 12;

/** A topic's page of analysis, and the list of tags that have one: tags as published articles carry them. */
export async function tagPageRoutes(app: FastifyInstance, ctx: AppContext) {
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
}
