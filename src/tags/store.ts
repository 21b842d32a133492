import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { slugCore } from '../db/slug.ts';
import { SlugTakenError, isUniqueViolation } from '../db/errors.ts';
import type { TagKind, TagsTable } from './tables.ts';
import { Observers } from '../core/observers.ts';
import { withTransaction } from '../db/transaction.ts';

export type Tag = Selectable<TagsTable>;

/** A tag's new name, told inside the renaming transaction (search rewrites the documents that carry it). */
export const tagRenamed = new Observers<[handle: Db, tagId: number, name: string]>();
/** A tag about to be deleted, told inside the deleting transaction before its rows go. */
export const tagRemoved = new Observers<[handle: Db, tagId: number]>();

export async function getTagBySlug({ db }: Db, slug: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function getTagsByIds({ db }: Db, ids: number[]): Promise<Map<number, Tag>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('tags')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listTags({ db }: Db): Promise<Tag[]> {
  return db.selectFrom('tags').selectAll().orderBy('kind').orderBy('name').execute();
}

/** Whether a label has a letter or digit to make a slug from; "!!!" has none. */
export const isTaggable = (label: string) => slugCore(label) !== '';

/** Finds a tag by the slug of its label, creating a tag of the given kind when there is none yet. */
export async function ensureTag({ db }: Db, label: string, kind: TagKind = 'topic', name?: string): Promise<Tag> {
  const slug = slugCore(label);
  await db
    .insertInto('tags')
    .values({ slug, name: name ?? label, kind })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
}

/** Creates a new tag; a slug that exists already throws SlugTakenError. */
export async function createTag({ db }: Db, input: { slug?: string; name: string; kind: TagKind }): Promise<Tag> {
  const slug = input.slug ?? slugCore(input.name);
  try {
    return await db.insertInto('tags').values({ slug, name: input.name, kind: input.kind }).returningAll().executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError(slug);
    throw err;
  }
}

export async function getTagById({ db }: Db, id: number): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Renames a tag or changes its kind; its slug, and so its page's address, stays as it was. */
export async function updateTag(handle: Db, id: number, changes: { name?: string; kind?: TagKind }): Promise<Tag | undefined> {
  if (changes.name === undefined && changes.kind === undefined) return handle.db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
  return withTransaction(handle, async (tx) => {
    const tag = await tx.db.updateTable('tags').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
    // The search documents that carry the tag are found by its new name at once.
    if (tag && changes.name !== undefined) await tagRenamed.notify(tx, id, tag.name);
    return tag;
  });
}

/** Deletes a tag; the articles that carried it lose it (the link rows go with it). */
export async function deleteTag(handle: Db, id: number): Promise<boolean> {
  return withTransaction(handle, async (tx) => {
    await tagRemoved.notify(tx, id);
    const result = await tx.db.deleteFrom('tags').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
