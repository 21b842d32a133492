import { requestedEdition } from '../http/editions.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { sendHtml } from '../http/pages.ts';
import { renderDocument } from '../views/render.ts';
import { findPublishedPage, listPublishedPages, listStandalonePagesByChange, type StandalonePage } from './store.ts';
import { pageIdOfParams, pageOfParams, type PageChanges, type PageInput } from './input.ts';
import { couldBePagePath, pageHref } from './paths.ts';
import { pagePermissions } from './policies.ts';
import { createPage, deletePage, updatePage } from './commands.ts';
import { pageDescription, pageJson } from './present.ts';
import { StandalonePageView } from './views.tsx';

/** The API's pages: every page for those who keep them, the published ones for everyone. */
export async function standalonePageRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;
  const json = (page: StandalonePage) => pageJson(page, ctx.config.publicUrl);

  const signedIn = (request: FastifyRequest) => requireActor(request, ctx.resolveActor, ctx.config.publicUrl);

  /** Drafts are for those who keep the pages. */
  async function keeper(request: FastifyRequest): Promise<void> {
    requirePermission(pagePermissions, await signedIn(request), 'list');
  }

  async function pageOf(request: FastifyRequest): Promise<StandalonePage> {
    const page = await pageOfParams(handle, request.params);
    if (!page) throw notFound('There is no page with this id');
    return page;
  }

  app.get('/api/v1/public/pages', async () => ({ items: (await listPublishedPages(handle)).map(json), next_cursor: null }));

  app.get('/api/v1/pages', async (request) => {
    await keeper(request);
    return { items: (await listStandalonePagesByChange(handle)).map(json), next_cursor: null };
  });

  app.post('/api/v1/pages', async (request, reply) => {
    const page = await createPage(requestContext(ctx, request), await signedIn(request), request.body as PageInput);
    return reply.status(201).header('location', `/api/v1/pages/${page.id}`).send(json(page));
  });

  app.get('/api/v1/pages/:id', async (request) => {
    await keeper(request);
    return json(await pageOf(request));
  });

  app.patch('/api/v1/pages/:id', async (request) => {
    const page = await updatePage(requestContext(ctx, request), await signedIn(request), pageIdOfParams(request.params), request.body as PageChanges);
    return json(page);
  });

  app.delete('/api/v1/pages/:id', async (request, reply) => {
    await deletePage(requestContext(ctx, request), await signedIn(request), pageIdOfParams(request.params));
    return reply.status(204).send();
  });
}

/**
 * The page path a request names: its address without the query, the slashes around it or percent escapes
 * (`/about/team/` is `about/team`). Undefined when no page could have it.
 */
function requestedPagePath(url: string): string | undefined {
  const at = url.indexOf('?');
  let path = (at < 0 ? url : url.slice(0, at)).replace(/^\/+|\/+$/g, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return couldBePagePath(path) ? path : undefined;
}

/**
 * Answers a read that no built-in route took when a published page has its address: the page, in the
 * site's layout, kept in the page cache for anonymous readers. Resolves false otherwise (a draft too), for
 * whatever answers next (see src/pages/fallback-routes.tsx).
 */
export async function servePublishedPage(request: FastifyRequest, reply: FastifyReply, ctx: AppContext): Promise<boolean> {
  // Pages are written in the site's default language and live at its plain addresses only.
  const path = requestedEdition(request) ? undefined : requestedPagePath(request.url);
  if (path === undefined) return false;
  const page = await findPublishedPage(ctx.handle, path);
  if (!page) return false;
  const view = { title: page.title, href: pageHref(page.path), description: pageDescription(page.bodyHtml), bodyHtml: page.bodyHtml };
  sendHtml(request, reply, renderDocument(<StandalonePageView site={await ctx.siteView()} page={view} />));
  return true;
}
