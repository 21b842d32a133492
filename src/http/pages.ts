import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageCache } from './page-cache.ts';
import { securityHeaders } from './security-headers.ts';

const SESSION_COOKIE = 'rostrum_session';
const htmlType = 'text/html; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the response may be kept in the page cache for anonymous readers. */
    cacheablePage?: boolean;
  }
}

function isAnonymousRead(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const cookie = request.headers.cookie;
  return !cookie || !cookie.includes(SESSION_COOKIE);
}

/**
 * Serves anonymous readers from the page cache before routing, so a cached page costs little more
 * than writing its bytes; everything else goes through the routes as usual.
 */
export function registerPageCache(app: FastifyInstance, cache: PageCache): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isAnonymousRead(request)) return;
    const page = cache.get(request.url);
    if (!page) return;
    const notModified = request.headers['if-none-match'] === page.etag;
    reply.hijack();
    reply.raw.writeHead(notModified ? 304 : 200, {
      ...securityHeaders,
      'content-type': page.contentType,
      'content-length': notModified ? 0 : page.body.length,
      etag: page.etag,
      'cache-control': 'public, max-age=0, must-revalidate',
      'x-cache': 'hit',
    });
    reply.raw.end(notModified || request.method === 'HEAD' ? undefined : page.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.cacheablePage || reply.statusCode !== 200 || !isAnonymousRead(request)) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const stored = cache.set(request.url, body, String(reply.getHeader('content-type') ?? htmlType));
    if (stored) reply.header('etag', stored.etag).header('x-cache', 'miss');
    return payload;
  });
}

/** Sends a rendered page; `cacheable` pages are kept for anonymous readers until content changes. */
export function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string, options: { cacheable?: boolean; status?: number } = {}) {
  request.cacheablePage = options.cacheable ?? true;
  return reply
    .status(options.status ?? 200)
    .type(htmlType)
    .header('cache-control', 'public, max-age=0, must-revalidate')
    .send(html);
}
