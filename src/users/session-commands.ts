import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../schema.ts';
import { systemActor, type UserActor } from '../core/actor.ts';
import { gone, invalid, notFound } from '../core/refusals.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { recordAuditEvent } from '../audit/store.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { signingSecret } from '../site/store.ts';
import { checkCredentials, countUsers, createUser, getUserByEmail, hashPassword } from './store.ts';
import { createSession, endSession, pruneExpiredSessions } from './sessions.ts';
import { claimUserLink, createUserLink, findUsableLink, type UsableLink } from './links.ts';
import { checkPassword } from './passwords.ts';
import { personSubject } from './commands.ts';
import { refusalDetail, throttleFor } from './throttle.ts';
import type { LinkPurpose } from './tables.ts';

/**
 * The office's door: setting up the first administrator, signing in and out, using an invitation or
 * password reset link, and asking for one by e-mail. Each starts or ends a session, or is asked for by
 * someone not signed in; each is noted in the audit log.
 */

/**
 * Whoever is at the door before signing in: unknown, so the log names no one ("system", no user id), as
 * it always has. Used only to note what they tried; never asked for a permission.
 */
const someoneAtTheDoor = systemActor('system');

const personAsActor = (user: Pick<UserActor, 'email' | 'name' | 'role' | 'expertId'> & { id: number }): UserActor => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  expertId: user.expertId,
});

/** What a new session needs from the browser that asks for it. */
export interface SessionRequest {
  ttlMs: number;
  userAgent: string;
  /** The session cookie the browser still carries (perhaps someone else's): signing in ends that session. */
  earlierToken?: string;
}

/** The new session's cookie value; only its hash is stored. */
export interface StartedSession {
  token: string;
  expiresAt: string;
}

async function startSession(tx: Db, userId: number, request: SessionRequest): Promise<StartedSession> {
  // Housekeeping on the way in: expired sessions are never read again. One indexed delete, rarely run.
  await pruneExpiredSessions(tx);
  if (request.earlierToken) await endSession(tx, request.earlierToken);
  return createSession(tx, userId, request.ttlMs, request.userAgent);
}

// ---------------------------------------------------------------------------------------------------
// The first administrator.

/**
 * A fresh install has no accounts, so nobody could sign in to make one. The server prints a setup link
 * when it starts; only someone who can read its output (the person who installed it) can use it, and it
 * stops working once anyone has an account. The token is derived from the site's secret, so every
 * process prints the same link and no extra state is kept.
 */
function setupToken(secret: string): string {
  return createHmac('sha256', secret).update('first-administrator-setup').digest('base64url');
}

/** The setup page's address while the site has no accounts; undefined once it has one. */
export async function firstAdminSetupPath(handle: Db): Promise<string | undefined> {
  if ((await countUsers(handle)) > 0) return undefined;
  return `/admin/setup/${setupToken(await signingSecret(handle))}`;
}

const setupGone = () => gone('This setup link is no longer needed: the site has its first administrator. Sign in at /admin/login.');

/** Refuses a setup token that is not the site's (not found), or that is no longer needed (gone). */
export async function checkSetupLink(handle: Db, token: string): Promise<void> {
  const expected = Buffer.from(setupToken(await signingSecret(handle)));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notFound('There is no such setup link.');
  if ((await countUsers(handle)) > 0) throw setupGone();
}

/** Makes the first administrator with the setup link, and signs them in. */
export async function setupFirstAdministrator(
  ctx: CommandContext,
  setupLink: string,
  input: { name: string; email: string; password: string },
  session: SessionRequest,
): Promise<{ user: UserActor; session: StartedSession }> {
  await checkSetupLink(ctx.handle, setupLink);
  if (!input.name.trim()) throw invalid('is required', 'name');
  checkPassword(input.password, 'password');
  const passwordHash = await hashPassword(input.password);
  // Two people racing with the link could both get in; both could read the server's output, so both
  // were entitled to it. The unique e-mail keeps the same person from being made twice.
  return commit(ctx, someoneAtTheDoor, async (tx) => {
    const made = await createUser(tx, { email: input.email, name: input.name.trim(), role: 'admin', passwordHash });
    const user = personAsActor(made);
    // Noted in the new administrator's own name, known only once the account exists, in the same transaction.
    await recordAuditEvent(tx, user, { action: 'user.setup', subject: personSubject(made) }, ctx.ip ?? '');
    return { result: { user, session: await startSession(tx, made.id, session) }, audit: null, announce: false };
  }).catch((err: unknown) => {
    throw isUniqueViolation(err) ? setupGone() : err;
  });
}

// ---------------------------------------------------------------------------------------------------
// Signing in and out.

export type SignInResult =
  | { signedIn: true; user: UserActor; session: StartedSession }
  /** `no_match`: wrong e-mail or password; `throttled`: refused before the password was checked. */
  | { signedIn: false; why: 'no_match' | 'throttled'; message: string; retryAfterSeconds?: number };

const throttledWhere = { network: 'from your network', account: 'at this account from your network', ceiling: 'at this account' };

/**
 * Signs a person in with their e-mail and password, through the throttle: too many failures refuse the
 * attempt before its password is checked. Every outcome is an event the audit log notes (a refusal only
 * once per window for a blocked network), so a failed sign-in is a result here, not a refusal that
 * leaves nothing behind. Empty input is refused and noted nowhere.
 */
export async function signIn(ctx: CommandContext, input: { email: string; password: string }, session: SessionRequest): Promise<SignInResult> {
  if (!input.email || !input.password) throw invalid('Enter your e-mail address and your password.');
  const ip = ctx.ip ?? '';
  const attempted = { kind: 'user', label: input.email };
  // The throttle counts in its own writes, outside any transaction: a refused attempt must still count.
  const limiter = await throttleFor(ctx.handle);
  const state = await limiter.attempt(input.email, ip);
  if (state.blocked) {
    const detail = refusalDetail(state);
    if (detail) await commit(ctx, someoneAtTheDoor, async () => ({ result: undefined, audit: { action: 'user.sign_in_refused', subject: attempted, detail }, announce: false }));
    const minutes = Math.max(1, Math.ceil(state.retryAfterSeconds / 60));
    const message = `Too many failed sign-ins ${throttledWhere[state.reason ?? 'account']}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator for a password reset link.`;
    return { signedIn: false, why: 'throttled', message, retryAfterSeconds: state.retryAfterSeconds };
  }
  const found = await checkCredentials(ctx.handle, input.email, input.password);
  if (!found) {
    await commit(ctx, someoneAtTheDoor, async () => ({ result: undefined, audit: { action: 'user.sign_in_failed', subject: attempted }, announce: false }));
    return { signedIn: false, why: 'no_match', message: 'That e-mail address and password do not match an account. Check them and try again.' };
  }
  await limiter.succeeded(input.email, ip);
  const user = personAsActor(found);
  return commit(ctx, user, async (tx) => ({
    result: { signedIn: true as const, user, session: await startSession(tx, found.id, session) },
    audit: { action: 'user.sign_in', subject: personSubject(found) },
    announce: false,
  }));
}

/** Ends the session the browser signs out of. */
export async function signOut(ctx: CommandContext, actor: UserActor, sessionToken: string): Promise<void> {
  await commit(ctx, actor, async (tx) => {
    await endSession(tx, sessionToken);
    return { result: undefined, audit: { action: 'user.sign_out', subject: personSubject({ id: actor.userId, email: actor.email }) }, announce: false };
  });
}

// ---------------------------------------------------------------------------------------------------
// One-time links.

const linkGoneMessages: Record<LinkPurpose, string> = {
  invite: 'This invitation has been used, has expired, or was replaced by a newer one. Ask an administrator for a new link.',
  reset: 'This password reset link has been used, has expired, or was replaced by a newer one. Ask an administrator for a new link.',
};

/** The unused, unexpired link the token names; gone when it was used, expired or replaced. */
export async function usableLink(handle: Db, token: string, purpose: LinkPurpose): Promise<UsableLink> {
  const link = await findUsableLink(handle, token, purpose);
  if (!link) throw gone(linkGoneMessages[purpose]);
  return link;
}

/**
 * Uses an invitation (the person chooses their name and password) or a password reset link (their
 * password), and signs them in. Their other sessions end; failed guesses at the old password no longer
 * hold the account back, since the new password is proof enough.
 */
export async function useUserLink(
  ctx: CommandContext,
  purpose: LinkPurpose,
  token: string,
  input: { password: string; name?: string },
  session: SessionRequest,
): Promise<{ user: UserActor; session: StartedSession }> {
  const link = await usableLink(ctx.handle, token, purpose);
  checkPassword(input.password, 'password');
  const name = input.name?.trim();
  if (purpose === 'invite' && !name) throw invalid('is required: it is how colleagues will see you', 'name');
  // Hashed before the transaction, so the slow part holds no lock.
  const passwordHash = await hashPassword(input.password);
  const user = personAsActor({ ...link.user, ...(purpose === 'invite' && { name: name! }) });
  const started = await commit(ctx, user, async (tx) => {
    // Two tabs racing with the same link: only one claims it.
    if (!(await claimUserLink(tx, link, { passwordHash, ...(purpose === 'invite' && { name }) }))) throw gone(linkGoneMessages[purpose]);
    const action = purpose === 'invite' ? 'user.accept_invitation' : 'user.reset_password';
    return { result: await startSession(tx, link.user.id, session), audit: { action, subject: personSubject(link.user) }, announce: false };
  });
  await (await throttleFor(ctx.handle)).succeeded(link.user.email, ctx.ip ?? '');
  return { user, session: started };
}

/**
 * "Forgotten password": a reset link for the address, when it has an active account and the requests
 * for it (and from the network) are under their own throttle. Undefined otherwise; the entry point
 * answers the same either way, so nobody learns who has an account.
 */
export async function requestPasswordReset(ctx: CommandContext, email: string): Promise<{ email: string; token: string; expiresAt: string } | undefined> {
  const state = await (await throttleFor(ctx.handle)).attempt(email, ctx.ip ?? '', Date.now(), 'reset');
  if (state.blocked) return undefined;
  const user = await getUserByEmail(ctx.handle, email);
  if (!user || user.disabledAt) return undefined;
  return commit(ctx, someoneAtTheDoor, async (tx) => {
    const link = await createUserLink(tx, { userId: user.id, purpose: 'reset', createdBy: null });
    return { result: { email: user.email, ...link }, audit: { action: 'user.reset_requested', subject: personSubject(user) }, announce: false };
  });
}
