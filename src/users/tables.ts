import type { Generated } from 'kysely';

import type { Role } from '../http/auth.ts';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  role: Role;
  passwordHash: string | null;
  expertId: number | null;
  createdAt: string;
}
export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}
export interface UserTables {
  users: UsersTable;
  apiTokens: ApiTokensTable;
}
