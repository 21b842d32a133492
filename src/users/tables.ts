import type { Generated } from 'kysely';

import type { Role } from '../core/actor.ts';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  /** How the office greets and credits the person; may be empty until they accept their invitation. */
  name: Generated<string>;
  role: Role;
  passwordHash: string | null;
  expertId: number | null;
  createdAt: string;
  disabledAt: Generated<string | null>;
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
export interface SessionsTable {
  id: Generated<number>;
  userId: number;
  /** sha256 of the cookie's random value; the value itself lives only in the browser. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  userAgent: Generated<string>;
}
export interface SignInFailuresTable {
  key: string;
  windowStart: number;
  failures: number;
}
/** A network (a keyed hash of it) an account has signed in from: past the ceiling of failures, only these get in. */
export interface SignInNetworksTable {
  userId: number;
  network: string;
  lastUsedAt: string;
}
export const linkPurposes = ['invite', 'reset'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];
export interface UserLinksTable {
  id: Generated<number>;
  userId: number;
  purpose: LinkPurpose;
  tokenHash: string;
  createdBy: number | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}
export interface UserTables {
  users: UsersTable;
  apiTokens: ApiTokensTable;
  sessions: SessionsTable;
  signInFailures: SignInFailuresTable;
  signInNetworks: SignInNetworksTable;
  userLinks: UserLinksTable;
}
