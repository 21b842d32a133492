import { articlesWithHero } from './store.ts';
import { expertIdsWithPhoto } from '../experts/store.ts';
import { answerMediaUsage } from '../media/usage.ts';

/** Tells media where an image is shown (its description rule needs it): here, where articles and experts are both known. */
export function answerWhereImagesAreUsed(): void {
  answerMediaUsage(async (handle, mediaId) => {
    const [articles, portraitOfExperts] = await Promise.all([articlesWithHero(handle, mediaId), expertIdsWithPhoto(handle, mediaId)]);
    return { articles, portraitOfExperts };
  });
}
