import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodedPage, type PageCache } from './page-cache.ts';
import { frameableHeaders, securityHeaders } from './security-headers.ts';
import { SESSION_COOKIE } from './auth.ts';

const htmlType = 'text/html; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the response may be kept in the page cache for anonymous readers. */
    cacheablePage?: boolean;
    /** The cache generation when the request arrived: its page is stored only if nothing changed meanwhile. */
    cacheGeneration?: number;
    /** How the page may be cached: see sendHtml. */
    pageCacheOptions?: { marks?: string[]; expiresAt?: number; headers?: Record<string, string> };
    /** The security headers this response carries, where a page needs others than the site's (see frameableHeaders). */
    securityHeaders?: Record<string, string>;
  }
}

function isAnonymousRead(method: string | undefined, cookie: string | undefined): boolean {
  return (method === 'GET' || method === 'HEAD') && (!cookie || !cookie.includes(SESSION_COOKIE));
}

/**
 * Answers an anonymous reader from the page cache, if the page is there. Returns false when the
 * request must go to the routes. Used in front of Fastify (see cachingServerFactory) and as a hook,
 * so that requests injected in tests take the same path.
 */
export function serveFromCache(cache: PageCache, req: IncomingMessage, res: ServerResponse): boolean {
  if (!isAnonymousRead(req.method, req.headers.cookie)) return false;
  const page = cache.get(req.url ?? '');
  if (!page) return false;
  if (page.marks.length && req.headers.cookie && cache.bypass?.(req.headers.cookie, page.marks)) return false;
  if (req.headers['if-none-match'] === page.etag) {
    res.writeHead(304, page.notModifiedHeaders);
    res.end();
  } else {
    const encoded = encodedPage(cache, page, req.headers['accept-encoding'] as string | undefined);
    res.writeHead(200, encoded?.headers ?? page.headers);
    res.end(req.method === 'HEAD' ? undefined : (encoded?.body ?? page.body));
  }
  return true;
}

/** How long a client may take to send a request's headers. */
export const requestHeadersTimeoutMs = 20_000;
/** How long a client may take to send a whole request: the largest upload (20 MB) at about 1 Mbit/s. */
export const requestTimeoutMs = 180_000;

/** An HTTP server that serves cached pages before Fastify sees the request: a hit costs little more than writing bytes. */
export function cachingServerFactory(cache: PageCache) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void, options: { keepAliveTimeout?: number }) => {
    const server = http.createServer((req, res) => {
      if (!serveFromCache(cache, req, res)) handler(req, res);
    });
    // Fastify sets these only on servers it makes itself. Node's 5 s would close idle connections that
    // load balancers and busy clients are about to reuse, and their next request would fail.
    server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
    // A client that trickles its request (slow loris) holds a connection until these run out. Node
    // counts both from the request's first byte, so an idle kept-alive connection is not cut short.
    server.headersTimeout = requestHeadersTimeoutMs;
    server.requestTimeout = requestTimeoutMs;
    return server;
  };
}

/**
 * Only addresses that name a page are cached: no query, or a page cursor. Anything else (tracking
 * parameters, say) is rendered afresh rather than allowed to push popular pages out of the cache.
 */
function hasOnlyCacheableQuery(url: string): boolean {
  const q = url.indexOf('?');
  if (q < 0) return true;
  const params = new URLSearchParams(url.slice(q + 1));
  return [...params.keys()].every((key) => key === 'cursor');
}

export function registerPageCache(app: FastifyInstance, cache: PageCache): void {
  app.addHook('onRequest', async (request, reply) => {
    if (serveFromCache(cache, request.raw, reply.raw)) return reply.hijack();
    request.cacheGeneration = cache.generation;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.cacheablePage || reply.statusCode !== 200 || !isAnonymousRead(request.method, request.headers.cookie)) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!hasOnlyCacheableQuery(request.url)) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const stored = cache.set(request.url, body, String(reply.getHeader('content-type') ?? htmlType), request.cacheGeneration, request.pageCacheOptions);
    if (stored) reply.header('etag', stored.etag).header('x-cache', 'miss');
    return payload;
  });
}

export interface SendHtmlOptions {
  /** False for a page made for one reader; such a page is never kept. */
  cacheable?: boolean;
  status?: number;
  /** Parts that some readers must not get from the cache (see PageCache.bypass). */
  marks?: string[];
  /** When the page goes stale (ms since the epoch), e.g. when a poll on it opens or closes. */
  expiresAt?: number;
  /** Whether other sites may show the page in an iframe. */
  frameable?: boolean;
}

/** Sends a rendered page; `cacheable` pages are kept for anonymous readers until content changes. */
export function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string, options: SendHtmlOptions = {}) {
  request.cacheablePage = options.cacheable ?? true;
  if (options.frameable) request.securityHeaders = frameableHeaders;
  request.pageCacheOptions = { marks: options.marks, expiresAt: options.expiresAt, headers: request.securityHeaders };
  return reply
    .status(options.status ?? 200)
    .type(htmlType)
    .header('cache-control', 'public, max-age=0, must-revalidate')
    .send(html);
}

/**
 * Sends a response other than HTML (a feed, a citation file) that anonymous readers may get from the
 * page cache; `headers` (e.g. Content-Disposition) are kept with the cached copy.
 */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, body: string, contentType: string, headers: Record<string, string> = {}) {
  request.cacheablePage = true;
  request.pageCacheOptions = { headers: { ...(request.securityHeaders ?? securityHeaders), ...headers } };
  return reply.status(200).type(contentType).headers(headers).header('cache-control', 'public, max-age=0, must-revalidate').send(body);
}
