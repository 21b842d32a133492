import { parseDocument, DomUtils } from 'htmlparser2';
import { renderMarkdown } from '../views/markdown.ts';

/** The words of a bit of the old site's HTML (an excerpt, a caption, a title): tags dropped, every entity decoded, spaces made one. */
export function plainTextOf(html: string): string {
  const document = parseDocument(html.replace(/<br\s*\/?>/gi, ' '), { decodeEntities: true });
  return DomUtils.textContent(document).replace(/\s+/g, ' ').trim();
}

/** The first paragraph of a Markdown body as plain text: the lead of a post whose excerpt is empty. */
export function firstParagraphOf(markdown: string): string {
  const html = renderMarkdown(markdown);
  for (const [, inner] of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const text = plainTextOf(inner!.replace(/<sup class="footnote-ref">[\s\S]*?<\/sup>/g, ''));
    if (text) return text;
  }
  return '';
}

const regexpSpecial = /[.*+?^${}()|[\]\\]/g;
/** An image's address: one not brought over keeps its old address, which the sanitizer then leaves out rather than show broken. */
const imageFile = /\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#)\s]|$)/i;

/**
 * Links to the old site's own pages, made paths here (`](https://old.example/2013/01/post/)` becomes
 * `](/2013/01/post/)`): the redirects the import makes lead readers on from them, whatever the new domain.
 * Only links under the site's own path count (a blog at https://example.org/blog leaves the main site's
 * https://example.org/donate/ whole), and links to its files (`files`, such as /wp-content/) and images stay
 * whole: nothing here answers for them.
 */
export function localiseOldSiteLinks(markdown: string, oldSiteUrls: string[], files: RegExp): string {
  const sites = oldSiteUrls.flatMap((url) => {
    try {
      const parsed = new URL(url.trim());
      return /^https?:$/.test(parsed.protocol) ? [{ host: parsed.host.toLowerCase(), base: parsed.pathname.replace(/\/+$/, '') }] : [];
    } catch {
      return [];
    }
  });
  if (sites.length === 0) return markdown;
  const hosts = [...new Set(sites.map((site) => site.host))];
  const link = new RegExp(`(\\]\\()https?://(${hosts.map((h) => h.replace(regexpSpecial, '\\$&')).join('|')})(?=[/)?#\\s])(/?)`, 'gi');
  return markdown.replace(link, (whole: string, opening: string, host: string, slash: string, at: number, text: string) => {
    const path = text.slice(at + whole.length - slash.length).split(/[)\s]/)[0]!;
    const own = sites.some((site) => site.host === host.toLowerCase() && (site.base === '' || path === site.base || path.startsWith(`${site.base}/`) || path.startsWith(`${site.base}?`)));
    return !own || path.startsWith('//') || files.test(path) || imageFile.test(path) ? whole : `${opening}/`;
  });
}
