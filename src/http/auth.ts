import type { FastifyRequest } from 'fastify';
import type { UserActor as Actor } from '../core/actor.ts';
import { unauthorized } from './errors.ts';
import { readCookie } from './signed-cookie.ts';
import { assertCsrf, csrfTokensOf, isSafeMethod } from './csrf.ts';

/** The cookie that carries a signed-in person's session; the page cache passes such requests by. */
export const SESSION_COOKIE = 'rostrum_session';

/** Finds who a bearer token or a session cookie belongs to. */
export interface ActorResolver {
  bearer(token: string): Promise<Actor | undefined>;
  session(cookieValue: string): Promise<Actor | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, once looked up (undefined: nobody; null: not looked up yet). */
    actorLookup?: Promise<Actor | undefined>;
  }
}

/** The session behind the request's cookie, if any; looked up once per request. */
export function sessionActor(request: FastifyRequest, resolver: ActorResolver): Promise<Actor | undefined> {
  if (!request.actorLookup) {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    request.actorLookup = cookie ? resolver.session(cookie) : Promise.resolve(undefined);
  }
  return request.actorLookup;
}

/**
 * Who makes an API request: `Authorization: Bearer <token>` for programs, or the office's session cookie
 * for its own scripts, which must then prove with the CSRF token that our page sent the request.
 */
export async function requireActor(request: FastifyRequest, resolver: ActorResolver, publicUrl: string): Promise<Actor> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized();
    const actor = await resolver.bearer(match[1]!);
    if (!actor) throw unauthorized('The bearer token is not valid');
    return actor;
  }
  const actor = await sessionActor(request, resolver);
  if (!actor) throw unauthorized('Sign in, or send a bearer token');
  if (!isSafeMethod(request.method)) assertCsrf(request, csrfTokensOf(actor.session!), publicUrl);
  return actor;
}
