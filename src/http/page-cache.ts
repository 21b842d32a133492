import { createHash } from 'node:crypto';
import { securityHeaders } from './security-headers.ts';

export interface CachedPage {
  body: Buffer;
  etag: string;
  /** Response headers, made once when the page is stored. */
  headers: Record<string, string | number>;
  notModifiedHeaders: Record<string, string>;
  storedAt: number;
}

/**
 * Finished responses for anonymous readers, keyed by URL. Content changes drop every entry
 * (here and, through the notifier, in every other process); entries also age out so that
 * time-based changes such as scheduled publication show without an explicit drop.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private listeners: Array<() => void> = [];

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 5000,
  ) {}

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (Date.now() - page.storedAt > this.maxAgeMs) {
      this.pages.delete(key);
      return undefined;
    }
    return page;
  }

  set(key: string, body: Buffer, contentType: string): CachedPage | undefined {
    if (this.maxAgeMs <= 0) return undefined;
    if (this.pages.size >= this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const common = { ...securityHeaders, etag, 'cache-control': 'public, max-age=0, must-revalidate', 'x-cache': 'hit' };
    const page = { body, etag, headers: { ...common, 'content-type': contentType, 'content-length': body.length }, notModifiedHeaders: common, storedAt: Date.now() };
    this.pages.set(key, page);
    return page;
  }

  /** Drops every page here and tells the other processes to do the same. */
  invalidate(): void {
    this.clearLocal();
    for (const listener of this.listeners) listener();
  }

  clearLocal(): void {
    this.pages.clear();
  }

  onInvalidate(listener: () => void): void {
    this.listeners.push(listener);
  }

  get size(): number {
    return this.pages.size;
  }
}
