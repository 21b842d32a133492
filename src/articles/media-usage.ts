import { articlesWithHero } from './store.ts';
import { expertIdsWithPhoto } from '../experts/store.ts';
import { answerMediaUsage } from '../media/usage.ts';
import { getMediaById } from '../media/store.ts';
import { articlesWithFigure, keepFigureCreditsCurrent } from './figure-credits.ts';

/**
 * Tells media where an image is shown (its description rule needs it): here, where articles and experts
 * are both known. An article shows it as its hero or as a figure in its body; both count. The bodies
 * that show it are rendered again when its credit changes (figure-credits.ts).
 */
export function answerWhereImagesAreUsed(): void {
  answerMediaUsage(async (handle, mediaId) => {
    const media = await getMediaById(handle, mediaId);
    const [heroOf, figureIn, portraitOfExperts] = await Promise.all([articlesWithHero(handle, mediaId), media ? articlesWithFigure(handle, media.hash) : [], expertIdsWithPhoto(handle, mediaId)]);
    const articles = [...heroOf, ...figureIn.filter((a) => !heroOf.some((h) => h.id === a.id))];
    return { articles, portraitOfExperts };
  });
  keepFigureCreditsCurrent();
}
