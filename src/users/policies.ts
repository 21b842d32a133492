import { isAdmin, type Actor } from '../core/actor.ts';

/**
 * Who may manage people, as one table. Accounts are the administrators' to make, change, turn off
 * and hand links for; everyone keeps their own name and password.
 */
export const userPolicy = {
  list: (actor: Actor) => isAdmin(actor),
  invite: (actor: Actor) => isAdmin(actor),
  /** Name, role and expert link of anyone's account. */
  update: (actor: Actor) => isAdmin(actor),
  disable: (actor: Actor) => isAdmin(actor),
  /** Invitation and password-reset links: whoever holds one can set the account's password. */
  createLink: (actor: Actor) => isAdmin(actor),
  /** "Your account": one's own name and password. */
  updateOwnAccount: (actor: Actor, user: { id: number }) => actor.userId === user.id,
};

/**
 * API tokens are the administrators': a token acts with its owner's full rights from any program, so
 * administrators make them (for anyone), see them all and revoke them.
 */
export const tokenPolicy = {
  create: (actor: Actor) => isAdmin(actor),
  list: (actor: Actor) => isAdmin(actor),
  revoke: (actor: Actor) => isAdmin(actor),
};

/** Why a change to an account is refused even though the administrator may make it. */
export type AccountConflict = 'self_disable' | 'last_admin';

/**
 * Changes that would lock the institution out of its own office: an administrator turning off their own
 * account, or the last active administrator giving up the role.
 */
export function accountConflict(actor: Actor, target: { id: number; role: Actor['role'] }, change: { disable?: boolean; role?: Actor['role'] }, otherActiveAdmins: number): AccountConflict | undefined {
  if (change.disable && target.id === actor.userId) return 'self_disable';
  const losesAdmin = target.role === 'admin' && (change.disable || (change.role !== undefined && change.role !== 'admin'));
  if (losesAdmin && otherActiveAdmins === 0) return 'last_admin';
  return undefined;
}

export const accountConflictMessages: Record<AccountConflict, string> = {
  self_disable: 'You cannot disable your own account. Another administrator can do it.',
  last_admin: 'This is the only active administrator. Make someone else an administrator first, so the office is never left without one.',
};
