import type { Db } from '../schema.ts';
import { listPublishedArticles, type ListQuery } from '../articles/store.ts';
import { editionFilter } from '../views/i18n/languages.ts';
import type { LanguageAlternates } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';

/**
 * A listing's page in the editions that have something on it (an expert's blog, a topic): hreflang and the
 * switcher name only those, so that no alternate leads to an empty page or a 404. None with fewer than two.
 */
export async function alternatesWithArticles(handle: Db, site: SiteView, sitePath: string, query: Pick<ListQuery, 'expertId' | 'tagId'>): Promise<LanguageAlternates | undefined> {
  const { editions, pathIn } = site.locale;
  if (editions.languages.length < 2) return undefined;
  const found = await Promise.all(editions.languages.map(async (language) => (await listPublishedArticles(handle, { ...query, limit: 1, edition: editionFilter(editions, language) })).length > 0));
  const languages = editions.languages.filter((_, i) => found[i]);
  return languages.length < 2 ? undefined : Object.fromEntries(languages.map((language) => [language, pathIn(language, sitePath)]));
}
