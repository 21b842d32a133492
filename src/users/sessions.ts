import { randomBytes } from 'node:crypto';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { sha256, type User } from './store.ts';

/** A session slides forward when used, but its end is written at most this often. */
const slideStepMs = 5 * 60 * 1000;

/** However busy, a session ends this long after sign-in: a stolen cookie does not work for ever. */
export const sessionMaxAgeMs = 30 * 24 * 3600 * 1000;

export interface SessionInfo {
  id: number;
  tokenHash: string;
  expiresAt: string;
  user: User;
}

/** Starts a session; the caller puts the returned token in a cookie, the database keeps only its hash. */
export async function createSession({ db }: Db, userId: number, ttlMs: number, userAgent = ''): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs).toISOString();
  await db
    .insertInto('sessions')
    .values({ userId, tokenHash: sha256(token), createdAt: nowIso(), expiresAt, userAgent: userAgent.slice(0, 300) })
    .execute();
  return { token, expiresAt };
}

/**
 * The live session a cookie names, with its (active) user. Using a session moves its end to ttl from
 * now, so people who work every day stay signed in, and a session left alone expires; either way it
 * ends sessionMaxAgeMs after it began.
 */
export async function findSession({ db }: Db, token: string, ttlMs: number, now = Date.now()): Promise<SessionInfo | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id as sessionId',
      'sessions.tokenHash',
      'sessions.expiresAt',
      'sessions.createdAt as startedAt',
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.expertId',
      'users.createdAt',
      'users.disabledAt',
    ])
    .where('sessions.tokenHash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.disabledAt || Date.parse(row.expiresAt) <= now) return undefined;
  const { sessionId, tokenHash, expiresAt, startedAt, ...user } = row;
  const lastMoment = Date.parse(startedAt) + sessionMaxAgeMs;
  if (lastMoment <= now) return undefined;
  let end = expiresAt;
  const slidTo = Math.min(now + ttlMs, lastMoment);
  if (Date.parse(expiresAt) < slidTo - slideStepMs) {
    end = new Date(slidTo).toISOString();
    await db.updateTable('sessions').set({ expiresAt: end }).where('id', '=', sessionId).execute();
  }
  return { id: sessionId, tokenHash, expiresAt: end, user };
}

export async function endSession({ db }: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', sha256(token)).execute();
}

/** Signs a person out everywhere (after a password change, a role change or disabling the account). */
export async function endUserSessions({ db }: Db, userId: number, keepSessionId?: number): Promise<number> {
  let query = db.deleteFrom('sessions').where('userId', '=', userId);
  if (keepSessionId !== undefined) query = query.where('id', '!=', keepSessionId);
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

/** Housekeeping: expired sessions are never read again. */
export async function pruneExpiredSessions({ db }: Db, now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expiresAt', '<=', new Date(now).toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
