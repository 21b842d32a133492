import type { Db } from '../schema.ts';
import { articleExpertIds } from '../articles/authors.ts';
import { listActiveUsersWhere, type User } from '../users/store.ts';

/** The article's authors as people to tell: the active accounts linked to its experts, co-authors included. */
export async function authorUsers(handle: Db, articleId: number): Promise<User[]> {
  const expertIds = await articleExpertIds(handle, articleId);
  if (expertIds.length === 0) return [];
  return listActiveUsersWhere(handle, { expertIds });
}

/** Who reviews: the active editors and administrators. */
export function editorUsers(handle: Db): Promise<User[]> {
  return listActiveUsersWhere(handle, { roles: ['editor', 'admin'] });
}
