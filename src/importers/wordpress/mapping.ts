/** How a WordPress item's fields become Rostrum's: statuses, times, slugs, tags and the addresses readers knew. */
import { isSlug } from '../../db/slug.ts';
import type { ArticleStatus } from '../../articles/tables.ts';
import type { WxrItem, WxrSite, WxrTerm } from './wxr.ts';

/** The source an export's items are recognised by on the next run: the blog's address, without a trailing slash. */
export function wordpressSource(site: WxrSite): string {
  const address = (site.baseBlogUrl || site.link || site.baseSiteUrl).trim().replace(/\/+$/, '');
  return `wordpress ${address.toLowerCase()}`;
}

const unsetTime = '0000-00-00 00:00:00';
const wxrTime = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** "2013-01-10 20:15:40" read as UTC; undefined for WordPress's "not set" and for anything else. */
function asUtc(time: string): string | undefined {
  const m = wxrTime.exec(time.trim());
  if (!m || time.startsWith('0000')) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * When an item went out, in UTC: WordPress writes each time twice, in the site's zone and in UTC. The UTC
 * one is used; a draft's is often unset, and then the site's own time stands in (its zone is not in the
 * export), with a warning.
 */
export function publicationTime(item: Pick<WxrItem, 'postDate' | 'postDateGmt'>, warnings: string[]): string | null {
  const utc = asUtc(item.postDateGmt);
  if (utc) return utc;
  const local = asUtc(item.postDate);
  if (local && item.postDateGmt.trim() !== '' && item.postDateGmt !== unsetTime) warnings.push(`its time "${item.postDateGmt}" could not be read; the site's local time was used`);
  else if (local) warnings.push('its time is given only in the old site’s time zone, which the export does not name; it was read as UTC');
  return local ?? null;
}

export type StatusDecision = { status: ArticleStatus; published: boolean } | { skip: string };

/**
 * What an item's WordPress status becomes: published and scheduled posts go out as they did, drafts and
 * pending posts stay with the editors. A private or password-protected post was not for every reader:
 * it comes in as a draft, so that nothing is shown that was not shown before.
 */
export function statusOf(item: Pick<WxrItem, 'status' | 'password'>, warnings: string[]): StatusDecision {
  switch (item.status) {
    case 'publish':
    case 'future':
      if (item.password) {
        warnings.push('it was protected by a password on the old site; it comes in as a draft, so that its text is not made public');
        return { status: 'draft', published: false };
      }
      return { status: 'published', published: true };
    case 'draft':
      return { status: 'draft', published: false };
    case 'pending':
      return { status: 'in_review', published: false };
    case 'private':
      warnings.push('it was private on the old site; it comes in as a draft');
      return { status: 'draft', published: false };
    case 'trash':
      return { skip: 'in the trash on the old site' };
    case 'auto-draft':
      return { skip: 'an automatic draft WordPress made, never written' };
    default:
      return { skip: `status "${item.status}" is not one Rostrum knows` };
  }
}

/** WordPress keeps a slug percent-encoded ("%e6%bc%a2"); it is kept here when it is a plain Rostrum slug. */
export function usableSlug(postName: string): string | undefined {
  let slug = postName;
  try {
    slug = decodeURIComponent(postName);
  } catch {
    return undefined;
  }
  return isSlug(slug) ? slug : undefined;
}

/** The path of the item's own link on the old site (WordPress's permalink), when it has one. */
const linkPath = (link: string) => (/^https?:\/\//i.test(link) ? link : undefined);

/** The old blog's own address, whose links become paths here (not the network's, `base_site_url`, which may be wordpress.com itself). */
export const oldSiteUrls = (site: WxrSite) => [site.baseBlogUrl || site.link].filter(Boolean);

/** A link into the old site's uploads: left whole, since nothing here answers for it. */
export const uploadsPath = /^\/(?:[^/?#]+\/)*wp-content\//;

/** Where the blog lives on its host: "" at the root, "/blog" for a WordPress installed under /blog. */
export function blogBasePath(site: WxrSite): string {
  try {
    return new URL(site.baseBlogUrl || site.link).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

/**
 * Every address readers may have for a post: its permalink, `?p=ID` (WordPress's plain links and the
 * GUID), and the dated form `/YYYY/MM/DD/slug/`, whichever the site used.
 */
export function postAddresses(item: WxrItem, base: string): string[] {
  const dated = /^(\d{4})-(\d{2})-(\d{2})/.exec(item.postDate);
  return [linkPath(item.link), item.postId > 0 ? `${base}/?p=${item.postId}` : undefined, dated && item.postName ? `${base}/${dated[1]}/${dated[2]}/${dated[3]}/${item.postName}/` : undefined].filter(
    (a): a is string => !!a,
  );
}

/** Every address readers may have for a page: its permalink, `?page_id=ID` and `?p=ID`. */
export function pageAddresses(item: WxrItem, base: string): string[] {
  const ids = item.postId > 0 ? [`${base}/?page_id=${item.postId}`, `${base}/?p=${item.postId}`] : [];
  return [linkPath(item.link), ...ids].filter((a): a is string => !!a);
}

/**
 * The key an item is known by on the next run: its WordPress id, or (in exports made without ids, such as
 * WordPress's theme preview data) its GUID or permalink, which are unique too.
 */
export function itemKey(item: Pick<WxrItem, 'postType' | 'postId' | 'guid' | 'link'>): string {
  return item.postId > 0 ? `${item.postType} ${item.postId}` : `${item.postType} ${item.guid || item.link}`;
}

/** A category's archive path, with its parents as WordPress writes them: `/category/parent/child/`. */
export function categoryArchivePath(term: WxrTerm, bySlug: Map<string, WxrTerm>, base: string): string {
  const chain = [term.slug];
  const seen = new Set(chain);
  for (let parent = bySlug.get(term.parent); parent && !seen.has(parent.slug); parent = bySlug.get(parent.parent)) {
    chain.unshift(parent.slug);
    seen.add(parent.slug);
  }
  return `${base}/category/${chain.join('/')}/`;
}

/** WordPress gives every post a category; its default one says nothing about the post. */
export const isDefaultCategory = (slug: string) => slug === 'uncategorized';

/** The language of the export ("en-US") as an article's language ("en"), when it reads as one. */
export function languageOf(site: WxrSite): string | undefined {
  const primary = /^([a-z]{2,3})(?:[-_]|$)/i.exec(site.language.trim());
  return primary?.[1]!.toLowerCase();
}
