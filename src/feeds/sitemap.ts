/** Sitemaps as sitemaps.org defines them: a urlset, or an index of urlsets when one would be too long. */
import { escapeHtml } from '../views/html-text.ts';

export interface SitemapEntry {
  /** Absolute. */
  loc: string;
  lastmod?: string;
  /** The page in other languages (itself included, and x-default), by absolute address: Google's xhtml:link annotations. */
  alternates?: Array<{ hreflang: string; href: string }>;
}

/** The protocol's limit of addresses in one sitemap file. */
export const maxSitemapUrls = 50_000;

/** A W3C datetime to the second, in UTC: what sitemap consumers read most reliably. */
export const w3cDateTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

function entryXml(tag: 'url' | 'sitemap', entry: SitemapEntry): string {
  const lastmod = entry.lastmod ? `<lastmod>${w3cDateTime(entry.lastmod)}</lastmod>` : '';
  const alternates = (entry.alternates ?? []).map((a) => `<xhtml:link rel="alternate" hreflang="${escapeHtml(a.hreflang)}" href="${escapeHtml(a.href)}"/>`).join('');
  return `<${tag}><loc>${escapeHtml(entry.loc)}</loc>${lastmod}${alternates}</${tag}>\n`;
}

const header = '<?xml version="1.0" encoding="UTF-8"?>\n';
const namespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const xhtmlNamespace = 'http://www.w3.org/1999/xhtml';

export function urlsetXml(entries: Iterable<SitemapEntry>): string {
  let body = '';
  let alternates = false;
  for (const entry of entries) {
    body += entryXml('url', entry);
    alternates ||= (entry.alternates?.length ?? 0) > 0;
  }
  const namespaces = alternates ? `xmlns="${namespace}" xmlns:xhtml="${xhtmlNamespace}"` : `xmlns="${namespace}"`;
  return `${header}<urlset ${namespaces}>\n${body}</urlset>\n`;
}

export function sitemapIndexXml(sitemaps: SitemapEntry[]): string {
  return `${header}<sitemapindex xmlns="${namespace}">\n${sitemaps.map((s) => entryXml('sitemap', s)).join('')}</sitemapindex>\n`;
}

/** robots.txt: the public site is open; the office, the API and search results are not for crawlers. */
export function robotsTxt(publicUrl: string): string {
  return ['User-agent: *', 'Disallow: /admin', 'Disallow: /api/', 'Disallow: /search', 'Allow: /', '', `Sitemap: ${publicUrl}/sitemap.xml`, ''].join('\n');
}
