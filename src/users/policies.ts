import type { Actor } from '../core/actor.ts';
import { adminsOnly, rulesOf, type Permission, type PolicyTable } from '../core/policy.ts';

/**
 * A line of a table that needs no facts. Typed as Permission (facts: void) so that `permits` and
 * `requirePermission` are asked without a facts argument: a rule inferred from `adminsOnly` alone would
 * read as taking unknown facts.
 */
const administrators = (refusal: string): Permission => ({ allow: adminsOnly, refusal });

/** "Your account": only one's own, and only for a signed-in person (the command line is nobody's account). */
const ownAccount: Permission<{ id: number }> = {
  allow: (actor: Actor, user) => actor.userId !== null && actor.userId === user.id,
  refusal: 'You may change only your own account here',
};

/**
 * Who may manage people. Accounts are the administrators' to make, change, turn off and hand links for;
 * everyone keeps their own name and password. Setting up the first administrator, accepting an
 * invitation and resetting a password need no permission here: holding the one-time link is the permission.
 */
export const userPermissions = {
  /** Who may open People in the office. */
  list: administrators('Only administrators manage people. You can change your own name and password under Your account.'),
  invite: administrators('Only administrators invite people'),
  /** An account with a password and no invitation (the command line's `user create`). */
  create: administrators('Only administrators create accounts'),
  /** Name, role and expert link of anyone's account. */
  update: administrators('Only administrators change people’s accounts'),
  disable: administrators('Only administrators disable accounts'),
  enable: administrators('Only administrators enable accounts'),
  /** Invitation and password-reset links: whoever holds one can set the account's password. */
  createLink: administrators('Only administrators make invitation and password reset links'),
  /** "Your account": one's own name and password. */
  updateOwnAccount: ownAccount,
} satisfies PolicyTable;

const onlyAdministratorsManageTokens = 'Only administrators manage API tokens. Ask one for a token if a program of yours needs one.';

/**
 * API tokens are the administrators': a token acts with its owner's full rights from any program, so
 * administrators make them (for anyone), see them all and revoke them.
 */
export const tokenPermissions = {
  /** Who may open API tokens in the office (and list anyone's tokens). */
  list: administrators(onlyAdministratorsManageTokens),
  create: administrators(onlyAdministratorsManageTokens),
  revoke: administrators(onlyAdministratorsManageTokens),
} satisfies PolicyTable;

/** The tables' rules as plain functions, `userPolicy.invite(actor)`, for code (and tests) that only ask. */
export const userPolicy = rulesOf(userPermissions);
export const tokenPolicy = rulesOf(tokenPermissions);

/** Why a change to an account is refused even though the administrator may make it. */
export type AccountConflict = 'self_disable' | 'last_admin';

/**
 * Changes that would lock the institution out of its own office: an administrator turning off their own
 * account, or the last active administrator giving up the role.
 */
export function accountConflict(
  actor: Actor,
  target: { id: number; role: Actor['role'] },
  change: { disable?: boolean; role?: Actor['role'] },
  otherActiveAdmins: number,
): AccountConflict | undefined {
  if (change.disable && target.id === actor.userId) return 'self_disable';
  const losesAdmin = target.role === 'admin' && (change.disable || (change.role !== undefined && change.role !== 'admin'));
  if (losesAdmin && otherActiveAdmins === 0) return 'last_admin';
  return undefined;
}

export const accountConflictMessages: Record<AccountConflict, string> = {
  self_disable: 'You cannot disable your own account. Another administrator can do it.',
  last_admin: 'This is the only active administrator. Make someone else an administrator first, so the office is never left without one.',
};
