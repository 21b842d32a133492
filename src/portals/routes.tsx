import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { forbidden, invalid, notFound, parseInput } from '../core/refusals.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { Layout } from '../views/layout.tsx';
import { getPublishedArticlesByIds, listPublishedArticles } from '../articles/store.ts';
import { presentArticles } from '../articles/present.ts';
import { ArticleCardList } from '../views/article-cards.tsx';
import { getPortal, portalName, portalPublicPaths, savePortal } from './store.ts';
import { portalSlugs } from './tables.ts';
import { curatedArticlesField, portalIntroField, portalTitleField } from './fields.ts';
import { portalPolicy } from './policies.ts';

const updateSchema = z
  .object({ title: portalTitleField.optional(), intro: portalIntroField.optional(), articles: curatedArticlesField.optional() })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');

export async function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  for (const slug of portalSlugs) {
    app.get(portalPublicPaths[slug], async (request, reply) => {
      const portal = await getPortal(ctx.handle, slug);
      const curatedById = await getPublishedArticlesByIds(ctx.handle, portal.articleIds);
      const curated = await presentArticles(ctx.handle, portal.articleIds.flatMap((id) => curatedById.get(id) ?? []));
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
    if (!portalPolicy.update(actor)) throw forbidden('Only editors and administrators edit portals');
    const slug = portalSlugs.find((s) => s === request.params.slug);
    if (!slug) throw notFound('There is no such portal; portals are business, researchers and students');
    const input = parseInput(updateSchema, request.body);
    if (input.articles) {
      const found = await getPublishedArticlesByIds(ctx.handle, input.articles);
      const missing = input.articles.find((id) => !found.has(id));
      if (missing !== undefined) throw invalid(`${missing} is not a published article`, 'articles');
    }
    await savePortal(ctx.handle, slug, { title: input.title, introMarkdown: input.intro, articleIds: input.articles });
    const changed = [input.title !== undefined && 'title', input.intro !== undefined && 'introduction', input.articles !== undefined && 'selected articles'].filter(Boolean);
    await ctx.audit(actor, { action: 'portal.update', subject: { kind: 'portal', label: portalName(slug) }, detail: `Changed: ${changed.join(', ') || 'nothing'}` }, request);
    ctx.contentChanged();
    const portal = await getPortal(ctx.handle, slug);
    return { slug, title: portal.title, intro: portal.introMarkdown, articles: portal.articleIds, url: ctx.config.publicUrl + portalPublicPaths[slug] };
  });
}
