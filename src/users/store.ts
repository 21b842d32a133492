import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/slug.ts';
import type { Role } from '../http/auth.ts';
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

const userColumns = ['id', 'email', 'role', 'expertId', 'createdAt'] as const;

export async function createUser({ db }: Db, input: { email: string; role: Role; password?: string; expertId?: number | null }): Promise<User> {
  return db
    .insertInto('users')
    .values({
      email: input.email.toLowerCase(),
      role: input.role,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      expertId: input.expertId ?? null,
      createdAt: nowIso(),
    })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export async function getUserByEmail({ db }: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').select(userColumns).where('email', '=', email.toLowerCase()).executeTakeFirst();
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Makes an API token; the caller shows it once, the database keeps only its hash. */
export async function createApiToken({ db }: Db, userId: number, label = ''): Promise<string> {
  const token = `rst_${randomBytes(32).toString('base64url')}`;
  await db.insertInto('apiTokens').values({ userId, tokenHash: sha256(token), label, createdAt: nowIso(), lastUsedAt: null }).execute();
  return token;
}

/** The user a bearer token belongs to. Tokens carry 256 random bits, so a plain SHA-256 is a safe lookup key. */
export async function findUserByToken({ db }: Db, token: string): Promise<User | undefined> {
  if (!/^rst_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select(['users.id', 'users.email', 'users.role', 'users.expertId', 'users.createdAt'])
    .where('apiTokens.tokenHash', '=', sha256(token))
    .executeTakeFirst();
}

export async function countUsers({ db }: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
