import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { requiredText, slugField, textField } from '../http/schemas.ts';
import { SlugTakenError } from '../db/errors.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import { createTag as insertTag, deleteTag as removeTag, getTagById, getTagTranslations, isTaggable, saveTagTranslations, updateTag as writeTagChanges, type Tag, type TagNames } from './store.ts';
import { tagKinds } from './tables.ts';
import { tagPermissions } from './policies.ts';

const tagName = requiredText(200).refine(isTaggable, 'must contain a letter or digit');
const tagKind = z.enum(tagKinds, { errorMap: () => ({ message: 'choose topic, region or country' }) });

const translationLanguage = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], {
  errorMap: () => ({ message: `is not a language Rostrum has an edition in: ${editionLanguageCodes.join(', ')}` }),
});
/** A name in another language: empty means none, so pages fall back to the default language's (or the place's name). */
const translatedName = textField(200)
  .transform((s) => s.trim())
  .refine((s) => s === '' || isTaggable(s), 'must contain a letter or digit');
/** `{ ru: { name: 'Энергетика' } }`: the tag's names in other languages than the site's default. */
const tagTranslationsField = z.record(translationLanguage, z.object({ name: translatedName }).strict());

/** A new tag, as the API takes it. */
export const tagInputSchema = z.object({ name: tagName, slug: slugField.optional(), kind: z.enum(tagKinds).default('topic'), translations: tagTranslationsField.optional() }).strict();
const tagChangeFields = { name: tagName, kind: tagKind, translations: tagTranslationsField };
/** A tag's new name, kind or names in other languages, any of them (the API); its slug, and so its page's address, never changes. */
const tagChangesSchema = z
  .object(tagChangeFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
/** The office's form sends the name and the kind together: a missing one is refused as required, not left as it was. */
const wholeTagSchema = z.object(tagChangeFields).partial({ translations: true }).strict();

export type TagInput = z.input<typeof tagInputSchema>;
export type TagChanges = z.input<typeof tagChangesSchema>;
type Translations = z.output<typeof tagTranslationsField>;

const tagSubject = (tag: Pick<Tag, 'id' | 'name'>) => ({ kind: 'tag', id: tag.id, label: tag.name });

async function findTag(ctx: CommandContext, id: number): Promise<Tag> {
  const tag = await getTagById(ctx.handle, id);
  if (!tag) throw notFound('There is no such tag');
  return tag;
}

/**
 * The names given, as the store keeps them. The site's default language has no translation: its name is
 * the tag's own, and a second one there would leave two to keep apart.
 */
async function namesOf(ctx: CommandContext, translations: Translations | undefined): Promise<TagNames> {
  if (!translations || Object.keys(translations).length === 0) return {};
  const [defaultLanguage] = (await getSiteSettings(ctx.handle)).languages;
  if (defaultLanguage && translations[defaultLanguage]) throw invalid('is the site’s default language: the tag’s own name is that language’s', `translations.${defaultLanguage}`);
  return Object.fromEntries(Object.entries(translations).map(([language, { name }]) => [language, name]));
}

/** Makes a tag ahead of the articles that will carry it. Readers see it once a published article does. */
export async function createTag(ctx: CommandContext, actor: Actor, given: TagInput): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'create');
  const { translations, ...input } = parseInput(tagInputSchema, given);
  const names = await namesOf(ctx, translations);
  return commit(ctx, actor, async (tx) => {
    const tag = await insertTag(tx, input).catch((err: unknown) => {
      throw err instanceof SlugTakenError ? conflict(err.message, 'slug') : err;
    });
    await saveTagTranslations(tx, tag.id, names);
    const named = Object.entries(names).filter(([, name]) => name !== '');
    const detail = [`Slug ${tag.slug}`, ...named.map(([language, name]) => `name (${language}) “${name}”`)].join('; ');
    // Nothing readers see yet: no published article carries a new tag.
    return { result: tag, audit: { action: 'tag.create', subject: tagSubject(tag), detail }, announce: false };
  });
}

/**
 * Renames a tag, changes its kind or its names in other languages; search finds its articles by the new
 * name at once. Nothing changed, nothing written. The office's form sends every field (`everyField`).
 */
export async function updateTag(ctx: CommandContext, actor: Actor, id: number, given: TagChanges, shape: { everyField?: boolean } = {}): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'update');
  const tag = await findTag(ctx, id);
  const { name = tag.name, kind = tag.kind, translations }: z.output<typeof tagChangesSchema> = parseInput(shape.everyField ? wholeTagSchema : tagChangesSchema, given);
  const names = await namesOf(ctx, translations);
  const saved = await getTagTranslations(ctx.handle, tag.id);
  const changedNames = Object.entries(names).filter(([language, value]) => value !== (saved[language] ?? ''));
  if (name === tag.name && kind === tag.kind && changedNames.length === 0) return tag;
  return commit(ctx, actor, async (tx) => {
    const updated = await writeTagChanges(tx, tag.id, { ...(name !== tag.name && { name }), ...(kind !== tag.kind && { kind }) });
    if (!updated) throw notFound('There is no such tag');
    await saveTagTranslations(tx, tag.id, Object.fromEntries(changedNames));
    const detail = [
      name !== tag.name && `Renamed from “${tag.name}”`,
      kind !== tag.kind && `Kind ${tag.kind} → ${kind}`,
      ...changedNames.map(([language, value]) => (value === '' ? `name (${language}) removed` : `name (${language}) “${value}”`)),
    ]
      .filter(Boolean)
      .join('; ');
    return { result: updated, audit: { action: 'tag.update', subject: tagSubject(updated), detail }, announce: true };
  });
}

/** Deletes a tag: the articles that carried it lose it, and its page goes (its names in other languages with it). */
export async function deleteTag(ctx: CommandContext, actor: Actor, id: number): Promise<void> {
  requirePermission(tagPermissions, actor, 'delete');
  const tag = await findTag(ctx, id);
  await commit(ctx, actor, async (tx) => {
    await removeTag(tx, tag.id);
    return { result: undefined, audit: { action: 'tag.delete', subject: tagSubject(tag), detail: `Slug ${tag.slug}` }, announce: true };
  });
}
