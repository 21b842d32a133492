import { randomBytes } from 'node:crypto';
import type { Db } from '../schema.ts';
import type { Role } from '../core/actor.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import { createUser, hashPassword, sha256, type User } from './store.ts';
import { endUserSessions } from './sessions.ts';
import type { LinkPurpose } from './tables.ts';

/** How long a link stays usable: a week to accept an invitation, a day to reset a password. */
export const linkLifetimeMs: Record<LinkPurpose, number> = { invite: 7 * 24 * 3600 * 1000, reset: 24 * 3600 * 1000 };

/** Where a link's token goes in the office: /admin/invitations/<token> or /admin/password-reset/<token>. */
export function linkPath(purpose: LinkPurpose, token: string): string {
  return purpose === 'invite' ? `/admin/invitations/${token}` : `/admin/password-reset/${token}`;
}

/**
 * Makes a one-time link for a person; an earlier unused link for the same purpose stops working, so
 * only the newest link an administrator handed out is live. A link the person asked for themselves
 * (createdBy null, "forgotten password") replaces only an earlier such link: anyone can ask for one in
 * someone's name, and that must not cancel the link an administrator handed them.
 */
export async function createUserLink(handle: Db, input: { userId: number; purpose: LinkPurpose; createdBy: number | null }): Promise<{ token: string; expiresAt: string }> {
  return withTransaction(handle, (tx) => replaceLink(tx, input));
}

/** The one live link of this purpose for the person, replacing any earlier unused one, inside the caller's transaction. */
async function replaceLink({ db: trx }: Db, input: { userId: number; purpose: LinkPurpose; createdBy: number | null }) {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + linkLifetimeMs[input.purpose]).toISOString();
  let earlier = trx.deleteFrom('userLinks').where('userId', '=', input.userId).where('purpose', '=', input.purpose).where('usedAt', 'is', null);
  if (input.createdBy === null) earlier = earlier.where('createdBy', 'is', null);
  await earlier.execute();
  await trx
    .insertInto('userLinks')
    .values({ userId: input.userId, purpose: input.purpose, tokenHash: sha256(token), createdBy: input.createdBy, createdAt: new Date(now).toISOString(), expiresAt, usedAt: null })
    .execute();
  return { token, expiresAt };
}

export interface Invitation {
  user: User;
  token: string;
  expiresAt: string;
}

/**
 * Makes an account with no password and its invitation link in one step, so an account never exists
 * without the link that lets its owner in. An e-mail that has an account already throws the
 * database's unique violation.
 */
export async function inviteUser(handle: Db, input: { email: string; role: Role; name?: string; expertId: number | null; createdBy: number | null }): Promise<Invitation> {
  return withTransaction(handle, async (tx) => {
    const user = await createUser(tx, { email: input.email, role: input.role, name: input.name, expertId: input.expertId });
    const link = await replaceLink(tx, { userId: user.id, purpose: 'invite', createdBy: input.createdBy });
    return { user, ...link };
  });
}

export interface UsableLink {
  id: number;
  purpose: LinkPurpose;
  expiresAt: string;
  user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'expertId'>;
}

/** The unused, unexpired link this token names, for the given purpose. */
export async function findUsableLink({ db }: Db, token: string, purpose: LinkPurpose, now = Date.now()): Promise<UsableLink | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('userLinks')
    .innerJoin('users', 'users.id', 'userLinks.userId')
    .select(['userLinks.id as linkId', 'userLinks.expiresAt', 'userLinks.usedAt', 'users.id', 'users.email', 'users.name', 'users.role', 'users.expertId', 'users.disabledAt'])
    .where('userLinks.tokenHash', '=', sha256(token))
    .where('userLinks.purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || row.usedAt || row.disabledAt || Date.parse(row.expiresAt) <= now) return undefined;
  return { id: row.linkId, purpose, expiresAt: row.expiresAt, user: { id: row.id, email: row.email, name: row.name, role: row.role, expertId: row.expertId } };
}

/**
 * Uses a link: sets the person's password (and name, when accepting an invitation) and signs them out
 * everywhere else. The link is marked used in the same step, so two tabs racing cannot both use it.
 */
export async function redeemUserLink(handle: Db, link: UsableLink, input: { password: string; name?: string }): Promise<boolean> {
  // Hashed before the transaction, so the slow part holds no lock.
  const passwordHash = await hashPassword(input.password);
  return claimUserLink(handle, link, { passwordHash, name: input.name });
}

/** redeemUserLink with the password hashed already, joining the caller's transaction when there is one. */
export async function claimUserLink(handle: Db, link: UsableLink, input: { passwordHash: string; name?: string }): Promise<boolean> {
  return withTransaction(handle, async (tx) => {
    const claimed = await tx.db.updateTable('userLinks').set({ usedAt: nowIso() }).where('id', '=', link.id).where('usedAt', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    await tx.db
      .updateTable('users')
      .set({ passwordHash: input.passwordHash, ...(input.name !== undefined && { name: input.name }) })
      .where('id', '=', link.user.id)
      .execute();
    await endUserSessions(tx, link.user.id);
    return true;
  });
}

/** Links handed out and not yet used, newest first, for the people screen. */
export async function listOpenLinks({ db }: Db, now = Date.now()) {
  return db
    .selectFrom('userLinks')
    .select(['id', 'userId', 'purpose', 'createdAt', 'expiresAt'])
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', new Date(now).toISOString())
    .orderBy('id', 'desc')
    .execute();
}

/** One person's open links, newest first. */
export async function listOpenLinksOf({ db }: Db, userId: number, now = Date.now()) {
  return db
    .selectFrom('userLinks')
    .select(['id', 'userId', 'purpose', 'createdAt', 'expiresAt'])
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', new Date(now).toISOString())
    .orderBy('id', 'desc')
    .execute();
}
