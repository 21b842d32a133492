import { editorsAndAdmins, type PolicyTable } from '../core/policy.ts';

const keptByEditors = 'Only editors and administrators keep the redirects';

/** Editors and administrators keep the redirects; readers only follow them. */
export const redirectPermissions = {
  /** The office's redirects section, and the redirects in the API. */
  list: { allow: editorsAndAdmins, refusal: keptByEditors },
  create: { allow: editorsAndAdmins, refusal: keptByEditors },
  update: { allow: editorsAndAdmins, refusal: keptByEditors },
  delete: { allow: editorsAndAdmins, refusal: keptByEditors },
} satisfies PolicyTable;
