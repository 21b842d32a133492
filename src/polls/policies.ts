import { isEditorial, type Actor } from '../core/actor.ts';

/** Polls are editorial work: editors and administrators make, run and remove them. */
export const pollPolicy = {
  create: (actor: Actor) => isEditorial(actor),
  /** Drafts, hidden results and settings included: what editors need to run a poll. */
  read: (actor: Actor) => isEditorial(actor),
  update: (actor: Actor) => isEditorial(actor),
  delete: (actor: Actor) => isEditorial(actor),
};
