import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import type { Actor, UserActor } from '../core/actor.ts';
import { invalid, notFound, parseInput } from '../core/refusals.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { sendHtml } from '../http/pages.ts';
import { pageLimit, positiveId, slugField } from '../http/schemas.ts';
import { renderDocument } from '../views/render.ts';
import { getExpertById, getExpertBySlug, getExpertsByIds, getExpertsBySlugs } from '../experts/store.ts';
import { coauthorIdsOf } from './authors.ts';
import { getTagBySlug, getTagsByIds } from '../tags/store.ts';
import { pendingSuggestions } from '../places/tags.ts';
import { articlePermissions } from './policies.ts';
import { createSchema, languageTag, updateSchema, type ArticleUpdateInput } from './input.ts';
import { publishedTranslationsOf, translationsOf } from './translations.ts';
import { changeArticle, createArticle, deleteArticle, type ArticleChanges } from './commands.ts';
import { articlePath } from './paths.ts';
import { findPublishedArticlePage, presentArticles, type ArticleCard, type ArticlePageView } from './present.ts';
import { requestedEdition } from '../http/editions.ts';
import { canonicalAddress } from '../http/paths.ts';
import { editionOf, editionPrefix, type Editions } from '../views/i18n/languages.ts';
import { getArticleById, getPublishedArticleById, listPublishedArticles, tagIdsByArticle, type Article } from './store.ts';
import { PrintPage } from './views.tsx';
import { renderArticlePageDocument } from './page-document.tsx';
import { glossaryMatcher } from '../glossary/marking.ts';
import { readableBody } from './reading.ts';

const idParams = z.object({ id: positiveId });
const listQuery = z.object({ cursor: z.string().max(300).optional(), limit: pageLimit, expert: slugField.optional(), tag: slugField.optional(), language: languageTag.optional() });

/** An article's versions in other languages as the API lists them. */
interface TranslationJson {
  id: number;
  language: string;
  status: string;
}

function articleJson(article: Article, expertSlug: string, publicUrl: string, tags: string[], editions: Editions, translations: TranslationJson[], experts: string[]) {
  return {
    id: article.id,
    slug: article.slug,
    url: publicUrl + articlePath(expertSlug, article.slug, editionPrefix(editions, article.language)),
    expert: expertSlug,
    /** Everyone who wrote it, in byline order: `expert` first. */
    experts,
    title: article.title,
    lead: article.lead,
    body: article.bodyMarkdown,
    body_html: article.bodyHtml,
    image: article.heroMediaId,
    tags,
    /** Places the text discusses that the article is not tagged with yet. */
    suggested_tags: pendingSuggestions(article.suggestedTags, tags),
    status: article.status,
    language: article.language,
    /** The first version of its group: the work the others translate (null when it has no versions in other languages). */
    translation_of: article.translationGroup !== null && article.translationGroup !== article.id ? article.translationGroup : null,
    translations,
    featured: article.featured === 1,
    poll: article.pollId,
    published_at: article.publishedAt,
    review_note: article.reviewNote,
    submitted_at: article.submittedAt,
    returned_at: article.returnedAt,
    created_at: article.createdAt,
    updated_at: article.updatedAt,
  };
}

export function publicArticleItem(card: ArticleCard, publicUrl: string) {
  return {
    id: card.id,
    slug: card.slug,
    title: card.title,
    lead: card.lead,
    language: card.language,
    expert: { slug: card.expert.slug, name: card.expert.name, url: publicUrl + card.expert.url },
    experts: card.authors.map((author) => ({ slug: author.slug, name: author.name, url: publicUrl + author.url })),
    published_at: card.publishedAt,
    url: publicUrl + card.url,
    image: card.image ? { url: publicUrl + card.image.src, width: card.image.width, height: card.image.height, alt: card.image.alt } : null,
    tags: card.tags.map((t) => t.slug),
  };
}

export async function articleRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;

  /**
   * The published article at an address, and the site as the edition asked for shows it. An article is read
   * in its own language's edition: asked for under another (`/ru/…` for an English one), the reader is sent
   * on to its own address, which also carries a Cyrillic slug in one spelling.
   */
  async function findPublished(request: FastifyRequest<{ Params: { expert: string; article: string } }>, suffix = '') {
    const site = await ctx.siteView(requestedEdition(request));
    const { editions } = site.locale;
    const found = await findPublishedArticlePage(handle, request.params.expert, request.params.article, { generation: request.cacheGeneration, editions });
    if (!found) throw notFound('There is no such article');
    const { view } = found;
    const asked = request.originalUrl.split('?')[0]!;
    const moved = editionOf(editions, view.language) !== site.locale.language || asked !== canonicalAddress(view.url + suffix);
    return { ...found, view, site: moved ? undefined : site, movedTo: view.url + suffix };
  }

  /** The body with its reading aids and glossary marks, made at read time so a glossary edit reaches every article. */
  const readableBodyOf = async (request: FastifyRequest, view: ArticlePageView) => readableBody(view.bodyHtml, await glossaryMatcher(handle, request.cacheGeneration, view.language));

  app.get<{ Params: { expert: string; article: string } }>('/blogs/:expert/:article', async (request, reply) => {
    const { expert, view, site, movedTo } = await findPublished(request);
    if (!site) return reply.redirect(movedTo, 301);
    const page = await renderArticlePageDocument(handle, request, site, expert, view);
    return sendHtml(request, reply, page.html, page.cache);
  });

  app.get<{ Params: { expert: string; article: string } }>('/blogs/:expert/:article/print', async (request, reply) => {
    const { view, site, movedTo } = await findPublished(request, '/print');
    if (!site) return reply.redirect(movedTo, 301);
    return sendHtml(request, reply, renderDocument(<PrintPage site={site} article={view} body={await readableBodyOf(request, view)} />, site.locale));
  });

  /** The expert an API request names, by slug; an unknown one is the request's fault. */
  async function expertIdOf(slug: string | undefined): Promise<number | undefined> {
    if (slug === undefined) return undefined;
    const expert = await getExpertBySlug(handle, slug);
    if (!expert) throw invalid('there is no expert with this slug', 'expert');
    return expert.id;
  }

  /**
   * The experts an API request names, by slug: `experts` gives the lead and the co-authors in order,
   * `expert` the lead alone (co-authors stay as they are). An unknown one is the request's fault.
   */
  async function authorsOf(input: { expert?: string; experts?: string[] }): Promise<Pick<ArticleChanges, 'expertId' | 'coauthorIds'>> {
    if (input.experts === undefined) return { expertId: await expertIdOf(input.expert) };
    const experts = await getExpertsBySlugs(handle, input.experts);
    const missing = input.experts.find((slug) => !experts.has(slug));
    if (missing !== undefined) throw invalid(`there is no expert with the slug ${missing}`, 'experts');
    const [expertId, ...coauthorIds] = input.experts.map((slug) => experts.get(slug)!.id);
    return { expertId, coauthorIds };
  }

  /** API input as a change to save; tags stay labels until the change is allowed. */
  function changesOf(input: ArticleUpdateInput, authors: Pick<ArticleChanges, 'expertId' | 'coauthorIds'>): ArticleChanges {
    return {
      ...(authors.expertId !== undefined && { expertId: authors.expertId }),
      ...(authors.coauthorIds !== undefined && { coauthorIds: authors.coauthorIds }),
      ...(input.title !== undefined && { title: input.title }),
      ...(input.lead !== undefined && { lead: input.lead }),
      ...(input.body !== undefined && { bodyMarkdown: input.body }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.image !== undefined && { heroMediaId: input.image }),
      ...(input.tags !== undefined && { tagLabels: input.tags }),
      ...(input.published_at !== undefined && { publishedAt: input.published_at }),
      ...(input.language !== undefined && { language: input.language }),
      ...(input.featured !== undefined && { featured: input.featured }),
      ...(input.poll !== undefined && { pollId: input.poll }),
      ...(input.translation_of !== undefined && { translationOf: input.translation_of }),
    };
  }

  /** An article as the API gives it to this person: its versions in other languages only where they may read them. */
  async function respondWithArticle(actor: Actor, article: Article) {
    const [expert, tags, site, versions, coauthorIds] = await Promise.all([
      getExpertById(handle, article.expertId),
      tagIdsByArticle(handle, [article.id]),
      ctx.siteView(),
      translationsOf(handle, article),
      coauthorIdsOf(handle, article.id),
    ]);
    const coauthors = await getExpertsByIds(handle, coauthorIds);
    const translations = versions.filter((version) => permits(articlePermissions, actor, 'read', version));
    const names = await getTagsByIds(handle, tags.get(article.id) ?? []);
    return articleJson(
      article,
      expert!.slug,
      ctx.config.publicUrl,
      [...names.values()].map((t) => t.slug),
      site.locale.editions,
      translations.map((t) => ({ id: t.id, language: t.language, status: t.status })),
      [expert!.slug, ...coauthorIds.flatMap((id) => coauthors.get(id)?.slug ?? [])],
    );
  }

  async function findForActor(actor: UserActor, params: unknown): Promise<Article> {
    const { id } = parseParams(params);
    const article = await getArticleById(handle, id);
    if (!article) throw notFound('There is no article with this id');
    requirePermission(articlePermissions, actor, 'read', article);
    return article;
  }

  app.post('/api/v1/articles', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const input = parseInput(createSchema, request.body);
    const authors = await authorsOf(input);
    const { article } = await createArticle(requestContext(ctx, request), actor, {
      changes: { ...changesOf(input, authors), expertId: authors.expertId! },
      status: input.status,
      reviewNote: input.review_note,
    });
    const json = await respondWithArticle(actor, article);
    return reply.status(201).header('location', `/api/v1/articles/${article.id}`).send(json);
  });

  app.get('/api/v1/articles/:id', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    return respondWithArticle(actor, await findForActor(actor, request.params));
  });

  app.patch('/api/v1/articles/:id', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const current = await findForActor(actor, request.params);
    const input = parseInput(updateSchema, request.body);
    const { article } = await changeArticle(requestContext(ctx, request), actor, current, { changes: changesOf(input, await authorsOf(input)), status: input.status, reviewNote: input.review_note });
    return respondWithArticle(actor, article);
  });

  app.delete('/api/v1/articles/:id', async (request, reply) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    await deleteArticle(requestContext(ctx, request), actor, await findForActor(actor, request.params));
    return reply.status(204).send();
  });

  app.get('/api/v1/public/articles', async (request) => {
    const query = parseInput(listQuery, request.query);
    const cursor = decodeCursor(query.cursor);
    const expert = query.expert ? await getExpertBySlug(handle, query.expert) : undefined;
    if (query.expert && !expert) throw notFound('There is no expert with this slug');
    let tagId: number | undefined;
    if (query.tag) {
      const tag = await getTagBySlug(handle, query.tag);
      if (!tag) throw notFound('There is no tag with this slug');
      tagId = tag.id;
    }
    const { editions } = (await ctx.siteView()).locale;
    const rows = await listPublishedArticles(handle, { limit: query.limit + 1, cursor, expertId: expert?.id, tagId, edition: query.language ? { only: query.language } : undefined });
    const page = keysetPage(rows, query.limit, (a) => a.publishedAt!);
    return {
      items: (await presentArticles(handle, page.items, { withTags: true, editions })).map((c) => publicArticleItem(c, ctx.config.publicUrl)),
      next_cursor: page.next ?? null,
    };
  });

  app.get('/api/v1/public/articles/:id', async (request) => {
    const { id } = parseParams(request.params);
    const article = await getPublishedArticleById(handle, id);
    if (!article) throw notFound('There is no published article with this id');
    const { editions } = (await ctx.siteView()).locale;
    const [[card], translations] = await Promise.all([presentArticles(handle, [article], { withTags: true, editions }), publishedTranslationsOf(handle, article)]);
    return {
      ...publicArticleItem(card!, ctx.config.publicUrl),
      body_html: article.bodyHtml,
      updated_at: article.updatedAt,
      translations: translations.map((t) => ({ id: t.id, language: t.language })),
    };
  });
}

function parseParams(params: unknown) {
  const parsed = idParams.safeParse(params);
  if (!parsed.success) throw notFound('There is no such item');
  return parsed.data;
}
