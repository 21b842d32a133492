import { createHmac } from 'node:crypto';
import { networkOf } from '../http/client-network.ts';
import type { Db } from '../schema.ts';

export const VOTE_WINDOW_MS = 10 * 60 * 1000;

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends: the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

/**
 * Counts votes per network in fixed ten-minute windows, in the database so that every process shares
 * the count. Only a keyed hash of the network is stored, never the address; `key` is the site's
 * rate-limit key (rateLimitKey), which never rotates.
 */
export function voteRateLimiter(handle: Db, key: string, limit: number) {
  let lastPrunedWindow = 0;

  function prune(window: number) {
    if (window === lastPrunedWindow) return;
    lastPrunedWindow = window;
    // Old windows are never read again; removing them is housekeeping that may fail without harm.
    handle.db
      .deleteFrom('pollVoteWindows')
      .where('windowStart', '<', window - 1)
      .execute()
      .catch(() => {});
  }

  return async function allowVoteFrom(ip: string, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / VOTE_WINDOW_MS);
    const retryAfterSeconds = Math.ceil(((window + 1) * VOTE_WINDOW_MS - now) / 1000);
    if (limit === 0) return { allowed: true, retryAfterSeconds };
    const network = createHmac('sha256', key).update(networkOf(ip)).digest('hex').slice(0, 32);
    prune(window);
    const row = await handle.db
      .insertInto('pollVoteWindows')
      .values({ network, windowStart: window, votes: 1 })
      .onConflict((oc) => oc.columns(['network', 'windowStart']).doUpdateSet((eb) => ({ votes: eb('pollVoteWindows.votes', '+', 1) })))
      .returning('votes')
      .executeTakeFirstOrThrow();
    return { allowed: Number(row.votes) <= limit, retryAfterSeconds };
  };
}
