import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import type { AssetBundle } from '../views/assets.ts';
import { getSiteSettings, type SiteSettings } from './store.ts';
import { updateSiteSettings, type SettingsChanges } from './commands.ts';
import { sitePermissions } from './policies.ts';

export async function siteRoutes(app: FastifyInstance, ctx: AppContext & { assets: AssetBundle }) {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = ctx.assets.files.get(request.params.name);
    if (!asset) throw notFound('There is no such file');
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.contentType).send(asset.body);
  });

  // The brand colour is a setting; passing it in the URL keeps the stylesheet immutable and the CSP free of inline styles.
  app.get<{ Querystring: { c?: string } }>('/assets/brand.css', async (request, reply) => {
    const colour = /^[0-9a-fA-F]{3,8}$/.test(request.query.c ?? '') ? `#${request.query.c}` : '#8a1c2b';
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(`:root{--brand:${colour}}`);
  });

  // Browsers and feed readers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', async (_request, reply) => reply.redirect(ctx.assets.urls.favicon, 301));

  const settingsJson = (s: SiteSettings) => ({ name: s.name, tagline: s.tagline, description: s.description, brand_color: s.brandColor });

  app.get('/api/v1/settings', async (request) => {
    requirePermission(sitePermissions, await requireActor(request, ctx.resolveActor, ctx.config.publicUrl), 'readSettings');
    return settingsJson(await getSiteSettings(ctx.handle));
  });

  app.patch('/api/v1/settings', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    return settingsJson(await updateSiteSettings(requestContext(ctx, request), actor, request.body as SettingsChanges));
  });
}
