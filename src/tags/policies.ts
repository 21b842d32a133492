import { isEditorial, type Actor } from '../core/actor.ts';

/** Editors keep the list of topics, regions and countries; authors tag their drafts through the article API. */
export const tagPolicy = {
  create: (actor: Actor) => isEditorial(actor),
  /** The office's list of every tag, those on drafts only included. */
  list: (actor: Actor) => isEditorial(actor),
  update: (actor: Actor) => isEditorial(actor),
  delete: (actor: Actor) => isEditorial(actor),
};
