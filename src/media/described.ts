import type { Db } from '../schema.ts';
import { Observers } from '../core/observers.ts';

/**
 * An image's alt text or credit changed (describeImage), told inside that change's transaction. What
 * shows the description in HTML it keeps (articles' bodies, rendered at save, draw a figure's credit
 * from the library) renders again there, so the new credit reaches readers with the change itself.
 */
export const imageDescribed = new Observers<[handle: Db, mediaId: number]>();
