/**
 * A Ghost post's content → Rostrum's Markdown. Ghost exports keep `html` (rendered by Ghost, the best source) and
 * the editor's document, `lexical` (Ghost 5) or `mobiledoc` (Ghost 1–4); when `html` is missing the document is
 * rendered to HTML here. Ghost writes `__GHOST_URL__` for its own address: it is resolved against the site's URL.
 * Cards are reshaped (cards.ts), then the shared converter (../html-to-markdown.ts) does the rest.
 *
 * Pure: no database, no files. Like the WordPress converter, it is called once to learn the media and once with
 * `imageAddress`.
 */
import { ContentReport, htmlToMarkdown, type ConvertedContent } from '../html-to-markdown.ts';
import { escapeHtml } from '../../views/html-text.ts';
import { reshapeGhostCards } from './cards.ts';
import { lexicalToHtml } from './lexical.ts';
import { mobiledocToHtml } from './mobiledoc.ts';

export type { ConvertedContent } from '../html-to-markdown.ts';

export interface GhostPostContent {
  html?: string | null;
  lexical?: string | null;
  mobiledoc?: string | null;
}

export interface GhostContentContext {
  /** Where an image of the old site lives in Rostrum now (a /media/... path), or undefined: then its URL is kept and a warning says so. */
  imageAddress?(url: string): string | undefined;
  /** The Ghost site's address (its `url` setting), which `__GHOST_URL__` stands for. */
  siteUrl: string;
}

export function convertGhostContent(post: GhostPostContent, context: GhostContentContext): ConvertedContent {
  const report = new ContentReport();
  const siteUrl = context.siteUrl.replace(/\/+$/, '');
  const html = resolveGhostUrl(sourceHtml(post, report), siteUrl);
  return htmlToMarkdown(html, {
    report,
    imageAddress: context.imageAddress ? (url) => context.imageAddress!(url) : undefined,
    isSiteFile: (url) => isGhostUpload(url, siteUrl),
    transforms: [reshapeGhostCards],
  });
}

function sourceHtml(post: GhostPostContent, report: ContentReport): string {
  if (post.html?.trim()) return post.html;
  if (post.lexical?.trim()) return lexicalToHtml(post.lexical, report);
  if (post.mobiledoc?.trim()) return mobiledocToHtml(post.mobiledoc, report);
  return '';
}

/** `__GHOST_URL__/content/images/…` → `https://site/content/images/…`. */
export const resolveGhostUrl = (html: string, siteUrl: string) => html.split('__GHOST_URL__').join(escapeHtml(siteUrl));

/** Whether a URL is one of the Ghost site's uploads: images, media and files under /content/. */
export function isGhostUpload(url: string, siteUrl: string): boolean {
  try {
    const site = new URL(siteUrl);
    const target = new URL(url, site);
    return target.host === site.host && /^\/(?:.*\/)?content\/(?:images|media|files)\//.test(target.pathname);
  } catch {
    return false;
  }
}
