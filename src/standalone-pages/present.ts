import { cutAtWord } from '../views/format.ts';
import { decodeEntities } from '../views/html-text.ts';
import { pageHref } from './paths.ts';
import type { StandalonePage } from './store.ts';

/** A page as the API shows it; the address is absolute. */
export function pageJson(page: StandalonePage, publicUrl: string) {
  return {
    id: page.id,
    title: page.title,
    path: page.path,
    url: publicUrl + pageHref(page.path),
    status: page.status,
    menu: page.menu,
    menu_order: page.menuOrder,
    body: page.bodyMarkdown,
    published_at: page.publishedAt,
    updated_at: page.updatedAt,
  };
}

/** The page as the audit log names it. */
export const pageSubject = (page: StandalonePage) => ({ kind: 'standalone_page', id: page.id, label: page.title });

const menuWords = { masthead: 'in the masthead', footer: 'in the footer', none: 'in no menu' } as const;

/** What a new page is, for the audit log. */
export const createDetail = (page: StandalonePage) => `${pageHref(page.path)}, ${page.status}, ${menuWords[page.menu]}`;

/** What an edit changed, for the audit log. */
export function changeDetail(before: StandalonePage, after: StandalonePage): string {
  const changes = [
    before.title !== after.title && `Title was “${before.title}”`,
    before.path !== after.path && `Moved from ${pageHref(before.path)} to ${pageHref(after.path)}`,
    before.status !== after.status && (after.status === 'published' ? 'Published' : 'Taken back to a draft'),
    (before.menu !== after.menu || before.menuOrder !== after.menuOrder) && `Now ${menuWords[after.menu]}${after.menu === 'none' ? '' : ` at position ${after.menuOrder}`}`,
    before.bodyMarkdown !== after.bodyMarkdown && 'Text changed',
  ].filter(Boolean);
  return changes.length ? changes.join('; ') : 'No change';
}

const descriptionLength = 200;

/**
 * The page's description for search engines and link previews: the text of its first paragraph, cut at a
 * word near 200 characters. Empty when the body has no paragraph (the site's description is used then).
 */
export function pageDescription(bodyHtml: string): string {
  const first = /<p>([\s\S]*?)<\/p>/.exec(bodyHtml)?.[1] ?? '';
  const text = decodeEntities(first.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return cutAtWord(text, descriptionLength);
}
