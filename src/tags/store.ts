import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { slugCore } from '../db/slug.ts';
import { SlugTakenError, isUniqueViolation } from '../db/errors.ts';
import type { TagKind, TagsTable } from './tables.ts';
import { Observers } from '../core/observers.ts';
import { withTransaction } from '../db/transaction.ts';
import { placeName } from '../places/names.ts';
import { recordMove } from '../redirects/store.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionPrefix } from '../views/i18n/languages.ts';

export type Tag = Selectable<TagsTable>;

/** A tag's new name, told inside the renaming transaction (search rewrites the documents that carry it). */
export const tagRenamed = new Observers<[handle: Db, tagId: number, name: string]>();
/** A tag about to be deleted, told inside the deleting transaction before its rows go. */
export const tagRemoved = new Observers<[handle: Db, tagId: number]>();
/**
 * A tag merged into another, told inside the merging transaction before the merged tag goes: what carries
 * tags (articles, a layer above) moves to the target, so the merged tag's removal takes nothing with it.
 */
export const tagMerged = new Observers<[handle: Db, fromId: number, intoId: number]>();

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
export async function createTag({ db }: Db, input: { slug?: string; name: string; kind: TagKind } & Partial<TagDescription>): Promise<Tag> {
  const slug = input.slug ?? slugCore(input.name);
  try {
    return await db
      .insertInto('tags')
      .values({ slug, name: input.name, kind: input.kind, description: input.description ?? '', descriptionHtml: input.descriptionHtml ?? '' })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError(slug);
    throw err;
  }
}

export async function getTagById({ db }: Db, id: number): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A description as the store keeps it: the Markdown typed, and the HTML made from it. */
export interface TagDescription {
  description: string;
  descriptionHtml: string;
}

export interface TagChangesToStore extends Partial<TagDescription> {
  name?: string;
  kind?: TagKind;
  slug?: string;
}

/** A tag's page in each of the site's editions: `/tags/energy`, `/ru/tags/energy`. */
async function tagAddresses(handle: Db, slug: string): Promise<string[]> {
  const editions = { languages: (await getSiteSettings(handle)).languages };
  return editions.languages.map((language) => `${editionPrefix(editions, language)}/tags/${slug}`);
}

/**
 * A tag's pages moved to another tag's slug: each edition's old address, and everything under it (the
 * feeds), leads to the new one, through the redirects every moved address leaves (recordMove).
 */
async function recordTagMove(handle: Db, fromSlug: string, toSlug: string): Promise<void> {
  const [from, to] = [await tagAddresses(handle, fromSlug), await tagAddresses(handle, toSlug)];
  for (const [index, old] of from.entries()) await recordMove(handle, old, to[index]!, { prefix: true });
}

/**
 * Changes a tag's name, kind, slug or description. A new slug moves its page: the old addresses (in every
 * edition, feeds included) lead to the new ones. A slug taken already throws SlugTakenError.
 */
export async function updateTag(handle: Db, id: number, changes: TagChangesToStore): Promise<Tag | undefined> {
  if (Object.values(changes).every((v) => v === undefined)) return handle.db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
  return withTransaction(handle, async (tx) => {
    const before = await getTagById(tx, id);
    if (!before) return undefined;
    const tag = await tx.db
      .updateTable('tags')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? new SlugTakenError(changes.slug ?? before.slug) : err;
      });
    // The search documents that carry the tag are found by its new name at once.
    if (tag && changes.name !== undefined) await tagRenamed.notify(tx, id, tag.name);
    if (tag && tag.slug !== before.slug) await recordTagMove(tx, before.slug, tag.slug);
    return tag;
  });
}

/**
 * Merges one tag into another: what carried it carries the target (tagMerged), its pages lead to the
 * target's, and it goes. One transaction: a merge is whole or not at all.
 */
export async function mergeTags(handle: Db, fromId: number, intoId: number): Promise<Tag | undefined> {
  return withTransaction(handle, async (tx) => {
    const [from, into] = [await getTagById(tx, fromId), await getTagById(tx, intoId)];
    if (!from || !into || from.id === into.id) return undefined;
    await tagMerged.notify(tx, from.id, into.id);
    await deleteTag(tx, from.id);
    await recordTagMove(tx, from.slug, into.slug);
    return into;
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
    // A row that carries only a description gives no name.
    .where('name', '<>', '')
    .orderBy('language')
    .execute();
  const byTag = new Map<number, TagNames>();
  for (const row of rows) byTag.set(row.tagId, { ...byTag.get(row.tagId), [row.language]: row.name });
  return byTag;
}

/** A tag's texts in one other language; what is absent stays as it was. */
export type TagTexts = { name?: string } & Partial<TagDescription>;

/**
 * Sets a tag's names and descriptions in the languages given; an empty name or description removes that
 * language's, so the tag falls back to its default; a language left with neither loses its row.
 */
export async function saveTagTranslations({ db }: Db, tagId: number, texts: Record<string, string | TagTexts>): Promise<void> {
  for (const [language, given] of Object.entries(texts)) {
    const change: TagTexts = typeof given === 'string' ? { name: given } : given;
    const saved = await db.selectFrom('tagTranslations').selectAll().where('tagId', '=', tagId).where('language', '=', language).executeTakeFirst();
    const next = {
      name: change.name ?? saved?.name ?? '',
      description: change.description ?? saved?.description ?? '',
      descriptionHtml: change.descriptionHtml ?? saved?.descriptionHtml ?? '',
    };
    if (next.name === '' && next.description === '') {
      await db.deleteFrom('tagTranslations').where('tagId', '=', tagId).where('language', '=', language).execute();
    } else {
      await db
        .insertInto('tagTranslations')
        .values({ tagId, language, ...next })
        .onConflict((oc) => oc.columns(['tagId', 'language']).doUpdateSet(next))
        .execute();
    }
  }
}

/** A tag's descriptions in other languages than the default, by language code; a language without one is absent. */
export async function getTagDescriptions({ db }: Db, tagId: number): Promise<Record<string, TagDescription>> {
  const rows = await db.selectFrom('tagTranslations').select(['language', 'description', 'descriptionHtml']).where('tagId', '=', tagId).where('description', '<>', '').execute();
  return Object.fromEntries(rows.map((r) => [r.language, { description: r.description, descriptionHtml: r.descriptionHtml }]));
}

/** The descriptions in other languages of several tags (every tag, without ids): for an export. */
export async function getTagDescriptionsByIds({ db }: Db, ids?: number[]): Promise<Map<number, Record<string, string>>> {
  if (ids?.length === 0) return new Map();
  const rows = await db
    .selectFrom('tagTranslations')
    .select(['tagId', 'language', 'description'])
    .$if(ids !== undefined, (qb) => qb.where('tagId', 'in', [...new Set(ids)]))
    .where('description', '<>', '')
    .orderBy('language')
    .execute();
  const byTag = new Map<number, Record<string, string>>();
  for (const row of rows) byTag.set(row.tagId, { ...byTag.get(row.tagId), [row.language]: row.description });
  return byTag;
}

/** The description a page in `language` shows: that language's own, else the default language's. */
export async function tagDescriptionIn(handle: Db, tag: Tag, language: string): Promise<TagDescription> {
  const own = (await getTagDescriptions(handle, tag.id))[language];
  return own ?? { description: tag.description, descriptionHtml: tag.descriptionHtml };
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
