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
import { alternatesWithArticles } from './alternates.ts';
import { requestedEdition } from '../http/editions.ts';
import { editionFilter } from '../views/i18n/languages.ts';
import { ArticleCardList, OlderLink } from '../views/article-cards.tsx';
import { FeedLinks, tagFeedBase } from '../views/feed-links.tsx';
import { getTagBySlug, listTags, tagDescriptionIn, tagsInLanguage } from '../tags/store.ts';
import { descriptionText } from '../tags/description.ts';
import { placePathOfTag } from '../places/tags.ts';
import { listPublishedArticles, publishedTagIds } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';

const kindLabel = { topic: 'tag.topic', region: 'tag.region', country: 'tag.country' } as const;
const pageQuery = z.object({ cursor: z.string().max(300).optional() });
const tagPageSize = 12;

/** A topic's page of analysis, and the list of tags that have one: tags as published articles carry them. */
export async function tagPageRoutes(app: FastifyInstance, ctx: AppContext) {
  // A tag page exists once something published carries the tag: a draft's tags stay private.
  app.get<{ Params: { tag: string } }>('/tags/:tag', async (request, reply) => {
    const { cursor: rawCursor } = parseInput(pageQuery, request.query);
    const tag = isSlug(request.params.tag) ? await getTagBySlug(ctx.handle, request.params.tag) : undefined;
    // A region's or country's tag has its place's page, which also gathers the region's countries.
    const site = await ctx.siteView(requestedEdition(request));
    const { editions, language, path, t } = site.locale;
    const placePath = tag && placePathOfTag(tag);
    if (placePath) return reply.redirect(path(rawCursor ? `${placePath}?cursor=${encodeURIComponent(rawCursor)}` : placePath), 301);
    const cursor = decodeCursor(rawCursor);
    const rows = tag ? await listPublishedArticles(ctx.handle, { tagId: tag.id, limit: tagPageSize + 1, cursor, edition: editionFilter(editions, language) }) : [];
    if (!tag || (rows.length === 0 && !cursor)) throw notFound('There is no such topic');
    const [named] = await tagsInLanguage(ctx.handle, [tag], language);
    const name = named?.name ?? tag.name;
    // What the tag covers, in the edition's language where it has one: under the name, and for search engines.
    const { descriptionHtml } = await tagDescriptionIn(ctx.handle, tag, language);
    const page = keysetPage(rows, tagPageSize, (a) => a.publishedAt!);
    const tagPath = `/tags/${tag.slug}`;
    const olderHref = page.next ? path(`${tagPath}?cursor=${page.next}`) : undefined;
    const articles = await presentArticles(ctx.handle, page.items, { maxImageWidth: 1200, editions });
    const html = renderDocument(
      <Layout
        site={site}
        title={name}
        description={descriptionHtml ? descriptionText(descriptionHtml) : undefined}
        canonicalPath={path(tagPath)}
        alternates={cursor ? undefined : await alternatesWithArticles(ctx.handle, site, tagPath, { tagId: tag.id })}
        head={<FeedLinks publicUrl={site.publicUrl} base={path(tagFeedBase(tag.slug))} title={name} />}
      >
        <header class="page-header">
          <p class="eyebrow">{t(kindLabel[tag.kind])}</p>
          <h1>{name}</h1>
          {descriptionHtml && <div class="tag-description" dangerouslySetInnerHTML={{ __html: descriptionHtml }} />}
        </header>
        <ArticleCardList articles={articles} headingLevel={2} emptyText={t('tag.empty')} />
        <OlderLink href={olderHref} />
      </Layout>,
      site.locale,
    );
    return sendHtml(request, reply, html, { nextPage: olderHref });
  });

  app.get('/api/v1/public/tags', async () => {
    const [tags, visible] = await Promise.all([listTags(ctx.handle), publishedTagIds(ctx.handle)]);
    const items = tags.filter((t) => visible.has(t.id)).map((t) => ({ id: t.id, slug: t.slug, name: t.name, kind: t.kind, url: `${ctx.config.publicUrl}/tags/${t.slug}` }));
    return { items, next_cursor: null };
  });
}
