import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { Layout } from '../views/layout.tsx';
import { getPublishedArticlesByIds, listPublishedArticles } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { ArticleCardList } from '../views/article-cards.tsx';
import { getPortal, portalPublicPaths } from './store.ts';
import { updatePortal, type PortalChanges } from './commands.ts';
import { portalSlugs } from './tables.ts';

export async function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  for (const slug of portalSlugs) {
    app.get(portalPublicPaths[slug], async (request, reply) => {
      const portal = await getPortal(ctx.handle, slug);
      const curatedById = await getPublishedArticlesByIds(ctx.handle, portal.articleIds);
      const curated = await presentArticles(
        ctx.handle,
        portal.articleIds.flatMap((id) => curatedById.get(id) ?? []),
      );
      const latest = await presentArticles(ctx.handle, await listPublishedArticles(ctx.handle, { limit: 6 }));
      const html = renderDocument(
        <Layout site={await ctx.siteView()} title={portal.title} canonicalPath={portalPublicPaths[slug]}>
          <header class="page-header portal-header">
            <h1>{portal.title}</h1>
            <div class="portal-intro" dangerouslySetInnerHTML={{ __html: portal.introHtml }} />
          </header>
          {curated.length > 0 && (
            <section aria-labelledby="curated-heading">
              <h2 id="curated-heading">Selected for you</h2>
              <ArticleCardList articles={curated} headingLevel={3} />
            </section>
          )}
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">Latest analysis</h2>
            <ArticleCardList articles={latest} headingLevel={3} />
          </section>
        </Layout>,
      );
      return sendHtml(request, reply, html);
    });
  }

  app.put<{ Params: { slug: string } }>('/api/v1/portals/:slug', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    const portal = await updatePortal(requestContext(ctx, request), actor, request.params.slug, request.body as PortalChanges);
    return { slug: portal.slug, title: portal.title, intro: portal.introMarkdown, articles: portal.articleIds, url: ctx.config.publicUrl + portalPublicPaths[portal.slug] };
  });
}
