import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { isEditionLanguage, type EditionLanguage } from '../views/i18n/languages.ts';
import { notReaderPages } from './paths.ts';

/**
 * A site's other language editions live under a prefix (`/ru/blogs/…`). Rather than declare every reader
 * route once per language, the prefix is taken off before routing and remembered on the request: the
 * routes see `/blogs/…` and ask `requestedEdition` which edition to render. The page cache keeps pages
 * by the address as it arrived (`originalUrl`), prefix and all, so one edition is never served for another.
 */

const editionOfRequest = new WeakMap<IncomingMessage, EditionLanguage>();

/** `/ru`, `/ru/…` or `/ru?…`. */
const prefixed = /^\/([a-z]{2})(?=$|[/?])/;
/**
 * What has no editions: the API, the office and files (`/ru/admin` is not a page), and the site's own
 * files for machines, which name every edition's addresses themselves (a sitemap under `/ru/` could not).
 */
const siteWide = new Set([...notReaderPages, 'sitemap.xml', 'sitemaps', 'robots.txt', 'favicon.ico']);
const hasNoEditions = (path: string) => siteWide.has(path.slice(1).split(/[/?]/, 1)[0]!);

/** Fastify's rewriteUrl: `/ru/polls?x` → `/polls?x`, with the edition kept for the routes. */
export function rewriteEditionUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const match = prefixed.exec(url);
  if (!match || !isEditionLanguage(match[1]!)) return url;
  const rest = url.slice(match[0].length);
  const path = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
  if (hasNoEditions(path)) return url;
  editionOfRequest.set(req, match[1]);
  return path;
}

/** The edition the address names by its prefix; undefined for the site's plain addresses. */
export const requestedEdition = (request: FastifyRequest): EditionLanguage | undefined => editionOfRequest.get(request.raw);
