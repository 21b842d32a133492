import { escapeHtml } from '../views/html-text.ts';

export interface FeedImage {
  /** Absolute. */
  src: string;
  width: number;
  height: number;
  alt: string;
  credit: string;
}

/** The entities the sanitiser writes in attribute values. */
const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decodeAttribute = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e]!);

/**
 * A link or image source as a feed reader must get it: absolute. A root-relative path hangs off the
 * public URL (as every page's links do); a fragment or relative path resolves against the article.
 */
function absolute(value: string, articleUrl: string, publicUrl: string): string {
  const raw = decodeAttribute(value);
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return value;
  try {
    const resolved = raw.startsWith('/') && !raw.startsWith('//') ? publicUrl + raw : new URL(raw, articleUrl).href;
    return escapeHtml(resolved);
  } catch {
    return value;
  }
}

/**
 * An article's sanitised body as a feed entry's content: links and images made absolute (a feed reader
 * has no page to resolve them against), the hero image and its credit on top as on the page.
 */
export function feedContentHtml(bodyHtml: string, articleUrl: string, publicUrl: string, image?: FeedImage): string {
  const body = bodyHtml
    .replace(/(\s(?:href|src)=")([^"]*)"/g, (_m, start: string, value: string) => `${start}${absolute(value, articleUrl, publicUrl)}"`)
    // A figure's variants (<source srcset="/media/… 480w, …">): each candidate's address made absolute too.
    .replace(
      /(\ssrcset=")([^"]*)"/g,
      (_m, start: string, value: string) => `${start}${value.replace(/(^|,\s*)([^\s,]+)/g, (_c, sep: string, url: string) => sep + absolute(url, articleUrl, publicUrl))}"`,
    );
  if (!image) return body;
  const caption = image.credit ? `<figcaption>Source: ${escapeHtml(image.credit)}</figcaption>` : '';
  const figure = `<figure><img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}">${caption}</figure>`;
  return figure + body;
}
