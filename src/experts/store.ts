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

/** The texts of an expert that a language has: the name, position, affiliation and biography. */
export interface ExpertTexts {
  name: string;
  position: string;
  affiliation: string;
  bio: string;
}
const textColumns = ['name', 'position', 'affiliation', 'bio'] as const;

/** An expert's texts in other languages than the default, by language code; an empty text falls back to the default's. */
export type ExpertTranslations = Record<string, ExpertTexts>;

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

/** Experts by slug; slugs without an expert are absent. */
export async function getExpertsBySlugs({ db }: Db, slugs: string[]): Promise<Map<string, Expert>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .selectFrom('experts')
    .selectAll()
    .where('slug', 'in', [...new Set(slugs)])
    .execute();
  return new Map(rows.map((r) => [r.slug, r]));
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

/** The texts in other languages of several experts, in one query; an expert without any is absent. */
export async function getExpertTranslationsByIds({ db }: Db, ids: number[]): Promise<Map<number, ExpertTranslations>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('expertTranslations')
    .selectAll()
    .where('expertId', 'in', [...new Set(ids)])
    .orderBy('language')
    .execute();
  const byExpert = new Map<number, ExpertTranslations>();
  for (const { expertId, language, ...texts } of rows) byExpert.set(expertId, { ...byExpert.get(expertId), [language]: texts });
  return byExpert;
}

/** An expert's texts in other languages. */
export async function getExpertTranslations(handle: Db, expertId: number): Promise<ExpertTranslations> {
  return (await getExpertTranslationsByIds(handle, [expertId])).get(expertId) ?? {};
}

/**
 * Sets an expert's texts in the languages given, field by field: a field not given stays as it was, an
 * empty one falls back to the default language's. A language left with no text at all keeps no row.
 */
export async function saveExpertTranslations(handle: Db, expertId: number, translations: Record<string, Partial<ExpertTexts>>): Promise<void> {
  const saved = await getExpertTranslations(handle, expertId);
  for (const [language, given] of Object.entries(translations)) {
    const texts: ExpertTexts = { name: '', position: '', affiliation: '', bio: '', ...saved[language] };
    for (const column of textColumns) if (given[column] !== undefined) texts[column] = given[column];
    if (textColumns.every((column) => texts[column] === '')) {
      await handle.db.deleteFrom('expertTranslations').where('expertId', '=', expertId).where('language', '=', language).execute();
    } else {
      await handle.db
        .insertInto('expertTranslations')
        .values({ expertId, language, ...texts })
        .onConflict((oc) => oc.columns(['expertId', 'language']).doUpdateSet(texts))
        .execute();
    }
  }
}

/**
 * Experts as pages in `language` show them, in the order given: copies with that language's texts where
 * it has them, the default language's (the expert's own) where it has none. One query; none for no experts.
 */
export async function expertsInLanguage(handle: Db, experts: Expert[], language: string): Promise<Expert[]> {
  if (experts.length === 0) return [];
  const rows = await handle.db
    .selectFrom('expertTranslations')
    .selectAll()
    .where('language', '=', language)
    .where('expertId', 'in', [...new Set(experts.map((e) => e.id))])
    .execute();
  const byExpert = new Map(rows.map((r) => [r.expertId, r]));
  return experts.map((expert) => {
    const own = byExpert.get(expert.id);
    if (!own) return { ...expert };
    return { ...expert, name: own.name || expert.name, position: own.position || expert.position, affiliation: own.affiliation || expert.affiliation, bio: own.bio || expert.bio };
  });
}
