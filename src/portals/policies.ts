import { editorsAndAdmins, rulesOf, type PolicyTable } from '../core/policy.ts';

/** Portal texts and their curated lists are editorial work. */
export const portalPermissions = {
  /** The office's portals section. */
  list: { allow: editorsAndAdmins, refusal: 'Portals are curated by editors and administrators.' },
  update: { allow: editorsAndAdmins, refusal: 'Only editors and administrators edit portals' },
} satisfies PolicyTable;

export const portalPolicy = rulesOf(portalPermissions);
