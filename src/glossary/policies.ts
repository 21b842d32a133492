import { editorsAndAdmins, type PolicyTable } from '../core/policy.ts';

const keptByEditors = 'Only editors and administrators keep the glossary';

/** Editors and administrators keep the glossary; readers see it on /glossary and in articles. */
export const glossaryPermissions = {
  /** The office's glossary section, and the terms with their history in the API. */
  list: { allow: editorsAndAdmins, refusal: keptByEditors },
  create: { allow: editorsAndAdmins, refusal: keptByEditors },
  update: { allow: editorsAndAdmins, refusal: keptByEditors },
  delete: { allow: editorsAndAdmins, refusal: keptByEditors },
} satisfies PolicyTable;
