import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The office and the API that needs a token answer one person: no browser history, shared proxy or
 * disk cache may keep what they send (a draft, a token's page, a list of users). The public API
 * (`/api/v1/public/…`) and reader pages set their own caching.
 */
export function isPrivatePath(path: string): boolean {
  if (path === '/admin' || path.startsWith('/admin/') || path.startsWith('/admin?')) return true;
  return path.startsWith('/api/') && !path.startsWith('/api/v1/public/');
}

function pathOf(request: FastifyRequest): string {
  // The route's own pattern where one matched, so that no spelling of the address escapes the rule.
  return request.routeOptions.url ?? request.url;
}

/** One hook for every private answer, errors and redirects included, whatever its route set. */
export function registerPrivateCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (isPrivatePath(pathOf(request))) reply.header('cache-control', 'no-store');
    return payload;
  });
}
