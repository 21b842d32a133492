import type { Db } from '../schema.ts';
import type { MediaUsage } from './policies.ts';

type UsageLookup = (handle: Db, mediaId: number) => Promise<MediaUsage>;
let lookup: UsageLookup | undefined;

/**
 * Where an image is shown is known by the capabilities that show images (articles, experts), which sit
 * above media; they answer through this when the process composes itself (src/schema.ts), as search
 * observes saved articles (README, Layout).
 */
export function answerMediaUsage(answer: UsageLookup): void {
  lookup = answer;
}

/** Everywhere an image is shown: as the hero of which articles, as the portrait of which experts. */
export function mediaUsage(handle: Db, mediaId: number): Promise<MediaUsage> {
  if (!lookup) throw new Error('Nothing answers where images are used: src/schema.ts composes this');
  return lookup(handle, mediaId);
}
