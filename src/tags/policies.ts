import { isEditorial, type Actor } from '../http/auth.ts';

/** Editors keep the list of topics, regions and countries; authors tag their drafts through the article API. */
export const tagPolicy = {
  create: (actor: Actor) => isEditorial(actor),
};
