import type { Db } from '../schema.ts';
import type { Actor, TokenResolver } from '../http/auth.ts';
import { findUserByToken } from './store.ts';

export function tokenResolver(handle: Db): TokenResolver {
  return async (token: string): Promise<Actor | undefined> => {
    const user = await findUserByToken(handle, token);
    return user ? { userId: user.id, email: user.email, role: user.role, expertId: user.expertId } : undefined;
  };
}
