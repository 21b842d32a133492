import { createHmac } from 'node:crypto';
import type { Db } from '../schema.ts';
import { networkOf } from '../http/client-network.ts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export interface ThrottleLimits {
  /** Failed sign-ins allowed per account per window. */
  perAccount: number;
  /** Failed sign-ins allowed per network per window: one office shares an address, so it is higher. */
  perNetwork: number;
}

export const defaultThrottleLimits: ThrottleLimits = { perAccount: 5, perNetwork: 30 };

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts failed sign-ins per account and per network in fixed windows, in the database so that every
 * process shares the count. A blocked account or network is refused before its password is checked,
 * so guessing stops costing us argon2 work too. Keys are keyed hashes: no address or e-mail is stored.
 */
export function signInThrottle(handle: Db, secret: string, limits: ThrottleLimits = defaultThrottleLimits) {
  const keyOf = (kind: string, value: string) => `${kind}:${createHmac('sha256', secret).update(value).digest('hex').slice(0, 40)}`;
  const keys = (email: string, ip: string) => [
    { key: keyOf('account', email.trim().toLowerCase()), limit: limits.perAccount },
    { key: keyOf('network', networkOf(ip)), limit: limits.perNetwork },
  ];
  const windowOf = (now: number) => Math.floor(now / SIGN_IN_WINDOW_MS);
  const retryAfter = (now: number) => Math.ceil(((windowOf(now) + 1) * SIGN_IN_WINDOW_MS - now) / 1000);

  return {
    async check(email: string, ip: string, now = Date.now()): Promise<ThrottleState> {
      const wanted = keys(email, ip);
      const rows = await handle.db
        .selectFrom('signInFailures')
        .select(['key', 'failures'])
        .where('windowStart', '=', windowOf(now))
        .where('key', 'in', wanted.map((k) => k.key))
        .execute();
      const blocked = wanted.some((k) => Number(rows.find((r) => r.key === k.key)?.failures ?? 0) >= k.limit);
      return { blocked, retryAfterSeconds: retryAfter(now) };
    },
    async recordFailure(email: string, ip: string, now = Date.now()): Promise<void> {
      const window = windowOf(now);
      for (const { key } of keys(email, ip)) {
        await handle.db
          .insertInto('signInFailures')
          .values({ key, windowStart: window, failures: 1 })
          .onConflict((oc) => oc.columns(['key', 'windowStart']).doUpdateSet((eb) => ({ failures: eb('signInFailures.failures', '+', 1) })))
          .execute();
      }
      // Earlier windows are never read again.
      await handle.db.deleteFrom('signInFailures').where('windowStart', '<', window).execute();
    },
    /** A successful sign-in forgives the account's failures (not the network's). */
    async clearAccount(email: string, now = Date.now()): Promise<void> {
      await handle.db.deleteFrom('signInFailures').where('key', '=', keys(email, '')[0]!.key).where('windowStart', '=', windowOf(now)).execute();
    },
  };
}
export type SignInThrottle = ReturnType<typeof signInThrottle>;
