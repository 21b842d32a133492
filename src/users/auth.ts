import type { Db } from '../schema.ts';
import type { Actor, ActorResolver } from '../http/auth.ts';
import { csrfTokenFor } from '../http/csrf.ts';
import { findUserByToken, type User } from './store.ts';
import { findSession } from './sessions.ts';

const actorOf = (user: User): Actor => ({ userId: user.id, email: user.email, name: user.name, role: user.role, expertId: user.expertId });

/** Resolves bearer tokens and session cookies to the people they belong to. */
export function actorResolver(handle: Db, options: { secret: () => Promise<string>; sessionTtlMs: number }): ActorResolver {
  return {
    async bearer(token) {
      const user = await findUserByToken(handle, token);
      return user ? actorOf(user) : undefined;
    },
    async session(cookieValue) {
      const session = await findSession(handle, cookieValue, options.sessionTtlMs);
      if (!session) return undefined;
      const csrfToken = csrfTokenFor(await options.secret(), session.tokenHash);
      return { ...actorOf(session.user), session: { id: session.id, csrfToken, expiresAt: session.expiresAt } };
    },
  };
}
