import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodedPage, type PageCache } from './page-cache.ts';
import { frameableHeaders, securityHeaders } from './security-headers.ts';
import { SESSION_COOKIE } from './auth.ts';
import { readCookie } from './signed-cookie.ts';
import { canonicalAddress } from './paths.ts';

const htmlType = 'text/html; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the response may be kept in the page cache for anonymous readers. */
    cacheablePage?: boolean;
    /** The cache generation when the request arrived: its page is stored only if nothing changed meanwhile. */
    cacheGeneration?: number;
    /** How the page may be cached: see sendHtml. */
    pageCacheOptions?: { marks?: string[]; expiresAt?: number; headers?: Record<string, string>; links?: string[]; status?: number };
    /** The security headers this response carries, where a page needs others than the site's (see frameableHeaders). */
    securityHeaders?: Record<string, string>;
    /** True once the request's session cookie was looked up and names no live session: the reader is anonymous. */
    sessionCookieIsStale?: boolean;
  }
}

const isRead = (method: string | undefined) => method === 'GET' || method === 'HEAD';

/**
 * A read by someone not signed in. A session cookie makes a reader signed in until it has been looked
 * up (`staleSession`): one that names no live session (expired, or made up) counts as no cookie, so it
 * cannot be used to pass the cache by.
 */
function isAnonymousRead(method: string | undefined, cookie: string | undefined, staleSession = false): boolean {
  return isRead(method) && (staleSession || !readCookie(cookie, SESSION_COOKIE));
}

/**
 * Answers an anonymous reader from the page cache, if the page is there. Returns false when the
 * request must go to the routes. Used in front of Fastify (see cachingServerFactory) and as a hook,
 * so that requests injected in tests take the same path.
 */
export function serveFromCache(cache: PageCache, req: IncomingMessage, res: ServerResponse, staleSession = false, url = req.url ?? ''): boolean {
  if (!isAnonymousRead(req.method, req.headers.cookie, staleSession)) return false;
  const page = cache.get(url);
  if (!page) return false;
  if (page.marks.length && req.headers.cookie && cache.bypass?.(req.headers.cookie, page.marks)) return false;
  if (page.status !== 200) {
    res.writeHead(page.status, page.headers);
    res.end();
  } else if (req.headers['if-none-match'] === page.etag) {
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
 * Only a page's own address is kept: its canonical path (other spellings were redirected on arrival),
 * with no query, or with a query a kept page links to (the next page of a listing). Anything else
 * (tracking parameters, invented cursors) is rendered afresh rather than allowed to push popular pages
 * out of the cache.
 */
function isKeptAddress(cache: PageCache, url: string): boolean {
  if (canonicalAddress(url) !== url) return false;
  return !url.includes('?') || cache.isLinked(url);
}

export interface PageCacheOptions {
  /** Whether a request's session cookie names a live session; without it, any session cookie passes the cache by. */
  hasLiveSession?: (request: FastifyRequest) => Promise<boolean>;
}

export function registerPageCache(app: FastifyInstance, cache: PageCache, options: PageCacheOptions = {}): void {
  /** A session cookie on a read is looked up once (the lookup is shared with the routes): a stale one is no cookie. */
  async function sessionCookieIsStale(request: FastifyRequest): Promise<boolean> {
    if (!options.hasLiveSession || !isRead(request.method) || !readCookie(request.headers.cookie, SESSION_COOKIE)) return false;
    try {
      return !(await options.hasLiveSession(request));
    } catch {
      return false; // the database did not answer: the route will say so; the cache stays out of it
    }
  }

  app.addHook('onRequest', async (request, reply) => {
    // Every spelling of an address but one goes to that one, so that each page has one cache entry. Pages are
    // kept by the address as it arrived (originalUrl): a language edition's prefix is taken off for routing.
    if (isRead(request.method)) {
      const canonical = canonicalAddress(request.originalUrl);
      if (canonical !== request.originalUrl) return reply.redirect(canonical, 301);
    }
    request.sessionCookieIsStale = await sessionCookieIsStale(request);
    if (serveFromCache(cache, request.raw, reply.raw, request.sessionCookieIsStale, request.originalUrl)) return reply.hijack();
    // While the cache cannot hear other processes' changes (its listening connection lost), nothing may be
    // reused per generation either: the generation does not move for their changes.
    request.cacheGeneration = cache.storing ? cache.generation : undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const status = request.pageCacheOptions?.status ?? 200;
    if (!request.cacheablePage || reply.statusCode !== status || !isAnonymousRead(request.method, request.headers.cookie, request.sessionCookieIsStale)) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!isKeptAddress(cache, request.originalUrl) || request.cacheGeneration === undefined) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const stored = cache.set(request.originalUrl, body, String(reply.getHeader('content-type') ?? htmlType), request.cacheGeneration, request.pageCacheOptions);
    if (!stored || status !== 200) return payload;
    reply.header('etag', stored.etag).header('x-cache', 'miss').header('vary', 'Accept-Encoding');
    // The first reader gets the compressed copy too; it is made once, and every later hit reuses it.
    const encoded = encodedPage(cache, stored, request.headers['accept-encoding']);
    if (!encoded) return payload;
    reply.header('content-encoding', encoded.headers['content-encoding']);
    return encoded.body;
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
  /**
   * The address of the listing's next page (`?cursor=…`), when the page links to one: the cache keeps
   * that page too once it is asked for; an address with a query that no kept page links to is never kept.
   */
  nextPage?: string;
}

/** Sends a rendered page; `cacheable` pages are kept for anonymous readers until content changes. */
export function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string, options: SendHtmlOptions = {}) {
  request.cacheablePage = options.cacheable ?? true;
  if (options.frameable) request.securityHeaders = frameableHeaders;
  request.pageCacheOptions = { marks: options.marks, expiresAt: options.expiresAt, headers: request.securityHeaders, links: options.nextPage ? [options.nextPage] : undefined };
  return reply
    .status(options.status ?? 200)
    .type(htmlType)
    .header('cache-control', 'public, max-age=0, must-revalidate')
    .send(html);
}

/**
 * Sends a reader on to another address (an old address a redirect names), kept in the page cache like a
 * page so that a burst of readers on an old link costs the database nothing.
 */
export function sendCacheableRedirect(request: FastifyRequest, reply: FastifyReply, location: string, status: number) {
  request.cacheablePage = true;
  request.pageCacheOptions = { status, headers: { ...(request.securityHeaders ?? securityHeaders), location } };
  return reply.status(status).header('location', location).header('cache-control', 'public, max-age=0, must-revalidate').type('text/plain; charset=utf-8').send('');
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
