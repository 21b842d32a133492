import { keepSearchIndexCurrent } from './search/documents.ts';
import { tellPeopleAboutArticles } from './notifications/tell.ts';
import { answerTheOfficesSearch } from './search/office.ts';
import { answerWhereImagesAreUsed } from './articles/media-usage.ts';
import { moveArticlesWhenTagsMerge } from './articles/tag-merge.ts';

/**
 * Lets the capabilities of higher layers react to, or answer for, those below them (README, Layout):
 * search keeps its index with every save, articles tell media where an image is used. Whoever opens
 * the database to write (the app, the CLI, tests, benchmarks) calls this first; calling it again is harmless.
 */
export function composeCapabilities(): void {
  keepSearchIndexCurrent();
  tellPeopleAboutArticles();
  answerTheOfficesSearch();
  answerWhereImagesAreUsed();
  moveArticlesWhenTagsMerge();
}
