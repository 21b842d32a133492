import { isEditorial, type Actor } from '../core/actor.ts';

/** Editors and administrators keep the glossary; readers see it on /glossary and in articles. */
export const glossaryPolicy = {
  list: (actor: Actor) => isEditorial(actor),
  create: (actor: Actor) => isEditorial(actor),
  update: (actor: Actor) => isEditorial(actor),
  delete: (actor: Actor) => isEditorial(actor),
};
