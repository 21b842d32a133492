import { createHmac } from 'node:crypto';
import type { Db } from '../schema.ts';
import { networkOf, siteNetworkOf } from '../http/client-network.ts';
import { rateLimitKey } from '../site/secrets.ts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** How long a network an account signed in from stays known without being used again. */
const KNOWN_NETWORK_TTL_MS = 365 * 24 * 60 * 60 * 1000;

export interface ThrottleLimits {
  /**
   * Failed sign-ins allowed at an account from one network (an IPv6 network being its /48) per window;
   * once the account has had this many in all, every network that has failed at it is refused, and only
   * networks with no failures get a try.
   */
  perAccount: number;
  /**
   * Failed sign-ins at an account per window from all networks together, past which only the networks the
   * account has signed in from before are let through: this bounds an attacker with many networks.
   */
  accountCeiling: number;
  /** Failed sign-ins allowed per network per window: one office shares an address, so it is higher. */
  perNetwork: number;
  /** "Forgotten password" requests per account per window: counted apart, so they never lock anyone out of signing in. */
  resetsPerAccount: number;
  /** "Forgotten password" requests per network per window. */
  resetsPerNetwork: number;
}

export const defaultThrottleLimits: ThrottleLimits = { perAccount: 5, accountCeiling: 50, perNetwork: 30, resetsPerAccount: 5, resetsPerNetwork: 30 };

/** What an attempt is at: signing in (or proving one's password), or asking for a reset link by e-mail. */
export type ThrottledAction = 'sign-in' | 'reset';

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
  /**
   * Why an attempt was refused: its network is over its limit, or the account is, from this network, or
   * the account is past its ceiling and this network has never signed in to it.
   */
  reason?: 'network' | 'account' | 'ceiling';
  /**
   * For a network's refusal: whether it is the network's first in this window. A blocked network's
   * refusals are worth noting once: a flood from it must not fill the audit log any more than this table.
   * (Refusals for an account are bounded by the network's limit, and each is worth noting.)
   */
  firstRefusal?: boolean;
}

/**
 * Counts sign-in attempts in fixed windows, in the database so that every process shares the count, per
 * network, per account, and per account from each network. A network over its limit is refused for every
 * account. An account is refused from a network that has failed at it five times, and, once the account
 * has had five failures in all, from any network that has failed at it at all: so an attacker slows down
 * only their own networks, while the owner, signing in from a network with no failures, still gets in. For
 * the account, an IPv6 network is its /48, what one customer is commonly given. An attacker spread over
 * many networks gains one guess per network, and no more than the ceiling in all: past it only networks
 * the account has signed in from before (kept per user) get in, so the owner's usual network still does.
 * A blocked attempt is refused
 * before its password is checked, so guessing stops costing us argon2 work too; a success takes its own
 * network's failures at the account back. Keys are keyed hashes: no address or e-mail is stored. `key` keys
 * them: the site's rate-limit key, which never rotates (see rateLimitKey), so counts survive a rotation.
 */
export function signInThrottle(handle: Db, key: string, overrides: Partial<ThrottleLimits> = {}) {
  const limits = { ...defaultThrottleLimits, ...overrides };
  const hashOf = (value: string) => createHmac('sha256', key).update(value).digest('hex');
  const keyOf = (kind: string, value: string) => `${kind}:${hashOf(value).slice(0, 40)}`;
  /** What the known networks of an account are stored as: the hash of the network, never the network. */
  const knownNetworkOf = (ip: string) => hashOf(`known\0${siteNetworkOf(ip)}`).slice(0, 64);
  const accountOf = (email: string) => email.trim().toLowerCase();
  /** The keys a sign-in attempt counts under, and the one that notes a blocked network's refusal. */
  const signInKeys = (email: string, ip: string) => {
    const network = networkOf(ip);
    return {
      network: keyOf('network', network),
      account: keyOf('account', accountOf(email)),
      pair: keyOf('pair', `${accountOf(email)}\0${siteNetworkOf(ip)}`),
      refusedNetwork: keyOf('refused-network', network),
    };
  };
  const resetKeys = (email: string, ip: string) => [
    { key: keyOf('reset-network', networkOf(ip)), limit: limits.resetsPerNetwork },
    { key: keyOf('reset', accountOf(email)), limit: limits.resetsPerAccount },
  ];
  const windowOf = (now: number) => Math.floor(now / SIGN_IN_WINDOW_MS);
  const retryAfter = (now: number) => Math.ceil(((windowOf(now) + 1) * SIGN_IN_WINDOW_MS - now) / 1000);
  /**
   * Whether an account is refused from a network, given the failures counted so far: five from this
   * network, or any from this network once the account has had five in all.
   */
  const accountRefuses = (account: number, pair: number) => pair >= limits.perAccount || (account >= limits.perAccount && pair >= 1);

  /** Whether the account has signed in from this network before: past the ceiling, only such networks get in. */
  async function knownNetwork(email: string, ip: string): Promise<boolean> {
    const row = await handle.db
      .selectFrom('signInNetworks')
      .innerJoin('users', 'users.id', 'signInNetworks.userId')
      .select('signInNetworks.userId')
      .where('users.email', '=', accountOf(email))
      .where('signInNetworks.network', '=', knownNetworkOf(ip))
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Why the account refuses this attempt, given the failures before it, or undefined when it does not. */
  async function accountRefusal(email: string, ip: string, account: number, pair: number): Promise<'account' | 'ceiling' | undefined> {
    if (accountRefuses(account, pair)) return 'account';
    if (account >= limits.accountCeiling && !(await knownNetwork(email, ip))) return 'ceiling';
    return undefined;
  }

  /** Notes that the account signed in from this network now; networks unused for a year are forgotten. */
  async function rememberNetwork(email: string, ip: string, now: number): Promise<void> {
    const user = await handle.db.selectFrom('users').select('id').where('email', '=', accountOf(email)).executeTakeFirst();
    if (!user) return;
    const lastUsedAt = new Date(now).toISOString();
    await handle.db
      .insertInto('signInNetworks')
      .values({ userId: user.id, network: knownNetworkOf(ip), lastUsedAt })
      .onConflict((oc) => oc.columns(['userId', 'network']).doUpdateSet({ lastUsedAt }))
      .execute();
    await handle.db
      .deleteFrom('signInNetworks')
      .where('userId', '=', user.id)
      .where('lastUsedAt', '<', new Date(now - KNOWN_NETWORK_TTL_MS).toISOString())
      .execute();
  }

  /** Adds one to a key's count in the window, in one atomic step, and returns the new count. */
  async function countOne(key: string, window: number): Promise<number> {
    const row = await handle.db
      .insertInto('signInFailures')
      .values({ key, windowStart: window, failures: 1 })
      .onConflict((oc) => oc.columns(['key', 'windowStart']).doUpdateSet((eb) => ({ failures: eb('signInFailures.failures', '+', 1) })))
      .returning('failures')
      .executeTakeFirstOrThrow();
    return Number(row.failures);
  }

  async function counts(keys: string[], window: number): Promise<Map<string, number>> {
    const rows = await handle.db.selectFrom('signInFailures').select(['key', 'failures']).where('windowStart', '=', window).where('key', 'in', keys).execute();
    return new Map(rows.map((r) => [r.key, Number(r.failures)]));
  }

  async function attemptSignIn(email: string, ip: string, now: number): Promise<ThrottleState> {
    const window = windowOf(now);
    const keys = signInKeys(email, ip);
    const retryAfterSeconds = retryAfter(now);
    // A network already over its limit stops here, so a flood of guesses at many accounts adds no rows
    // beyond the one noting that the network was refused.
    if ((await countOne(keys.network, window)) > limits.perNetwork) {
      const firstRefusal = (await countOne(keys.refusedNetwork, window)) === 1;
      return { blocked: true, retryAfterSeconds, reason: 'network', firstRefusal };
    }
    const account = await countOne(keys.account, window);
    const pair = await countOne(keys.pair, window);
    // The counts include this attempt; the rule is about the failures before it.
    const reason = await accountRefusal(email, ip, account - 1, pair - 1);
    if (reason) return { blocked: true, retryAfterSeconds, reason };
    return { blocked: false, retryAfterSeconds };
  }

  async function attemptReset(email: string, ip: string, now: number): Promise<ThrottleState> {
    const window = windowOf(now);
    for (const { key, limit } of resetKeys(email, ip)) {
      if ((await countOne(key, window)) > limit) return { blocked: true, retryAfterSeconds: retryAfter(now) };
    }
    return { blocked: false, retryAfterSeconds: retryAfter(now) };
  }

  return {
    /** Whether the next attempt would be refused, without counting one. */
    async check(email: string, ip: string, now = Date.now(), action: ThrottledAction = 'sign-in'): Promise<ThrottleState> {
      const window = windowOf(now);
      const retryAfterSeconds = retryAfter(now);
      if (action === 'reset') {
        const wanted = resetKeys(email, ip);
        const found = await counts(
          wanted.map((k) => k.key),
          window,
        );
        return { blocked: wanted.some((k) => (found.get(k.key) ?? 0) >= k.limit), retryAfterSeconds };
      }
      const keys = signInKeys(email, ip);
      const found = await counts([keys.network, keys.account, keys.pair], window);
      if ((found.get(keys.network) ?? 0) >= limits.perNetwork) return { blocked: true, retryAfterSeconds, reason: 'network' };
      const reason = await accountRefusal(email, ip, found.get(keys.account) ?? 0, found.get(keys.pair) ?? 0);
      if (reason) return { blocked: true, retryAfterSeconds, reason };
      return { blocked: false, retryAfterSeconds };
    },
    /**
     * Counts an attempt before the password is checked, in one atomic step per key. Counting after the
     * check would let guesses sent all at once each pass the check before any was counted: of guesses
     * sent together from one network, only the first five are let through.
     */
    async attempt(email: string, ip: string, now = Date.now(), action: ThrottledAction = 'sign-in'): Promise<ThrottleState> {
      const state = action === 'reset' ? await attemptReset(email, ip, now) : await attemptSignIn(email, ip, now);
      // Earlier windows are never read again.
      await handle.db.deleteFrom('signInFailures').where('windowStart', '<', windowOf(now)).execute();
      return state;
    },
    /**
     * A successful sign-in forgives the failures at the account from its network (they were the owner's
     * own typing); failures from other networks stand, so an attacker is not let back in by the owner
     * signing in. The network's count loses this attempt only. The network is remembered as one the
     * account signs in from, which lets it in past the ceiling.
     */
    async succeeded(email: string, ip: string, now = Date.now()): Promise<void> {
      await rememberNetwork(email, ip, now);
      const keys = signInKeys(email, ip);
      const window = windowOf(now);
      const forgiven = await handle.db.deleteFrom('signInFailures').where('key', '=', keys.pair).where('windowStart', '=', window).returning('failures').executeTakeFirst();
      // Never below zero: a count that went negative would hand out extra tries.
      const subtract = async (key: string, by: number) => {
        await handle.db
          .updateTable('signInFailures')
          .set((eb) => ({
            failures: eb
              .case()
              .when('failures', '>', by)
              .then(eb('failures', '-', by))
              .else(0)
              .end(),
          }))
          .where('key', '=', key)
          .where('windowStart', '=', window)
          .execute();
      };
      if (forgiven) await subtract(keys.account, Number(forgiven.failures));
      await subtract(keys.network, 1);
    },
  };
}
/**
 * What the audit log says about a refused attempt, or undefined when it need not be noted: the repeats of
 * a blocked network (its first refusal in a window is noted).
 */
export function refusalDetail(state: ThrottleState): string | undefined {
  if (!state.blocked) return undefined;
  if (state.reason === 'network') {
    return state.firstRefusal ? 'too many failed sign-ins from this network; its further attempts in this window are refused without a note' : undefined;
  }
  if (state.reason === 'ceiling') return 'too many failed sign-ins at this account from every network; only networks it has signed in from are let through';
  return 'too many failed sign-ins at this account from this network';
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;

const throttles = new WeakMap<Db, Promise<SignInThrottle>>();

/** The one throttle of a database, keyed with the site's rate-limit key; every office form that counts attempts uses it. */
export function throttleFor(handle: Db): Promise<SignInThrottle> {
  let throttle = throttles.get(handle);
  if (!throttle) {
    throttle = rateLimitKey(handle).then((key) => signInThrottle(handle, key));
    throttle.catch(() => throttles.delete(handle));
    throttles.set(handle, throttle);
  }
  return throttle;
}
