import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { slugify, uniqueSlug } from '../db/slug.ts';
import { nowIso } from '../db/time.ts';
import type { EditionFilter } from '../views/i18n/languages.ts';
import type { GlossaryTermsTable } from './tables.ts';

export type GlossaryTerm = Selectable<GlossaryTermsTable>;
export interface GlossaryTermInput {
  term: string;
  expansion: string;
  definition: string;
  /** The language of the articles it is marked in; English when not given. */
  language?: string;
}

// Lower case can be longer than the term ("İ" becomes two characters): the key's column is unbounded text.
const keyOf = (term: string) => term.toLowerCase();

/** Every term in every language, A to Z whatever the case (by code point: see listGlossaryTermsIn). */
export async function listGlossaryTerms({ db }: Db): Promise<GlossaryTerm[]> {
  return db.selectFrom('glossaryTerms').selectAll().orderBy('termKey').orderBy('language').execute();
}

/**
 * The terms an edition shows (its language's; the default edition's also those of languages without an
 * edition, see editionFilter). In the database's order: pages sort them as their language does.
 */
export async function listGlossaryTermsIn({ db }: Db, edition: EditionFilter): Promise<GlossaryTerm[]> {
  let query = db.selectFrom('glossaryTerms').selectAll().orderBy('termKey').orderBy('id');
  if ('only' in edition) query = query.where('language', '=', edition.only);
  else if (edition.except.length > 0) query = query.where('language', 'not in', edition.except);
  return query.execute();
}

export async function getGlossaryTerm({ db }: Db, id: number): Promise<GlossaryTerm | undefined> {
  return db.selectFrom('glossaryTerms').selectAll().where('id', '=', id).executeTakeFirst();
}

async function freeSlug({ db }: Db, term: string): Promise<string> {
  return uniqueSlug(slugify(term), async (slug) => (await db.selectFrom('glossaryTerms').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined);
}

/** Adds a term; one its language's glossary has already, in any case, fails on the unique key (see createTerm). */
export async function createGlossaryTerm(handle: Db, input: GlossaryTermInput): Promise<GlossaryTerm> {
  const now = nowIso();
  const slug = await freeSlug(handle, input.term);
  return handle.db
    .insertInto('glossaryTerms')
    .values({ ...input, language: input.language ?? 'en', termKey: keyOf(input.term), slug, createdAt: now, updatedAt: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a term; its slug, and so its anchor on /glossary, stays. Undefined when there is no such term; a taken term fails on the unique key. */
export async function updateGlossaryTerm({ db }: Db, id: number, changes: Partial<GlossaryTermInput>): Promise<GlossaryTerm | undefined> {
  return db
    .updateTable('glossaryTerms')
    .set({ ...changes, ...(changes.term !== undefined && { termKey: keyOf(changes.term) }), updatedAt: nowIso() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteGlossaryTerm({ db }: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('glossaryTerms').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Gives a term the anchor (`#term-…` on /glossary) and times it had on the site it was exported from; the
 * anchor only when no other term here has it. For restoring an export only.
 */
export async function restoreTermFromExport(handle: Db, id: number, kept: { slug: string; createdAt: string; updatedAt: string }): Promise<GlossaryTerm | undefined> {
  const holder = await handle.db.selectFrom('glossaryTerms').select('id').where('slug', '=', kept.slug).where('id', '!=', id).executeTakeFirst();
  return handle.db
    .updateTable('glossaryTerms')
    .set({ ...(holder === undefined && { slug: kept.slug }), createdAt: kept.createdAt, updatedAt: kept.updatedAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
