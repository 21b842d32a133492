import { randomBytes } from 'node:crypto';
import type { Db } from '../schema.ts';

/**
 * The secrets that sign voter cookies, CSRF tokens and the first administrator's setup link (the rate
 * limits' hashes have a key of their own, rateLimitKey, which never rotates). The first signs; every one verifies, so that a rotated secret keeps
 * working for what it signed until it is dropped from the list.
 */
export type SigningSecrets = readonly [string, ...string[]];

/** Kept in the settings table as a comma-separated list, newest first; one secret is a list of one. */
const SETTING = 'secret.cookie';

const fromEnvironment = new WeakMap<Db, SigningSecrets>();
const cached = new WeakMap<Db, Promise<SigningSecrets>>();

/**
 * Makes the secrets from ROSTRUM_SECRET the only ones of this database's processes: the database's own
 * are then neither used nor made, so a backup of the database cannot forge anything. Called once, as the
 * app is built, before anything signs.
 */
export function useEnvironmentSecrets(handle: Db, secrets: readonly string[] | undefined): void {
  if (!secrets?.length) return;
  const list = secrets as unknown as SigningSecrets;
  fromEnvironment.set(handle, list);
  cached.set(handle, Promise.resolve(list));
}

/** Whether this database's processes take their secrets from ROSTRUM_SECRET. */
export const secretsFromEnvironment = (handle: Db) => fromEnvironment.has(handle);

/**
 * The signing secrets: from ROSTRUM_SECRET when set (fixed until a restart), else from the database, read
 * on first use and again whenever rereadSigningSecrets is called.
 */
export function signingSecrets(handle: Db): Promise<SigningSecrets> {
  let secrets = cached.get(handle);
  if (!secrets) {
    secrets = databaseSecrets(handle);
    secrets.catch(() => cached.delete(handle));
    cached.set(handle, secrets);
  }
  return secrets;
}

/**
 * Reads the database's list again, so that a rotation or a prune made by another process (`rostrum
 * secret`) reaches this one without a restart: the app calls it when the content bus fires and once a
 * minute. The list in use is replaced only once the new one is read, so nothing waits or fails meanwhile;
 * a failed read keeps the list in use. With ROSTRUM_SECRET the environment stays the only source.
 */
export async function rereadSigningSecrets(handle: Db): Promise<void> {
  if (secretsFromEnvironment(handle)) return;
  const fresh = await databaseSecrets(handle);
  // The environment may have been adopted while the database was read (the app is built first thing).
  if (!secretsFromEnvironment(handle)) cached.set(handle, Promise.resolve(fresh));
}

/** The secret that signs: the first of the list. */
export async function signingSecret(handle: Db): Promise<string> {
  return (await signingSecrets(handle))[0];
}

const newSecret = () => randomBytes(32).toString('base64url');

/** The key of the rate limits' hashes, kept apart from the signing secrets because it never rotates. */
const RATE_LIMIT_SETTING = 'secret.rate-limit';
const rateLimitKeys = new WeakMap<Db, Promise<string>>();

/**
 * The key the sign-in throttle and the vote rate limit hash networks and accounts with. It is not a
 * signing secret and never rotates: keyed with a signing secret, the counts would change with every
 * rotation (and differ between processes until each had re-read the list). It is made in the database
 * on first use, even with ROSTRUM_SECRET: all it protects is the pseudonymity of the stored hashes,
 * which are in the same database. Read once per connection, since it never changes.
 */
export function rateLimitKey(handle: Db): Promise<string> {
  let key = rateLimitKeys.get(handle);
  if (!key) {
    key = readOrMakeSetting(handle, RATE_LIMIT_SETTING);
    key.catch(() => rateLimitKeys.delete(handle));
    rateLimitKeys.set(handle, key);
  }
  return key;
}

/** A setting holding a random key, made on first use; every process reads the one that won. */
async function readOrMakeSetting({ db }: Db, key: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: newSecret() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}

function parseList(value: string): SigningSecrets {
  const list = value.split(',').filter(Boolean);
  if (list.length === 0) throw new Error(`The setting ${SETTING} holds no secret`);
  return list as unknown as SigningSecrets;
}

/**
 * The database's secrets, made on first use so that every process on one database signs alike without
 * configuration. The default for a single machine; ROSTRUM_SECRET keeps the key out of the database.
 */
export async function databaseSecrets(handle: Db): Promise<SigningSecrets> {
  return parseList(await readOrMakeSetting(handle, SETTING));
}

/**
 * Puts a new secret first in the database's list, keeping the earlier ones for verification. One
 * statement, so that two rotations at once both land. Returns the list as it is now.
 */
export async function rotateDatabaseSecret(handle: Db): Promise<SigningSecrets> {
  await databaseSecrets(handle);
  await handle.db
    .updateTable('settings')
    .set((eb) => ({ value: eb(eb.val(`${newSecret()},`), '||', eb.ref('value')) }))
    .where('key', '=', SETTING)
    .execute();
  cached.delete(handle);
  return databaseSecrets(handle);
}

/**
 * Keeps only the first of the database's secrets: what the others signed stops verifying. Returns how
 * many were dropped. Written only if the list is still the one read, so a rotation meanwhile is not lost.
 */
export async function pruneDatabaseSecrets(handle: Db): Promise<number> {
  for (;;) {
    const row = await handle.db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
    if (!row) return 0;
    const [first, ...dropped] = parseList(row.value);
    if (dropped.length === 0) return 0;
    const written = await handle.db.updateTable('settings').set({ value: first }).where('key', '=', SETTING).where('value', '=', row.value).executeTakeFirst();
    cached.delete(handle);
    if (Number(written.numUpdatedRows) === 1) return dropped.length;
  }
}
