import { isEditorial, type Actor } from '../core/actor.ts';
import { adminsOnly, editorsAndAdmins, rulesOf, type PolicyTable } from '../core/policy.ts';

/** Editors and administrators keep every profile; a person linked to an expert keeps that one. */
const ownOrEditorial = (actor: Actor, expert: { id: number }) => isEditorial(actor) || (actor.expertId !== null && actor.expertId === expert.id);

/**
 * Expert profiles: administrators add and remove experts (removing one removes their blog); editors and
 * administrators change any profile; a person linked to an expert keeps their own up to date — title,
 * affiliation, biography, portrait, profile links — but not its name (the byline of every article,
 * which the editors keep) nor its address (every link to the blog carries it).
 */
export const expertPermissions = {
  create: { allow: adminsOnly, refusal: 'Only administrators add experts' },
  /** The office's list of profiles: all of them for editors and administrators, one's own for a linked person. */
  list: { allow: (actor: Actor) => isEditorial(actor) || actor.expertId !== null, refusal: 'Expert profiles are kept by editors and by the people linked to them' },
  /** Every profile in the list, not just one's own. */
  listAll: { allow: editorsAndAdmins, refusal: 'You may see only the expert profile you are linked to' },
  /** One profile's page in the office. */
  view: { allow: ownOrEditorial, refusal: 'You may see only the expert profile you are linked to' },
  /** Title, affiliation, biography, portrait, profile links and their translations. */
  update: { allow: ownOrEditorial, refusal: 'You may change only your own expert profile. Ask an editor to change another.' },
  /** The expert's name, in any language: the byline of all their articles. */
  rename: { allow: editorsAndAdmins, refusal: 'Only editors change an expert’s name: it is the byline of every article. Ask an editor.' },
  changeSlug: { allow: editorsAndAdmins, refusal: 'Only editors and administrators change an expert’s slug: every link to the blog carries it' },
  delete: { allow: adminsOnly, refusal: 'Only administrators delete experts' },
} satisfies PolicyTable;

/** The rules alone, `expertPolicy.update(actor, expert)`. */
export const expertPolicy = rulesOf(expertPermissions);
