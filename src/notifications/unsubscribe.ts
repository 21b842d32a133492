import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../schema.ts';
import { signingSecret, signingSecrets } from '../site/store.ts';

/**
 * The link in every notice mail that turns the person's notices off without signing in: their id and
 * an HMAC of it under the site's signing secret, so nobody can turn off someone else's. It keeps
 * working after the secret is rotated, for as long as the old secret is kept.
 */
const mac = (secret: string, userId: number) => createHmac('sha256', secret).update(`notices-off\0${userId}`).digest('base64url');

export async function unsubscribeToken(handle: Db, userId: number): Promise<string> {
  return `${userId}.${mac(await signingSecret(handle), userId)}`;
}

/** The person the token was made for, or undefined when it is not one of ours. */
export async function userOfUnsubscribeToken(handle: Db, token: string): Promise<number | undefined> {
  const match = /^([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const userId = Number(match[1]);
  const given = Buffer.from(match[2]!);
  for (const secret of await signingSecrets(handle)) {
    const expected = Buffer.from(mac(secret, userId));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return userId;
  }
  return undefined;
}

export const unsubscribePath = (token: string) => `/notices/off/${token}`;
