import { isAdmin, type Actor } from '../http/auth.ts';

/**
 * Expert profiles are the administrators': they add and remove experts (removing one removes their
 * blog). A person linked to an expert keeps that profile up to date, but its address (the slug,
 * which every link to the blog carries) stays the administrators' to change.
 */
export const expertPolicy = {
  create: (actor: Actor) => isAdmin(actor),
  /** The office's list of profiles: all of them for administrators, one's own for a linked person. */
  list: (actor: Actor) => isAdmin(actor) || actor.expertId !== null,
  update: (actor: Actor, expert: { id: number }) => isAdmin(actor) || actor.expertId === expert.id,
  changeSlug: (actor: Actor) => isAdmin(actor),
  delete: (actor: Actor) => isAdmin(actor),
};
