import type { Db } from '../schema.ts';
import { memoPerGeneration } from '../http/generation-memo.ts';
import { listPublishedPages } from '../standalone-pages/store.ts';
import { pageHref } from '../standalone-pages/paths.ts';
import { excerptOf, openingOf, soughtUnits } from './excerpt.ts';
import { termTokens } from './terms.ts';
import { excerptHtml, htmlToText, stopWords, type ParsedQuery } from './text.ts';

/** A standalone page a search found: shown beside the articles, which are what search is mostly for. */
export interface PageHit {
  title: string;
  path: string;
  excerptHtml: string;
}

interface SearchablePage {
  title: string;
  path: string;
  text: string;
  /** The page's tokens in order (title, then text), with spaces around each, for word and phrase look-ups. */
  tokens: string;
  titleTokens: string;
}

/** At most this many pages are shown: a site has tens of them, and the articles are what most searches want. */
export const maxPageHits = 5;
const excerptWords = 30;

const spaced = (tokens: string[]) => ` ${tokens.join(' ')} `;

/**
 * Finds published standalone pages in memory, with the articles' tokenizer: a site has tens of pages, so
 * reading them once per content generation and matching in JavaScript costs less than an index would.
 */
export function pageSearcher(handle: Db) {
  const pages = memoPerGeneration(async (): Promise<SearchablePage[]> =>
    (await listPublishedPages(handle)).map((page) => {
      const text = htmlToText(page.bodyHtml);
      return { title: page.title, path: pageHref(page.path), text, tokens: spaced(termTokens(`${page.title} ${text}`)), titleTokens: spaced(termTokens(page.title)) };
    }),
  );
  return async (generation: number | undefined, q: ParsedQuery): Promise<PageHit[]> => {
    const wanted = [...q.terms.filter((t) => !stopWords.has(t)).map((t) => termTokens(t)), ...q.phrases.map((p) => termTokens(p.join(' ')))].filter((t) => t.length > 0);
    const unwanted = q.excluded.filter((t) => !stopWords.has(t)).map((t) => termTokens(t));
    if (wanted.length === 0) return [];
    const sought = soughtUnits(q);
    return (await pages(generation))
      .filter((page) => wanted.every((t) => page.tokens.includes(spaced(t))) && !unwanted.some((t) => t.length && page.tokens.includes(spaced(t))))
      .map((page) => ({ page, inTitle: wanted.filter((t) => page.titleTokens.includes(spaced(t))).length }))
      .sort((a, b) => b.inTitle - a.inTitle || a.page.title.localeCompare(b.page.title))
      .slice(0, maxPageHits)
      .map(({ page }) => ({ title: page.title, path: page.path, excerptHtml: excerptHtml(excerptOf(page.text, sought, excerptWords) ?? openingOf(page.text, excerptWords)) }));
  };
}
