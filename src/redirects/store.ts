import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import type { Cursor } from '../core/cursor.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import type { RedirectOrigin, RedirectsTable } from './tables.ts';
import { addressKey, isUnder, localKeyOf, lookupKeys, pathOfKey, targetAddress, underPrefix } from './addresses.ts';

export type Redirect = Selectable<RedirectsTable>;
export type NewRedirect = Omit<Insertable<RedirectsTable>, 'id' | 'createdAt' | 'updatedAt'>;

/** How many redirects a reader may be sent through before the last address is answered anyway. */
const maxHops = 8;

/** The rule that answers an address, most specific first: the address with its query, its path, then the nearest prefix above it. */
async function ruleFor({ db }: Db, key: string): Promise<{ rule: Redirect; location: string } | undefined> {
  const { exact, prefixes } = lookupKeys(key);
  const rows = await db
    .selectFrom('redirects')
    .selectAll()
    .where((eb) => eb.or([eb('fromPath', 'in', exact), eb.and([eb('prefix', '=', 1), eb('fromPath', 'in', prefixes)])]))
    .execute();
  for (const wanted of exact) {
    const rule = rows.find((r) => r.fromPath === wanted && !r.prefix);
    if (rule) return { rule, location: rule.target };
  }
  for (const wanted of prefixes) {
    const rule = rows.find((r) => r.fromPath === wanted && r.prefix);
    if (rule) return { rule, location: underPrefix(rule.fromPath, rule.target, exact.at(-1)!) };
  }
  return undefined;
}

export interface FoundRedirect {
  location: string;
  status: number;
}

/**
 * Where an old address sends a reader: the rule that names it, followed once. Chains are collapsed when
 * redirects are saved (see collapseChainsInto), not here: a hop may land on an address a page answers now,
 * which only the request to it can tell. A rule that would send the reader back to the address itself
 * (a prefix and an exact rule that undo each other) answers nothing.
 */
export async function findRedirectFor(handle: Db, address: string): Promise<FoundRedirect | undefined> {
  const key = addressKey(address);
  if (!key) return undefined;
  const found = await ruleFor(handle, key);
  if (!found || localKeyOf(found.location) === pathOfKey(key) || localKeyOf(found.location) === key) return undefined;
  return { location: found.location, status: found.rule.status };
}

/** Content now lives at this address: a redirect from it (exactly it, not a prefix above it) has had its day. */
export async function clearRedirectFrom({ db }: Db, path: string): Promise<void> {
  const key = addressKey(path);
  if (key) await db.deleteFrom('redirects').where('fromPath', '=', key).where('prefix', '=', 0).execute();
}

/** Where a target finally leads, and whether following it comes back to `from` (a loop). */
export async function followTarget(handle: Db, target: string, from: string): Promise<{ target: string; loops: boolean }> {
  let current = target;
  const seen = new Set<string>();
  for (let hop = 0; hop < maxHops; hop++) {
    const key = localKeyOf(current);
    if (!key) break;
    if (key === from || seen.has(key)) return { target: current, loops: true };
    seen.add(key);
    const found = await ruleFor(handle, key);
    if (!found) break;
    current = found.location;
  }
  return { target: current, loops: false };
}

export async function getRedirect({ db }: Db, id: number): Promise<Redirect | undefined> {
  return db.selectFrom('redirects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getRedirectFrom({ db }: Db, fromPath: string): Promise<Redirect | undefined> {
  return db.selectFrom('redirects').selectAll().where('fromPath', '=', fromPath).executeTakeFirst();
}

export interface RedirectListing {
  /** Part of an old address or a target. */
  contains?: string;
  origin?: RedirectOrigin;
  /** Where the previous page ended. */
  after?: Cursor;
  limit: number;
}

/** Redirects newest first, matching the listing's filter; one more than the limit tells there is a next page. */
export async function listRedirects({ db }: Db, listing: RedirectListing): Promise<Redirect[]> {
  let query = db.selectFrom('redirects').selectAll();
  if (listing.contains) {
    // `!` escapes LIKE's wildcards on both engines (SQLite has no default escape character).
    // Lower case on both sides: SQLite's LIKE ignores case and PostgreSQL's does not.
    const pattern = `%${listing.contains.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
    const contains = (column: 'fromPath' | 'target') => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
    query = query.where((eb) => eb.or([contains('fromPath'), contains('target')]));
  }
  if (listing.origin) query = query.where('origin', '=', listing.origin);
  const after = listing.after;
  if (after) query = query.where((eb) => eb.or([eb('createdAt', '<', after.key), eb.and([eb('createdAt', '=', after.key), eb('id', '<', after.id)])]));
  return query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(listing.limit).execute();
}

export async function countRedirects({ db }: Db): Promise<number> {
  const row = await db
    .selectFrom('redirects')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A LIKE pattern for what starts with `text`; `!` escapes the wildcards on both engines (SQLite has no default escape). */
const startingWith = (text: string) => `${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** Redirects that lead to an address, or (for a prefix) to one under it. */
async function redirectsInto({ db }: Db, key: string, under: boolean): Promise<Redirect[]> {
  return db
    .selectFrom('redirects')
    .selectAll()
    .where((eb) => (under ? eb.or([eb('target', '=', key), sql<boolean>`${sql.ref('target')} like ${startingWith(`${key}/`)} escape '!'`]) : eb('target', '=', key)))
    .execute();
}

/**
 * Redirects that pointed at an address that has moved on (or, for a prefix, under it) now point where it
 * leads, so readers take one hop; one that would now lead to its own address goes.
 */
export async function collapseChainsInto(handle: Db, movedKey: string, target: string, options: { prefix?: boolean } = {}): Promise<void> {
  for (const row of await redirectsInto(handle, movedKey, options.prefix ?? false)) {
    const next = options.prefix ? underPrefix(movedKey, target, row.target) : target;
    if (localKeyOf(next) === row.fromPath) await deleteRedirectRow(handle, row.id);
    else await updateRedirectRow(handle, row.id, { target: next });
  }
}

/** Whether a prefix from `from` to `to` would send readers round: some redirect under `to` leads back under `from`. */
export async function prefixLoops(handle: Db, from: string, to: string): Promise<boolean> {
  const { db } = handle;
  const under = await db
    .selectFrom('redirects')
    .select('target')
    .where((eb) => eb.or([eb('fromPath', '=', to), sql<boolean>`${sql.ref('fromPath')} like ${startingWith(`${to}/`)} escape '!'`]))
    .execute();
  return under.some((row) => {
    const key = localKeyOf(row.target);
    return key !== undefined && isUnder(key, from);
  });
}

export async function insertRedirect({ db }: Db, redirect: NewRedirect): Promise<Redirect> {
  const now = nowIso();
  return db
    .insertInto('redirects')
    .values({ ...redirect, createdAt: now, updatedAt: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateRedirectRow({ db }: Db, id: number, changes: Partial<NewRedirect>): Promise<Redirect | undefined> {
  return db
    .updateTable('redirects')
    .set({ ...changes, updatedAt: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteRedirectRow({ db }: Db, id: number): Promise<void> {
  await db.deleteFrom('redirects').where('id', '=', id).execute();
}

/**
 * A published address moved (an article's or expert's slug changed, or an import brought a page over from
 * another site): the old one leads to the new one, and so does every redirect that led to the old one. A
 * redirect from the new address is dropped: a page lives there again, and kept it would make a loop the next
 * time the page moves back (a prefix from there stays: it still leads the old addresses under it that no page
 * answers). A prefix never leads under itself. Runs in the transaction of the change itself, so the move and
 * its redirect commit together. Answers whether it changed anything (a redirect just so already is left).
 */
export async function recordMove(handle: Db, from: string, to: string, options: { prefix?: boolean; origin?: 'move' | 'import' } = {}): Promise<boolean> {
  const fromKey = addressKey(from);
  const target = targetAddress(to);
  const toKey = target && localKeyOf(target);
  if (!fromKey || !target || !toKey || fromKey === toKey || fromKey === '/' || (options.prefix && isUnder(toKey, fromKey))) return false;
  return withTransaction(handle, async (tx) => {
    const rule = { target, status: 301, prefix: options.prefix ? 1 : 0, origin: options.origin ?? 'move', note: '' };
    const existing = await getRedirectFrom(tx, fromKey);
    if (existing && existing.target === rule.target && existing.status === rule.status && existing.prefix === rule.prefix) return false;
    await clearRedirectFrom(tx, toKey);
    await collapseChainsInto(tx, fromKey, target, { prefix: options.prefix });
    if (existing) await updateRedirectRow(tx, existing.id, rule);
    else await insertRedirect(tx, { fromPath: fromKey, ...rule });
    return true;
  });
}

/**
 * A redirect from an address no rule names yet, and nothing else: unlike recordMove it re-points no other
 * redirect and replaces none, for a move the site did not make itself (an imported poll that could not keep
 * its id), where the site's own rules are the site's. False when a rule from the address exists already.
 */
export async function addRedirectIfFree(handle: Db, from: string, to: string, options: { prefix?: boolean; origin: 'move' | 'import' }): Promise<boolean> {
  const fromKey = addressKey(from);
  const target = targetAddress(to);
  const toKey = target && localKeyOf(target);
  if (!fromKey || !target || !toKey || fromKey === toKey || fromKey === '/' || (options.prefix && isUnder(toKey, fromKey))) return false;
  if (await getRedirectFrom(handle, fromKey)) return false;
  await insertRedirect(handle, { fromPath: fromKey, target, status: 301, prefix: options.prefix ? 1 : 0, origin: options.origin, note: '' });
  return true;
}

/** Redirects in id order after `afterId`, a batch at a time: for an export. */
export async function listRedirectsForExport({ db }: Db, afterId: number, limit: number): Promise<Redirect[]> {
  return db.selectFrom('redirects').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
