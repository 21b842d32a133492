import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieHeader, readCookie, sign, unsign, verifySigned } from '../http/signed-cookie.ts';

export const VOTER_COOKIE = 'rostrum_voter';
const twoYears = 2 * 365 * 24 * 3600;

/**
 * The reader as far as polls know them: a random id in a signed cookie. The database keeps only a hash
 * of the id, so a leaked table cannot be replayed as cookies. `secrets`: the signing secret, or the list
 * of them (the first signs, any verifies).
 */
export function voterKeyOf(request: FastifyRequest, secrets: string | readonly string[]): string | undefined {
  const id = voterCookie(request, secrets)?.value;
  return id ? hashVoterId(id) : undefined;
}

const voterCookie = (request: FastifyRequest, secrets: string | readonly string[]) => verifySigned(readCookie(request.headers.cookie, VOTER_COOKIE), typeof secrets === 'string' ? [secrets] : secrets);

/**
 * Gives a reader without a (valid) voter cookie a new one and returns the key their votes go under. A
 * cookie signed with an older secret is signed again with the current one, so that the older secret can
 * later be dropped without forgetting who voted.
 */
export function ensureVoter(request: FastifyRequest, reply: FastifyReply, secrets: string | readonly string[], secure: boolean): string {
  const signer = typeof secrets === 'string' ? secrets : secrets[0]!;
  const existing = voterCookie(request, secrets);
  const id = existing?.value ?? randomBytes(16).toString('base64url');
  if (existing?.secretIndex !== 0) reply.header('set-cookie', cookieHeader(VOTER_COOKIE, sign(id, signer), { maxAgeSeconds: twoYears, secure }));
  return hashVoterId(id);
}

function hashVoterId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * Lists the polls a reader has answered, so that cached pages showing their forms pass them by. Signed
 * like the voter cookie: an unsigned or forged list counts as no list, or anyone could pass the cache by
 * naming the current poll. (Lists from before it was signed count as none too: such a reader may get the
 * cached form again, and voting again is refused as a repeat, which signs their list anew.)
 */
export const VOTED_COOKIE = 'rostrum_voted';

const asList = (secrets: string | readonly string[]) => (typeof secrets === 'string' ? [secrets] : secrets);

export function votedPollIds(cookieHeader: string | undefined, secrets: string | readonly string[]): number[] {
  const value = unsign(readCookie(cookieHeader, VOTED_COOKIE), asList(secrets)) ?? '';
  return value
    .split('-')
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
}

/** The Set-Cookie header that lists these polls as answered, signed with the first of the secrets. */
export function votedCookieHeader(pollIds: readonly number[], secrets: string | readonly string[], secure: boolean): string {
  return cookieHeader(VOTED_COOKIE, sign(pollIds.join('-'), asList(secrets)[0]!), { maxAgeSeconds: twoYears, secure });
}

/** For the page cache: a page marked with a poll this reader answered is rendered for them afresh. */
export function bypassForVoters(cookieHeader: string, marks: string[], secrets: string | readonly string[]): boolean {
  const voted = votedPollIds(cookieHeader, secrets);
  return voted.some((id) => marks.includes(`poll:${id}`));
}
