import { isAdmin, type Actor } from '../core/actor.ts';

/**
 * Expert profiles are the administrators': they add, change and remove experts (removing one removes
 * their blog). A person linked to an expert sees that profile in the office, read-only.
 */
export const expertPolicy = {
  create: (actor: Actor) => isAdmin(actor),
  /** The office's list of profiles: all of them for administrators, one's own for a linked person. */
  list: (actor: Actor) => isAdmin(actor) || actor.expertId !== null,
  /** One profile's page in the office: the form for administrators, a read-only view for the linked person. */
  view: (actor: Actor, expert: { id: number }) => isAdmin(actor) || actor.expertId === expert.id,
  update: (actor: Actor) => isAdmin(actor),
  changeSlug: (actor: Actor) => isAdmin(actor),
  delete: (actor: Actor) => isAdmin(actor),
};
