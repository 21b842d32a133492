import { slugify, slugPattern } from '../db/slug.ts';

/**
 * First path segments that belong to the site itself: every first segment of a route the app registers
 * (the test beside this file builds the app and fails when one is missing here), and a few the site keeps
 * for pages it names already or will have (`places`, `feeds`, `experts`). A standalone page never takes
 * one, so it can neither hide a built-in page nor be hidden by one, today or after an upgrade. Segments
 * with a dot can never be a page's (a page's segments are slugs); they are listed so the test can tell
 * that nothing was forgotten.
 */
export const reservedFirstSegments: readonly string[] = [
  // The office, the API and files.
  'admin',
  'api',
  'assets',
  'media',
  'favicon.ico',
  // Reader pages.
  'blogs',
  'polls',
  'tags',
  'places',
  'regions',
  'countries',
  'search',
  'glossary',
  'for-business',
  'for-researchers',
  'for-students',
  'experts',
  'articles',
  'pages',
  // Drafts shared for comment, and the signed link that turns e-mail notices off.
  'preview',
  'notices',
  // Feeds, sitemaps and what crawlers ask for.
  'feeds',
  'feed',
  'feed.xml',
  'atom.xml',
  'feed.json',
  'sitemap.xml',
  'sitemaps',
  'robots.txt',
];

const reserved = new Set(reservedFirstSegments);

/**
 * Two letters (`ru`), or two and two (`pt-br`): kept for the site's language editions, each of which lives
 * under its prefix (`/ru/...`).
 */
const languageSegment = /^[a-z]{2}(?:-[a-z]{2})?$/;

export const maxPathLength = 300;
export const maxPathSegments = 5;

/** A path as typed: spaces and the slashes around it dropped ("/about/team/" is `about/team`). */
export function trimPagePath(text: string): string {
  return text.trim().replace(/^\/+|\/+$/g, '');
}

/** What is wrong with a page path, in words for the person who typed it; undefined when it may be a page's. */
export function pagePathProblem(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (path.length > maxPathLength) return `must be at most ${maxPathLength} characters`;
  const segments = path.split('/');
  if (segments.length > maxPathSegments) return `must have at most ${maxPathSegments} parts separated by /`;
  if (!segments.every((s) => slugPattern.test(s))) return 'must be lower-case letters, digits and single hyphens, in parts separated by single slashes (about/team)';
  return reservedPathProblem(path);
}

/** Why a well-formed path cannot be a page's because the site uses its first segment; undefined when it can. */
export function reservedPathProblem(path: string): string | undefined {
  const first = path.split('/')[0]!;
  if (reserved.has(first)) return `cannot start with /${first}, which the site uses for its own pages`;
  if (languageSegment.test(first)) return `cannot start with /${first}: two-letter segments (and ones like pt-br) are kept for the site's language editions`;
  return undefined;
}

/** Whether a request's path (without its leading slash) could name a page at all: the cheap test before a look-up. */
export function couldBePagePath(path: string): boolean {
  return path.length > 0 && path.length <= maxPathLength && pagePathProblem(path) === undefined;
}

/** The path a page gets from its title when none is given: one slug ("About us" is `about-us`). */
export const pathFromTitle = (title: string) => slugify(title);

/** The page's address on the site. */
export const pageHref = (path: string) => `/${path}`;
