import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieHeader, readCookie, sign, unsign } from '../http/signed-cookie.ts';

export const VOTER_COOKIE = 'rostrum_voter';
const twoYears = 2 * 365 * 24 * 3600;

/**
 * The reader as far as polls know them: a random id in a signed cookie. The database keeps only a hash
 * of the id, so a leaked table cannot be replayed as cookies.
 */
export function voterKeyOf(request: FastifyRequest, secret: string): string | undefined {
  const id = unsign(readCookie(request.headers.cookie, VOTER_COOKIE), secret);
  return id ? hashVoterId(id) : undefined;
}

/** Gives a reader without a (valid) voter cookie a new one and returns the key their votes go under. */
export function ensureVoter(request: FastifyRequest, reply: FastifyReply, secret: string, secure: boolean): string {
  const existing = voterKeyOf(request, secret);
  if (existing) return existing;
  const id = randomBytes(16).toString('base64url');
  reply.header('set-cookie', cookieHeader(VOTER_COOKIE, sign(id, secret), { maxAgeSeconds: twoYears, secure }));
  return hashVoterId(id);
}

function hashVoterId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Lists the polls a reader has answered, so that cached pages showing their forms pass them by. */
export const VOTED_COOKIE = 'rostrum_voted';

export function votedPollIds(cookieHeader: string | undefined): number[] {
  const value = readCookie(cookieHeader, VOTED_COOKIE) ?? '';
  return value.split('-').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
}

/** For the page cache: a page marked with a poll this reader answered is rendered for them afresh. */
export function bypassForVoters(cookieHeader: string, marks: string[]): boolean {
  const voted = votedPollIds(cookieHeader);
  return voted.some((id) => marks.includes(`poll:${id}`));
}
