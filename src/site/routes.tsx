import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { forbidden, notFound, parseInput } from '../core/refusals.ts';
import type { AssetBundle } from '../views/assets.ts';
import { getSiteSettings, saveSiteSettings } from './store.ts';
import { sitePolicy } from './policies.ts';
import { siteSettingsFields } from './fields.ts';

const settingsSchema = z
  .object(siteSettingsFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');

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

  app.get('/api/v1/settings', async (request) => {
    if (!sitePolicy.readSettings(await requireActor(request, ctx.resolveActor, ctx.config.publicUrl))) throw forbidden();
    const s = await getSiteSettings(ctx.handle);
    return { name: s.name, tagline: s.tagline, description: s.description, brand_color: s.brandColor };
  });

  app.patch('/api/v1/settings', async (request) => {
    const actor = await requireActor(request, ctx.resolveActor, ctx.config.publicUrl);
    if (!sitePolicy.updateSettings(actor)) throw forbidden('Only administrators change site settings');
    const input = parseInput(settingsSchema, request.body);
    const given = { name: input.name, tagline: input.tagline, description: input.description, brandColor: input.brand_color };
    await saveSiteSettings(ctx.handle, given);
    const words = { name: 'site name', tagline: 'tagline', description: 'description', brandColor: 'brand colour' };
    const changed = (Object.keys(given) as Array<keyof typeof given>).filter((key) => given[key] !== undefined).map((key) => words[key]);
    await ctx.audit(actor, { action: 'settings.update', subject: { kind: 'settings', label: 'Site settings' }, detail: `Changed: ${changed.join(', ') || 'nothing'}` }, request);
    ctx.contentChanged();
    const s = await getSiteSettings(ctx.handle);
    return { name: s.name, tagline: s.tagline, description: s.description, brand_color: s.brandColor };
  });
}
