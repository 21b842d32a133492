import type { Db } from '../schema.ts';
import { articlesWithHero } from './store.ts';
import { expertIdsWithPhoto } from '../experts/store.ts';
import type { MediaUsage } from '../media/policies.ts';

/**
 * Everywhere an image is shown, as media's description rule (media/policies.ts) needs it. Asked here,
 * where articles and experts are both known; media's routes get it passed in (app.tsx).
 */
export async function mediaUsage(handle: Db, mediaId: number): Promise<MediaUsage> {
  const [articles, portraitOfExperts] = await Promise.all([articlesWithHero(handle, mediaId), expertIdsWithPhoto(handle, mediaId)]);
  return { articles, portraitOfExperts };
}
