import { editorsAndAdmins, type PolicyTable } from '../core/policy.ts';

const keptByEditors = 'Only editors and administrators write and publish the site’s pages';

/**
 * Editors and administrators keep the site's own pages (About, Contact, Terms); authors write in their
 * blogs only. Readers, signed in or not, see a page once it is published, and never a draft (the page's
 * route asks for published pages only).
 */
export const pagePermissions = {
  /** The office's Pages section, and every page with its drafts in the API. */
  list: { allow: editorsAndAdmins, refusal: keptByEditors },
  create: { allow: editorsAndAdmins, refusal: keptByEditors },
  update: { allow: editorsAndAdmins, refusal: keptByEditors },
  /** Making a page public, or taking it back to a draft. */
  publish: { allow: editorsAndAdmins, refusal: keptByEditors },
  delete: { allow: editorsAndAdmins, refusal: keptByEditors },
} satisfies PolicyTable;
