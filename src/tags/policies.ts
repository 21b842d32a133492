import { editorsAndAdmins, rulesOf, type PolicyTable } from '../core/policy.ts';

const keptByEditors = 'Tags are kept by editors and administrators.';

/** Editors keep the list of topics, regions and countries; authors tag their drafts through the article API. */
export const tagPermissions = {
  create: { allow: editorsAndAdmins, refusal: 'Only editors and administrators manage tags' },
  /** The office's list of every tag, those on drafts only included. */
  list: { allow: editorsAndAdmins, refusal: keptByEditors },
  update: { allow: editorsAndAdmins, refusal: keptByEditors },
  delete: { allow: editorsAndAdmins, refusal: keptByEditors },
  /** Merging moves every article of one tag to another and leaves a redirect: the same people who delete tags. */
  merge: { allow: editorsAndAdmins, refusal: keptByEditors },
} satisfies PolicyTable;

export const tagPolicy = rulesOf(tagPermissions);
