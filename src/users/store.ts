import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import type { Role } from '../core/actor.ts';
import type { UsersTable } from './tables.ts';

export type User = Omit<Selectable<UsersTable>, 'passwordHash'>;

// Algorithm 2 is argon2id in @node-rs/argon2; the costs follow OWASP's current minimum.
const argonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argonHash(password, argonOptions);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(hash, password);
  } catch {
    return false;
  }
}

const userColumns = ['id', 'email', 'name', 'role', 'expertId', 'createdAt', 'disabledAt'] as const;

/** `passwordHash`: a password hashed already, so that a caller's transaction does not wait on the hashing. */
export async function createUser({ db }: Db, input: { email: string; role: Role; name?: string; password?: string; passwordHash?: string; expertId?: number | null }): Promise<User> {
  const passwordHash = input.passwordHash ?? (input.password ? await hashPassword(input.password) : null);
  return db
    .insertInto('users')
    .values({
      email: input.email.toLowerCase(),
      name: input.name ?? '',
      role: input.role,
      passwordHash,
      expertId: input.expertId ?? null,
      createdAt: nowIso(),
    })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export async function getUserByEmail({ db }: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').select(userColumns).where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function getUserById({ db }: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export async function countUsers({ db }: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everyone with an account, by e-mail. */
export async function listUsers({ db }: Db): Promise<User[]> {
  return db.selectFrom('users').select(userColumns).orderBy('email').execute();
}

/**
 * The accounts that are not disabled and either have one of these roles or are linked to one of these
 * experts: whom notices go to (the editors; an article's authors).
 */
export async function listActiveUsersWhere({ db }: Db, who: { roles?: readonly Role[]; expertIds?: readonly number[] }): Promise<User[]> {
  const roles = who.roles ?? [];
  const expertIds = who.expertIds ?? [];
  if (roles.length === 0 && expertIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(userColumns)
    .where('disabledAt', 'is', null)
    .where((eb) => eb.or([...(roles.length ? [eb('role', 'in', roles)] : []), ...(expertIds.length ? [eb('expertId', 'in', expertIds)] : [])]))
    .orderBy('id')
    .execute();
}

export interface UserChanges {
  name?: string;
  role?: Role;
  expertId?: number | null;
  disabled?: boolean;
}

export async function updateUser({ db }: Db, id: number, changes: UserChanges): Promise<User | undefined> {
  const { disabled, ...rest } = changes;
  const values = { ...rest, ...(disabled !== undefined && { disabledAt: disabled ? nowIso() : null }) };
  if (Object.keys(values).length === 0) return getUserById({ db } as Db, id);
  return db.updateTable('users').set(values).where('id', '=', id).returning(userColumns).executeTakeFirst();
}

export async function setPassword(handle: Db, userId: number, password: string): Promise<void> {
  await setPasswordHash(handle, userId, await hashPassword(password));
}

export async function setPasswordHash({ db }: Db, userId: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ passwordHash }).where('id', '=', userId).execute();
}

/**
 * The active user with this e-mail and password. A wrong e-mail costs as long as a wrong password
 * (a hash is verified either way), so timing does not tell which accounts exist.
 */
export async function checkCredentials({ db }: Db, email: string, password: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...userColumns, 'passwordHash'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash()), password);
  if (!row || !row.passwordHash || !ok || row.disabledAt) return undefined;
  const { passwordHash: _hash, ...user } = row;
  return user;
}

let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Makes an API token; the caller shows it once, the database keeps only its hash. */
export async function createApiToken({ db }: Db, userId: number, label = ''): Promise<string> {
  const token = `rst_${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('apiTokens')
    .values({ userId, tokenHash: sha256(token), label, createdAt: nowIso(), lastUsedAt: null })
    .execute();
  return token;
}

/** Tokens record when they were last used to this precision; finer would cost a write per request. */
export const lastUsedPrecisionMs = 60_000;

/**
 * The user a bearer token belongs to. Tokens carry 256 random bits, so a plain SHA-256 is a safe lookup key.
 * Also notes when the token was last used, at most once a minute per token. That write is awaited: it is one
 * primary-key UPDATE, made only by the first request in a minute on each token (the others see a recent time
 * in the row they read anyway), and awaiting keeps it inside the request, so no stray query outlives a
 * shutdown and no rejection goes unhandled. Failing to note the time must not turn a valid token away, so
 * its error is ignored.
 */
export async function findUserByToken({ db }: Db, token: string): Promise<User | undefined> {
  if (!/^rst_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select([...userColumns.map((c) => `users.${c}` as const), 'apiTokens.id as tokenId', 'apiTokens.lastUsedAt'])
    .where('apiTokens.tokenHash', '=', sha256(token))
    .where('users.disabledAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { tokenId, lastUsedAt, ...user } = row;
  const now = Date.now();
  if (lastUsedAt === null || Date.parse(lastUsedAt) <= now - lastUsedPrecisionMs) {
    const cutoff = new Date(now - lastUsedPrecisionMs).toISOString();
    // Conditional, so that requests racing on the same token write once.
    await db
      .updateTable('apiTokens')
      .set({ lastUsedAt: new Date(now).toISOString() })
      .where('id', '=', tokenId)
      .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<=', cutoff)]))
      .execute()
      .catch(() => {});
  }
  return user;
}

export interface ApiTokenInfo {
  id: number;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A user's tokens, oldest first: never the token, which is not stored, nor its hash. */
export async function listApiTokens({ db }: Db, userId: number): Promise<ApiTokenInfo[]> {
  return db.selectFrom('apiTokens').select(['id', 'label', 'createdAt', 'lastUsedAt']).where('userId', '=', userId).orderBy('id').execute();
}

/** Revokes (deletes) a user's tokens, or only those with the given label; returns how many. */
export async function revokeApiTokens({ db }: Db, userId: number, label?: string): Promise<number> {
  let query = db.deleteFrom('apiTokens').where('userId', '=', userId);
  if (label !== undefined) query = query.where('label', '=', label);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A person as the people screen lists them: whether they have chosen a password, and their newest live session. */
export interface Person extends User {
  hasPassword: boolean;
  /** When their newest unexpired session began; sessions end on sign-out, so this is "signed in since". */
  signedInSince: string | null;
}

/** Everyone with an account, by e-mail, with what the people screen shows about each. */
export async function listPeople(handle: Db, now = Date.now()): Promise<Person[]> {
  return peopleQuery(handle, now);
}

/** One person as the people screen shows them. */
export async function getPerson(handle: Db, id: number, now = Date.now()): Promise<Person | undefined> {
  return (await peopleQuery(handle, now, id))[0];
}

async function peopleQuery({ db }: Db, now: number, id?: number): Promise<Person[]> {
  const newestSessions = db
    .selectFrom('sessions')
    .select((eb) => ['userId', eb.fn.max('createdAt').as('since')])
    .where('expiresAt', '>', new Date(now).toISOString())
    .groupBy('userId')
    .as('newest');
  let query = db
    .selectFrom('users')
    .leftJoin(newestSessions, 'newest.userId', 'users.id')
    .select([...userColumns.map((c) => `users.${c}` as const), 'users.passwordHash', 'newest.since'])
    .orderBy('users.email');
  if (id !== undefined) query = query.where('users.id', '=', id);
  const rows = await query.execute();
  return rows.map(({ passwordHash, since, ...user }) => ({ ...user, hasPassword: passwordHash !== null, signedInSince: since ?? null }));
}

/** Whether this is the person's current password; for changing it, where they prove who they are again. */
export async function isCurrentPassword({ db }: Db, userId: number, password: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirst();
  return Boolean(row?.passwordHash) && (await verifyPassword(row!.passwordHash!, password));
}

/** Administrators whose accounts are on, leaving one person out: would the office still have an administrator without them? */
export async function countActiveAdmins({ db }: Db, exceptUserId?: number): Promise<number> {
  let query = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabledAt', 'is', null);
  if (exceptUserId !== undefined) query = query.where('id', '!=', exceptUserId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export interface OwnedApiToken extends ApiTokenInfo {
  userId: number;
  userEmail: string;
  userName: string;
}

/** One token's description and its owner, never the token or its hash. */
export async function getApiTokenById({ db }: Db, id: number): Promise<OwnedApiToken | undefined> {
  return db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select(['apiTokens.id', 'apiTokens.label', 'apiTokens.createdAt', 'apiTokens.lastUsedAt', 'apiTokens.userId', 'users.email as userEmail', 'users.name as userName'])
    .where('apiTokens.id', '=', id)
    .executeTakeFirst();
}

/** Everyone's tokens, by owner then age, for administrators. */
export async function listAllApiTokens({ db }: Db): Promise<OwnedApiToken[]> {
  return db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select(['apiTokens.id', 'apiTokens.label', 'apiTokens.createdAt', 'apiTokens.lastUsedAt', 'apiTokens.userId', 'users.email as userEmail', 'users.name as userName'])
    .orderBy('users.email')
    .orderBy('apiTokens.id')
    .execute();
}

/** Revokes (deletes) one token; false when there was no such token. */
export async function revokeApiTokenById({ db }: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('apiTokens').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
