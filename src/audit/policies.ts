import { isAdmin, type Actor } from '../core/actor.ts';

/** The audit log tells who did what, sign-ins and their addresses included: administrators only. */
export const auditPolicy = {
  read: (actor: Actor) => isAdmin(actor),
};
