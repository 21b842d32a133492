import { createHash } from 'node:crypto';
import { compressFast, preferredEncoding, type Encoding } from '../core/content-encoding.ts';
import { securityHeaders } from './security-headers.ts';

export interface CachedPage {
  key: string;
  /** 200 for a page; a redirect's status for a redirect, whose headers carry its Location. */
  status: number;
  body: Buffer;
  etag: string;
  /** Response headers, made once when the page is stored. */
  headers: Record<string, string | number>;
  notModifiedHeaders: Record<string, string>;
  storedAt: number;
  expiresAt: number;
  /** What the page shows that differs for some readers (e.g. "poll:12"); see PageCache.bypass. */
  marks: string[];
  /** Compressed copies, made the first time a reader's browser asks for them. */
  encoded: Partial<Record<Encoding, { body: Buffer; headers: Record<string, string | number> }>>;
}

/** At most this many linked addresses are remembered (each is a short string). */
const maxLinks = 20_000;

function sizeOf(page: CachedPage): number {
  return page.body.length + (page.encoded.br?.body.length ?? 0) + (page.encoded.gzip?.body.length ?? 0);
}

/** The compressed form of a cached page that a reader accepts, made once per page and encoding. */
export function encodedPage(cache: PageCache, page: CachedPage, acceptEncoding: string | undefined) {
  const encoding = preferredEncoding(acceptEncoding);
  if (!encoding) return undefined;
  let entry = page.encoded[encoding];
  if (!entry) {
    const body = compressFast(page.body, encoding);
    entry = { body, headers: { ...page.headers, 'content-encoding': encoding, 'content-length': body.length } };
    page.encoded[encoding] = entry;
    cache.addEncoded(page, body.length);
  }
  return entry;
}

/**
 * Finished responses for anonymous readers, keyed by URL. Content changes drop every entry
 * (here and, through the notifier, in every other process); entries also age out so that
 * time-based changes such as scheduled publication show without an explicit drop.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  /**
   * Addresses with a query that kept pages link to (a blog's older articles, say). Only those are kept:
   * any other query (an invented cursor, a tracking parameter) is rendered afresh, so that nobody can
   * fill the cache with addresses the site never made.
   */
  private readonly linked = new Set<string>();
  private bytes = 0;
  /** Moves on every drop, so that a page rendered from data read before the drop is not stored after it. */
  private generationCounter = 0;

  get generation(): number {
    return this.generationCounter;
  }

  /**
   * False while this process cannot hear of other processes' changes (its listening connection is
   * gone): a page kept then could stay stale unseen, so none is kept.
   */
  storing = true;

  /**
   * Decides, from a reader's cookies, that a cached page with these marks is not theirs to see (a poll
   * they have answered, say); such readers get the page rendered afresh.
   */
  bypass?: (cookieHeader: string, marks: string[]) => boolean;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxBytes = 64 * 1024 * 1024,
    /** Headers every response of this site carries whatever the page (Strict-Transport-Security). */
    private readonly siteHeaders: Record<string, string> = {},
  ) {}

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    // At `expiresAt` itself the page is stale already: a poll closing then counts as closed.
    if (Date.now() >= page.expiresAt) {
      this.remove(key, page);
      return undefined;
    }
    return page;
  }

  private remove(key: string, page: CachedPage): void {
    this.pages.delete(key);
    this.bytes -= sizeOf(page);
  }

  /** Compressed copies count against the budget too, and push the oldest other pages out as new ones do. */
  addEncoded(page: CachedPage, bytes: number): void {
    if (this.pages.get(page.key) !== page) return;
    this.bytes += bytes;
    this.makeRoom(0, page);
  }

  /** Drops the oldest pages (Map keeps insertion order) until `incoming` more bytes fit; `keep` stays. */
  private makeRoom(incoming: number, keep?: CachedPage): void {
    for (const [oldKey, oldPage] of this.pages) {
      if (this.bytes + incoming <= this.maxBytes) break;
      if (oldPage !== keep) this.remove(oldKey, oldPage);
    }
  }

  set(
    key: string,
    body: Buffer,
    contentType: string,
    renderedInGeneration = this.generationCounter,
    options: { marks?: string[]; expiresAt?: number; headers?: Record<string, string>; links?: string[]; status?: number } = {},
  ): CachedPage | undefined {
    if (!this.storing || this.maxAgeMs <= 0 || body.length > this.maxBytes / 4 || renderedInGeneration !== this.generationCounter) return undefined;
    for (const link of options.links ?? []) this.addLink(link);
    const previous = this.pages.get(key);
    if (previous) this.remove(key, previous);
    this.makeRoom(body.length);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const common = { ...(options.headers ?? securityHeaders), ...this.siteHeaders, etag, 'cache-control': 'public, max-age=0, must-revalidate', vary: 'Accept-Encoding', 'x-cache': 'hit' };
    const headers = { ...common, 'content-type': contentType, 'content-length': body.length };
    const now = Date.now();
    const expiresAt = Math.min(now + this.maxAgeMs, options.expiresAt ?? Infinity);
    const page: CachedPage = { key, status: options.status ?? 200, body, etag, headers, notModifiedHeaders: common, storedAt: now, expiresAt, marks: options.marks ?? [], encoded: {} };
    this.pages.set(key, page);
    this.bytes += body.length;
    return page;
  }

  private addLink(address: string): void {
    // Bounded like the pages: a full set starts again (linked pages already kept stay kept).
    if (this.linked.size >= maxLinks) this.linked.clear();
    this.linked.add(address);
  }

  /** Whether a kept page links to this address (see `linked`). */
  isLinked(address: string): boolean {
    return this.linked.has(address);
  }

  clearLocal(): void {
    this.pages.clear();
    this.linked.clear();
    this.bytes = 0;
    this.generationCounter++;
  }

  /** The addresses kept now. */
  keys(): IterableIterator<string> {
    return this.pages.keys();
  }

  get sizeInBytes(): number {
    return this.bytes;
  }
}
