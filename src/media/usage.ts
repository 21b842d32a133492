import type { Db } from '../schema.ts';
import { articlesWithHero } from '../articles/store.ts';
import { expertIdsWithPhoto } from '../experts/store.ts';
import type { MediaUsage } from './policies.ts';

/** Everywhere an image is shown, as the description rule (policies.ts) needs it. */
export async function mediaUsage(handle: Db, mediaId: number): Promise<MediaUsage> {
  const [articles, portraitOfExperts] = await Promise.all([articlesWithHero(handle, mediaId), expertIdsWithPhoto(handle, mediaId)]);
  return { articles, portraitOfExperts };
}
