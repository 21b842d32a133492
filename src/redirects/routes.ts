import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { requireActor } from '../http/auth.ts';
import { notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { sendCacheableRedirect } from '../http/pages.ts';
import { decodeCursor } from '../http/cursor.ts';
import { keysetPage } from '../core/cursor.ts';
import { findRedirectFor, getRedirect, listRedirects } from './store.ts';
import { redirectIdOfParams, type RedirectChanges, type RedirectInput } from './input.ts';
import { redirectPermissions } from './policies.ts';
import { createRedirect, deleteRedirect, updateRedirect } from './commands.ts';
import { redirectJson } from './present.ts';

const pageSize = 100;
const listQuery = z
  .object({
    q: z.string().max(200).optional(),
    origin: z.enum(['office', 'api', 'move', 'import']).optional(),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(pageSize),
  })
  .strict();

/**
 * Sends a reader on from an old address, when a redirect names it (the address itself, with its query
 * or without, or a folder above it kept as a prefix). The answer is kept in the page cache like a page.
 */
export async function serveRedirect(request: FastifyRequest, reply: FastifyReply, ctx: Pick<AppContext, 'handle'>): Promise<boolean> {
  // The address as it arrived: an old address under a language edition's prefix is its own.
  const found = await findRedirectFor(ctx.handle, request.originalUrl);
  if (!found) return false;
  await sendCacheableRedirect(request, reply, found.location, found.status);
  return true;
}

export async function redirectRoutes(app: FastifyInstance, ctx: AppContext) {
  const { handle } = ctx;
  const signedIn = (request: FastifyRequest) => requireActor(request, ctx.resolveActor, ctx.config.publicUrl);

  app.get('/api/v1/redirects', async (request) => {
    requirePermission(redirectPermissions, await signedIn(request), 'list');
    const query = parseInput(listQuery, request.query);
    const rows = await listRedirects(handle, { contains: query.q, origin: query.origin, after: decodeCursor(query.cursor), limit: query.limit + 1 });
    const page = keysetPage(rows, query.limit, (r) => r.createdAt);
    return { items: page.items.map(redirectJson), next_cursor: page.next ?? null };
  });

  app.post('/api/v1/redirects', async (request, reply) => {
    const redirect = await createRedirect(requestContext(ctx, request), await signedIn(request), request.body as RedirectInput);
    return reply.status(201).header('location', `/api/v1/redirects/${redirect.id}`).send(redirectJson(redirect));
  });

  app.get('/api/v1/redirects/:id', async (request) => {
    requirePermission(redirectPermissions, await signedIn(request), 'list');
    const redirect = await getRedirect(handle, redirectIdOfParams(request.params));
    if (!redirect) throw notFound('There is no redirect with this id');
    return redirectJson(redirect);
  });

  app.patch('/api/v1/redirects/:id', async (request) => {
    const redirect = await updateRedirect(requestContext(ctx, request), await signedIn(request), redirectIdOfParams(request.params), request.body as RedirectChanges);
    return redirectJson(redirect);
  });

  app.delete('/api/v1/redirects/:id', async (request, reply) => {
    await deleteRedirect(requestContext(ctx, request), await signedIn(request), redirectIdOfParams(request.params));
    return reply.status(204).send();
  });
}
