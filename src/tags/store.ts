import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { slugify } from '../db/slug.ts';
import type { TagKind, TagsTable } from './tables.ts';

export type Tag = Selectable<TagsTable>;

export async function getTagBySlug({ db }: Db, slug: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function getTagsByIds({ db }: Db, ids: number[]): Promise<Map<number, Tag>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tags').selectAll().where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listTags({ db }: Db): Promise<Tag[]> {
  return db.selectFrom('tags').selectAll().orderBy('kind').orderBy('name').execute();
}

/** Finds a tag by slug or name, creating a topic tag when it does not exist yet. */
export async function ensureTag({ db }: Db, label: string, kind: TagKind = 'topic', name?: string): Promise<Tag> {
  const slug = slugify(label);
  await db
    .insertInto('tags')
    .values({ slug, name: name ?? label, kind })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
}

export async function createTag(handle: Db, input: { slug?: string; name: string; kind: TagKind }): Promise<Tag> {
  return ensureTag(handle, input.slug ?? input.name, input.kind, input.name);
}
