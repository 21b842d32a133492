import { adminsOnly, rulesOf, type PolicyTable } from '../core/policy.ts';

/** The audit log tells who did what, sign-ins and their addresses included: administrators only. */
export const auditPermissions = {
  list: { allow: adminsOnly, refusal: 'Only administrators read the audit log.' },
  read: { allow: adminsOnly, refusal: 'Only administrators read the audit log.' },
} satisfies PolicyTable;

export const auditPolicy = rulesOf(auditPermissions);
