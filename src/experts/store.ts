import type { Db } from '../schema.ts';
import { slugify } from '../db/slug.ts';
import { nowIso } from '../db/time.ts';
import { insertWithSlug } from '../db/errors.ts';
import type { ExpertsTable } from './tables.ts';
import type { Selectable } from 'kysely';
import type { Cursor } from '../core/cursor.ts';
import { clearRedirectFrom, recordMove } from '../redirects/store.ts';
import { expertPath } from './present.ts';
import { Observers } from '../core/observers.ts';
import { withSavepoint, withTransaction } from '../db/transaction.ts';

export type Expert = Selectable<ExpertsTable>;

/** An expert's new name, told inside the renaming transaction (search rewrites the documents that show it). */
export const expertRenamed = new Observers<[handle: Db, expertId: number, name: string]>();

export interface NewExpert {
  name: string;
  slug?: string;
  position?: string;
  affiliation?: string;
  bio?: string;
  photoMediaId?: number | null;
  /** Profile links, already checked (see profileLinksField). */
  sameAs?: string[];
}

export async function expertSlugTaken({ db }: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('experts').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** Creates an expert; a chosen slug that is taken throws SlugTakenError. */
export async function createExpert(handle: Db, input: NewExpert): Promise<Expert> {
  const now = nowIso();
  const expert = await insertWithSlug({ chosen: input.slug, base: slugify(input.name), isTaken: (s) => expertSlugTaken(handle, s) }, (slug) =>
    withSavepoint(handle, ({ db }) =>
      db
        .insertInto('experts')
        .values({
          slug,
          name: input.name,
          position: input.position ?? '',
          affiliation: input.affiliation ?? '',
          bio: input.bio ?? '',
          photoMediaId: input.photoMediaId ?? null,
          sameAs: JSON.stringify(input.sameAs ?? []),
          createdAt: now,
          updatedAt: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    ),
  );
  // The new blog takes its address from a redirect that led elsewhere from there.
  await clearRedirectFrom(handle, expertPath(expert.slug));
  return expert;
}

/** Changes an expert; a new name reaches the search documents of their articles in the same transaction. */
export async function updateExpert(handle: Db, id: number, changes: Partial<Omit<NewExpert, 'slug'>> & { slug?: string }) {
  const { sameAs, ...columns } = changes;
  return withTransaction(handle, async (tx) => {
    const before = changes.slug !== undefined ? await getExpertById(tx, id) : undefined;
    const expert = await tx.db
      .updateTable('experts')
      .set({ ...columns, ...(sameAs !== undefined && { sameAs: JSON.stringify(sameAs) }), updatedAt: nowIso() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (expert && changes.name !== undefined) await expertRenamed.notify(tx, id, expert.name);
    // The blog and everything under it (articles, feeds) stays reachable at the old address.
    if (expert && before && before.slug !== expert.slug) await recordMove(tx, expertPath(before.slug), expertPath(expert.slug), { prefix: true });
    return expert;
  });
}

export async function getExpertBySlug({ db }: Db, slug: string): Promise<Expert | undefined> {
  return db.selectFrom('experts').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function getExpertById({ db }: Db, id: number): Promise<Expert | undefined> {
  return db.selectFrom('experts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getExpertsByIds({ db }: Db, ids: number[]): Promise<Map<number, Expert>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('experts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Experts newest first, by keyset on (created_at, id). */
export async function listExperts({ db }: Db, page: { cursor?: Cursor; limit: number }): Promise<Expert[]> {
  let query = db.selectFrom('experts').selectAll().orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(page.limit);
  if (page.cursor) {
    const { key, id } = page.cursor;
    query = query.where((eb) => eb.or([eb('createdAt', '<', key), eb.and([eb('createdAt', '=', key), eb('id', '<', id)])]));
  }
  return query.execute();
}

export async function listAllExperts({ db }: Db): Promise<Expert[]> {
  return db.selectFrom('experts').selectAll().orderBy('name').orderBy('id').execute();
}

export async function deleteExpert({ db }: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('experts').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The experts whose portrait this image is: their pictures' descriptions are not an author's to change. */
export async function expertIdsWithPhoto({ db }: Db, mediaId: number): Promise<number[]> {
  const rows = await db.selectFrom('experts').select('id').where('photoMediaId', '=', mediaId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Puts back when an expert was added and last changed on the site they were exported from. For restoring an export only. */
export async function restoreExpertTimesFromExport({ db }: Db, id: number, times: { createdAt: string; updatedAt: string }): Promise<void> {
  await db.updateTable('experts').set(times).where('id', '=', id).execute();
}
