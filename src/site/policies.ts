import { isAdmin, type Actor } from '../core/actor.ts';

/** Anyone with a token may read the site settings; only administrators change them. */
export const sitePolicy = {
  readSettings: (_actor: Actor) => true,
  updateSettings: (actor: Actor) => isAdmin(actor),
};
