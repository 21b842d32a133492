import { isAdmin, type Actor } from '../core/actor.ts';
import { adminsOnly, rulesOf, type PolicyTable } from '../core/policy.ts';

/**
 * Expert profiles are the administrators': they add, change and remove experts (removing one removes
 * their blog). A person linked to an expert sees that profile in the office, read-only.
 */
export const expertPermissions = {
  create: { allow: adminsOnly, refusal: 'Only administrators add experts' },
  /** The office's list of profiles: all of them for administrators, one's own for a linked person. */
  list: { allow: (actor: Actor) => isAdmin(actor) || actor.expertId !== null, refusal: 'Expert profiles are kept by administrators and by the people linked to them' },
  /** One profile's page in the office: the form for administrators, a read-only view for the linked person. */
  view: { allow: (actor: Actor, expert: { id: number }) => isAdmin(actor) || actor.expertId === expert.id, refusal: 'You may see only the expert profile you are linked to' },
  update: { allow: adminsOnly, refusal: 'Only administrators change expert profiles. Ask one to change yours.' },
  changeSlug: { allow: adminsOnly, refusal: 'Only administrators change an expert’s slug: every link to the blog carries it' },
  delete: { allow: adminsOnly, refusal: 'Only administrators delete experts' },
} satisfies PolicyTable;

/** The rules alone, `expertPolicy.update(actor)`. */
export const expertPolicy = rulesOf(expertPermissions);
