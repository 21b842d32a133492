import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { slugCore } from '../db/slug.ts';
import { SlugTakenError, isUniqueViolation } from '../db/errors.ts';
import type { TagKind, TagsTable } from './tables.ts';
import { Observers } from '../core/observers.ts';
import { withTransaction } from '../db/transaction.ts';
import { placeName } from '../places/names.ts';

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

/** A tag's names in other languages than the default, by language code: `{ ru: 'Энергетика' }`. */
export type TagNames = Record<string, string>;

/** The names a tag has in other languages. */
export async function getTagTranslations(handle: Db, tagId: number): Promise<TagNames> {
  return (await getTagTranslationsByIds(handle, [tagId])).get(tagId) ?? {};
}

/** The names in other languages of several tags (of every tag, without ids), in one query; a tag without any is absent. */
export async function getTagTranslationsByIds({ db }: Db, ids?: number[]): Promise<Map<number, TagNames>> {
  if (ids?.length === 0) return new Map();
  const rows = await db
    .selectFrom('tagTranslations')
    .select(['tagId', 'language', 'name'])
    .$if(ids !== undefined, (qb) => qb.where('tagId', 'in', [...new Set(ids)]))
    .orderBy('language')
    .execute();
  const byTag = new Map<number, TagNames>();
  for (const row of rows) byTag.set(row.tagId, { ...byTag.get(row.tagId), [row.language]: row.name });
  return byTag;
}

/** Sets a tag's names in the languages given; an empty name removes that language's, so the tag falls back to its default. */
export async function saveTagTranslations({ db }: Db, tagId: number, names: TagNames): Promise<void> {
  for (const [language, name] of Object.entries(names)) {
    if (name === '') {
      await db.deleteFrom('tagTranslations').where('tagId', '=', tagId).where('language', '=', language).execute();
    } else {
      await db
        .insertInto('tagTranslations')
        .values({ tagId, language, name })
        .onConflict((oc) => oc.columns(['tagId', 'language']).doUpdateSet({ name }))
        .execute();
    }
  }
}

/**
 * Tags as a page in `language` names them, in the order given: copies with the name stored for that
 * language; else, for a place (kind country or region), the place's name in it ("Казахстан", from the
 * gazetteer and the places catalogue); else the tag's own name. A place tag's own name is the English one
 * it was made with, so in English it stays as editors left it.
 */
export async function tagsInLanguage(handle: Db, tags: Tag[], language: string): Promise<Tag[]> {
  if (tags.length === 0) return [];
  const rows = await handle.db
    .selectFrom('tagTranslations')
    .select(['tagId', 'name'])
    .where('language', '=', language)
    .where('tagId', 'in', [...new Set(tags.map((t) => t.id))])
    .execute();
  const stored = new Map(rows.map((r) => [r.tagId, r.name]));
  return tags.map((tag) => ({ ...tag, name: stored.get(tag.id) || (language !== 'en' && placeName(tag, language)) || tag.name }));
}
