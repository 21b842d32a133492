import type { FastifyInstance } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { preferredEncoding } from '../core/content-encoding.ts';
import type { AssetBundle } from '../views/assets.ts';
import { getSiteSettings, type SiteSettings } from './store.ts';
import { updateSiteSettings, type SettingsChanges } from './commands.ts';
import { sitePermissions } from './policies.ts';

/** Whether a request's If-None-Match names this ETag (or is `*`); weak and strong forms match alike. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** The theme, scripts and icon under their hashed names, compressed as the reader accepts; the brand colour; /favicon.ico. */
/**
 * `loadTheme` makes the stylesheet of the site's brand colour if this process has not made it yet: behind a
 * load balancer, a page from another process may link the sheet of a colour chosen since this one last looked.
 */
export function assetRoutes(app: FastifyInstance, assets: AssetBundle, loadTheme: () => Promise<unknown> = async () => {}, ownFavicon: () => Promise<string | undefined> = async () => undefined) {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    if (!assets.files.has(request.params.name)) await loadTheme();
    const asset = assets.files.get(request.params.name);
    if (!asset) throw notFound('There is no such file');
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag);
    // Shared caches must keep one copy per coding when there is more than one to choose from.
    if (asset.encoded.br || asset.encoded.gzip) reply.header('vary', 'Accept-Encoding');
    if (matchesEtag(request.headers['if-none-match'], asset.etag)) return reply.status(304).send();
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    const encoded = encoding && asset.encoded[encoding];
    if (encoded) reply.header('content-encoding', encoding);
    return reply.type(asset.contentType).send(encoded || asset.body);
  });

  // The brand colour is a setting; passing it in the URL keeps the stylesheet immutable and the CSP free of inline styles.
  app.get<{ Querystring: { c?: string } }>('/assets/brand.css', async (request, reply) => {
    const colour = /^[0-9a-fA-F]{3,8}$/.test(request.query.c ?? '') ? `#${request.query.c}` : '#8a1c2b';
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(`:root{--brand:${colour}}`);
  });

  // Browsers and feed readers ask for /favicon.ico whatever the page says.
  // A favicon chosen in the settings may change: its redirect is temporary, and browsers ask again within the day.
  app.get('/favicon.ico', async (_request, reply) => {
    const own = await ownFavicon();
    return own ? reply.header('cache-control', 'public, max-age=86400').redirect(own, 302) : reply.redirect(assets.urls.favicon, 301);
  });
}

export async function siteRoutes(app: FastifyInstance, ctx: AppContext & { assets: AssetBundle }) {
  assetRoutes(
    app,
    ctx.assets,
    () => ctx.siteView(),
    async () => (await ctx.siteView()).appearance?.favicon?.src,
  );

  const settingsJson = (s: SiteSettings) => ({
    name: s.name,
    tagline: s.tagline,
    description: s.description,
    brand_color: s.brandColor,
    languages: s.languages,
    translations: s.translations,
    time_zone: s.timeZone,
  });

  app.get('/api/v1/settings', async (request) => {
    requirePermission(sitePermissions, await requireActor(request, ctx.resolveActor, ctx.config.publicUrl), 'readSettings');
    return settingsJson(await getSiteSettings(ctx.handle));
  });

  app.patch('/api/v1/settings', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    return settingsJson(await updateSiteSettings(requestContext(ctx, request), actor, request.body as SettingsChanges));
  });
}
