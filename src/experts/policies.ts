import { isAdmin, isEditorial, type Actor } from '../http/auth.ts';

/** Expert profiles are the institution's: editors keep them, only administrators remove one (with its blog). */
export const expertPolicy = {
  create: (actor: Actor) => isEditorial(actor),
  update: (actor: Actor) => isEditorial(actor),
  delete: (actor: Actor) => isAdmin(actor),
};
