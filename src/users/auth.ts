import type { Db } from '../schema.ts';
import type { ActorResolver } from '../http/auth.ts';
import type { UserActor } from '../core/actor.ts';
import { acceptedCsrfTokens } from '../http/csrf.ts';
import { findUserByToken, type User } from './store.ts';
import { findSession } from './sessions.ts';

const actorOf = (user: User): UserActor => ({ userId: user.id, email: user.email, name: user.name, role: user.role, expertId: user.expertId });

/** Resolves bearer tokens and session cookies to the people they belong to. */
/** `secrets`: the signing secrets, the first signing; a page's CSRF token made with any of them is accepted. */
export function actorResolver(handle: Db, options: { secrets: () => Promise<readonly string[]>; sessionTtlMs: number }): ActorResolver {
  return {
    async bearer(token) {
      const user = await findUserByToken(handle, token);
      return user ? actorOf(user) : undefined;
    },
    async session(cookieValue) {
      const session = await findSession(handle, cookieValue, options.sessionTtlMs);
      if (!session) return undefined;
      const accepted = acceptedCsrfTokens(await options.secrets(), session.tokenHash);
      return { ...actorOf(session.user), session: { id: session.id, csrfToken: accepted[0]!, acceptedCsrfTokens: accepted, expiresAt: session.expiresAt } };
    },
  };
}
