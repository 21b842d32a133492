import { isEditorial, type Actor } from '../core/actor.ts';

/** Portal texts and their curated lists are editorial work. */
export const portalPolicy = {
  update: (actor: Actor) => isEditorial(actor),
};
