import { randomBytes } from 'node:crypto';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { setPassword, sha256, type User } from './store.ts';
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
 * only the newest link an administrator handed out is live.
 */
export async function createUserLink(handle: Db, input: { userId: number; purpose: LinkPurpose; createdBy: number | null }): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + linkLifetimeMs[input.purpose]).toISOString();
  await handle.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('userLinks').where('userId', '=', input.userId).where('purpose', '=', input.purpose).where('usedAt', 'is', null).execute();
    await trx
      .insertInto('userLinks')
      .values({ userId: input.userId, purpose: input.purpose, tokenHash: sha256(token), createdBy: input.createdBy, createdAt: new Date(now).toISOString(), expiresAt, usedAt: null })
      .execute();
  });
  return { token, expiresAt };
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
  const claimed = await handle.db.updateTable('userLinks').set({ usedAt: nowIso() }).where('id', '=', link.id).where('usedAt', 'is', null).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  await setPassword(handle, link.user.id, input.password);
  if (input.name !== undefined) await handle.db.updateTable('users').set({ name: input.name }).where('id', '=', link.user.id).execute();
  await endUserSessions(handle, link.user.id);
  return true;
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
