import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import { requireActor } from '../http/auth.ts';
import { requestedEdition } from '../http/editions.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { everyEdition, Layout } from '../views/layout.tsx';
import { editionFilter } from '../views/i18n/languages.ts';
import { getPublishedArticlesByIds, listPublishedArticles, type ArticleSummary } from '../articles/store.ts';
import { publishedTranslationsOf } from '../articles/translations.ts';
import { presentArticles } from '../articles/present.ts';
import { ArticleCardList } from '../views/article-cards.tsx';
import { getPortal, portalPublicPaths, type Portal } from './store.ts';
import { updatePortal, type PortalChanges } from './commands.ts';
import { portalSlugs } from './tables.ts';

/**
 * The chosen articles as an edition shows them: each in the edition's language where it has a published
 * version in it, else as chosen. Each article once, even when editors chose two versions of it.
 */
async function inLanguage(handle: Db, articles: ArticleSummary[], language: string): Promise<ArticleSummary[]> {
  const versionIds = await Promise.all(
    articles.map(async (article) => {
      if (article.language === language || article.translationGroup === null) return article.id;
      const version = (await publishedTranslationsOf(handle, article)).find((t) => t.language === language);
      return version?.id ?? article.id;
    }),
  );
  const chosen = new Map(articles.map((a) => [a.id, a]));
  const missing = versionIds.filter((id) => !chosen.has(id));
  const versions = await getPublishedArticlesByIds(handle, missing);
  const seen = new Set<number>();
  return versionIds.flatMap((id) => {
    const article = chosen.get(id) ?? versions.get(id);
    if (!article || seen.has(id)) return [];
    seen.add(id);
    return [article];
  });
}

/** A portal as the API answers: its words in other languages as `translations: { ru: { title, intro } }`, the shape it takes them in. */
function portalJson(portal: Portal, publicUrl: string) {
  return {
    slug: portal.slug,
    title: portal.title,
    intro: portal.introMarkdown,
    articles: portal.articleIds,
    translations: Object.fromEntries(Object.entries(portal.translations).map(([language, t]) => [language, { title: t.title, intro: t.introMarkdown }])),
    url: publicUrl + portalPublicPaths[portal.slug],
  };
}

export async function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;
  for (const slug of portalSlugs) {
    const path = portalPublicPaths[slug];
    // In each edition: /for-business, /ru/for-business…
    app.get(path, async (request, reply) => {
      const site = await ctx.siteView(requestedEdition(request));
      const { locale } = site;
      const portal = await getPortal(handle, slug, locale.language);
      const curatedById = await getPublishedArticlesByIds(handle, portal.articleIds);
      const chosen = await inLanguage(
        handle,
        portal.articleIds.flatMap((id) => curatedById.get(id) ?? []),
        locale.language,
      );
      const [curated, latest] = await Promise.all([
        presentArticles(handle, chosen, { editions: locale.editions }),
        listPublishedArticles(handle, { limit: 6, edition: editionFilter(locale.editions, locale.language) }).then((rows) => presentArticles(handle, rows, { editions: locale.editions })),
      ]);
      const html = renderDocument(
        <Layout site={site} title={portal.title} canonicalPath={locale.path(path)} alternates={everyEdition(site, path)}>
          <header class="page-header portal-header">
            <h1>{portal.title}</h1>
            <div class="portal-intro" dangerouslySetInnerHTML={{ __html: portal.introHtml }} />
          </header>
          {curated.length > 0 && (
            <section aria-labelledby="curated-heading">
              <h2 id="curated-heading">{locale.t('portal.selected')}</h2>
              <ArticleCardList articles={curated} headingLevel={3} />
            </section>
          )}
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">{locale.t('portal.latest')}</h2>
            <ArticleCardList articles={latest} headingLevel={3} />
          </section>
        </Layout>,
        locale,
      );
      return sendHtml(request, reply, html);
    });
  }

  app.put<{ Params: { slug: string } }>('/api/v1/portals/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const portal = await updatePortal(requestContext(ctx, request), actor, request.params.slug, request.body as PortalChanges);
    return portalJson(portal, ctx.config.publicUrl);
  });
}
