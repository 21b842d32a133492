import { createHmac } from 'node:crypto';
import type { Db } from '../schema.ts';
import { networkOf } from '../http/client-network.ts';
import { signingSecret } from '../site/store.ts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export interface ThrottleLimits {
  /** Failed sign-ins allowed per account per window. */
  perAccount: number;
  /** Failed sign-ins allowed per network per window: one office shares an address, so it is higher. */
  perNetwork: number;
  /** "Forgotten password" requests per account per window: counted apart, so they never lock anyone out of signing in. */
  resetsPerAccount: number;
  /** "Forgotten password" requests per network per window. */
  resetsPerNetwork: number;
}

export const defaultThrottleLimits: ThrottleLimits = { perAccount: 5, perNetwork: 30, resetsPerAccount: 5, resetsPerNetwork: 30 };

/** What an attempt is at: signing in (or proving one's password), or asking for a reset link by e-mail. */
export type ThrottledAction = 'sign-in' | 'reset';

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts sign-in attempts per account and per network in fixed windows, in the database so that every
 * process shares the count; a success takes its own attempt back. A blocked account or network is
 * refused before its password is checked, so guessing stops costing us argon2 work too. Keys are keyed hashes: no address or e-mail is stored.
 */
export function signInThrottle(handle: Db, secret: string, overrides: Partial<ThrottleLimits> = {}) {
  const limits = { ...defaultThrottleLimits, ...overrides };
  const keyOf = (kind: string, value: string) => `${kind}:${createHmac('sha256', secret).update(value).digest('hex').slice(0, 40)}`;
  /** The network's key comes first: a network over its limit is refused before any account's count is touched. */
  const keys = (email: string, ip: string, action: ThrottledAction = 'sign-in') =>
    action === 'reset'
      ? [
          { key: keyOf('reset-network', networkOf(ip)), limit: limits.resetsPerNetwork },
          { key: keyOf('reset', email.trim().toLowerCase()), limit: limits.resetsPerAccount },
        ]
      : [
          { key: keyOf('network', networkOf(ip)), limit: limits.perNetwork },
          { key: keyOf('account', email.trim().toLowerCase()), limit: limits.perAccount },
        ];
  const windowOf = (now: number) => Math.floor(now / SIGN_IN_WINDOW_MS);
  const retryAfter = (now: number) => Math.ceil(((windowOf(now) + 1) * SIGN_IN_WINDOW_MS - now) / 1000);

  return {
    /** Whether the next attempt would be refused, without counting one. */
    async check(email: string, ip: string, now = Date.now(), action: ThrottledAction = 'sign-in'): Promise<ThrottleState> {
      const wanted = keys(email, ip, action);
      const rows = await handle.db
        .selectFrom('signInFailures')
        .select(['key', 'failures'])
        .where('windowStart', '=', windowOf(now))
        .where('key', 'in', wanted.map((k) => k.key))
        .execute();
      const blocked = wanted.some((k) => Number(rows.find((r) => r.key === k.key)?.failures ?? 0) >= k.limit);
      return { blocked, retryAfterSeconds: retryAfter(now) };
    },
    /**
     * Counts an attempt before the password is checked, in one atomic step per key. Counting after the
     * check would let guesses sent all at once each pass the check before any was counted. A network
     * already over its limit stops there, so a flood of guesses at many accounts adds no rows.
     */
    async attempt(email: string, ip: string, now = Date.now(), action: ThrottledAction = 'sign-in'): Promise<ThrottleState> {
      const window = windowOf(now);
      let blocked = false;
      for (const { key, limit } of keys(email, ip, action)) {
        if (blocked) break;
        const row = await handle.db
          .insertInto('signInFailures')
          .values({ key, windowStart: window, failures: 1 })
          .onConflict((oc) => oc.columns(['key', 'windowStart']).doUpdateSet((eb) => ({ failures: eb('signInFailures.failures', '+', 1) })))
          .returning('failures')
          .executeTakeFirstOrThrow();
        if (Number(row.failures) > limit) blocked = true;
      }
      // Earlier windows are never read again.
      await handle.db.deleteFrom('signInFailures').where('windowStart', '<', window).execute();
      return { blocked, retryAfterSeconds: retryAfter(now) };
    },
    /** A successful sign-in forgives the account's failures; the network's count loses this attempt only. */
    async succeeded(email: string, ip: string, now = Date.now()): Promise<void> {
      const [network, account] = keys(email, ip);
      const window = windowOf(now);
      await handle.db.deleteFrom('signInFailures').where('key', '=', account!.key).where('windowStart', '=', window).execute();
      await handle.db
        .updateTable('signInFailures')
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .where('key', '=', network!.key)
        .where('windowStart', '=', window)
        .where('failures', '>', 0)
        .execute();
    },
  };
}
export type SignInThrottle = ReturnType<typeof signInThrottle>;

const throttles = new WeakMap<Db, Promise<SignInThrottle>>();

/** The one throttle of a database, keyed with the site's secret; every office form that counts attempts uses it. */
export function throttleFor(handle: Db): Promise<SignInThrottle> {
  let throttle = throttles.get(handle);
  if (!throttle) {
    throttle = signingSecret(handle).then((secret) => signInThrottle(handle, secret));
    throttle.catch(() => throttles.delete(handle));
    throttles.set(handle, throttle);
  }
  return throttle;
}
