import { z } from 'zod';

/**
 * An expert's profiles on other sites (ORCID, Google Scholar, LinkedIn, X, a personal site): shown on
 * the blog with rel="me" and given to search engines as JSON-LD sameAs.
 */
export const maxProfileLinks = 10;
const maxProfileLinkLength = 500;

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const profileLinkField = z
  .string()
  .trim()
  .max(maxProfileLinkLength, `must each be at most ${maxProfileLinkLength} characters`)
  .refine(isHttpsUrl, 'must each be a full https:// address, such as https://orcid.org/0000-0002-1825-0097')
  .transform((s) => new URL(s).href);

export const profileLinksField = z.array(profileLinkField).max(maxProfileLinks, `may be at most ${maxProfileLinks} links`);

/** The stored links; a value the column should never hold reads as no links rather than failing a page. */
export function parseProfileLinks(stored: string): string[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && isHttpsUrl(v)) : [];
  } catch {
    return [];
  }
}

const knownProfileSites: Array<[RegExp, string]> = [
  [/(^|\.)orcid\.org$/, 'ORCID'],
  [/^scholar\.google\./, 'Google Scholar'],
  [/(^|\.)linkedin\.com$/, 'LinkedIn'],
  [/(^|\.)(x|twitter)\.com$/, 'X'],
  [/(^|\.)researchgate\.net$/, 'ResearchGate'],
  [/(^|\.)ssrn\.com$/, 'SSRN'],
  [/(^|\.)github\.com$/, 'GitHub'],
  [/(^|\.)wikipedia\.org$/, 'Wikipedia'],
  [/(^|\.)bsky\.app$/, 'Bluesky'],
];

/** How a link is named on the blog: the site's usual name, or the host without "www.". */
export function profileLinkLabel(url: string): string {
  const host = new URL(url).hostname.toLowerCase();
  return knownProfileSites.find(([pattern]) => pattern.test(host))?.[1] ?? host.replace(/^www\./, '');
}
