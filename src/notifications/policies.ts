import type { Actor } from '../core/actor.ts';
import { rulesOf, type Permission, type PolicyTable } from '../core/policy.ts';

/** Only a signed-in person, about themselves: the command line is nobody's inbox. */
const ownNotices: Permission<{ userId: number }> = {
  allow: (actor: Actor, person) => actor.userId !== null && actor.userId === person.userId,
  refusal: 'You may see and change only your own notices',
};

/**
 * Notices are personal: everyone sees their own and chooses whether they come by e-mail; nobody sees or
 * changes another's (an administrator turns a person's mail off by disabling the account, if at all).
 */
export const noticePermissions = {
  /** The dashboard's "What changed for you" and the notices page. */
  read: ownNotices,
  /** E-mail on or off. */
  choose: ownNotices,
} satisfies PolicyTable;

export const noticePolicy = rulesOf(noticePermissions);
