import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { requiredText, slugField, textField } from '../http/schemas.ts';
import { SlugTakenError } from '../db/errors.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import { renderMarkdown } from '../views/markdown.ts';
import { placeOfTag } from '../places/tags.ts';
import {
  createTag as insertTag,
  deleteTag as removeTag,
  getTagById,
  getTagBySlug,
  getTagDescriptions,
  getTagTranslations,
  isTaggable,
  mergeTags,
  saveTagTranslations,
  updateTag as writeTagChanges,
  type Tag,
  type TagChangesToStore,
  type TagTexts,
} from './store.ts';
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
/** The longest description: a paragraph or three under the tag's name, not an article. */
export const tagDescriptionMaxLength = 5000;
/** What a tag covers, in Markdown; rendered and sanitised like an article's body. Empty: none. */
const tagDescription = textField(tagDescriptionMaxLength);
/** `{ ru: { name: 'Энергетика', description: '…' } }`: the tag's texts in other languages than the site's default. */
const tagTranslationsField = z.record(translationLanguage, z.object({ name: translatedName.optional(), description: tagDescription.optional() }).strict());

/** A new tag, as the API takes it. */
export const tagInputSchema = z
  .object({ name: tagName, slug: slugField.optional(), kind: tagKind.default('topic'), description: tagDescription.optional(), translations: tagTranslationsField.optional() })
  .strict();
const tagChangeFields = { name: tagName, kind: tagKind, slug: slugField, description: tagDescription, translations: tagTranslationsField };
/**
 * A tag's new name, kind, slug, description or texts in other languages, any of them (the API). A new slug
 * moves its pages: the old addresses lead to the new ones.
 */
const tagChangesSchema = z
  .object(tagChangeFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
/** The office's form sends the name and the kind together: a missing one is refused as required, not left as it was (an older form sends no slug or description). */
const wholeTagSchema = z.object(tagChangeFields).partial({ translations: true, slug: true, description: true }).strict();
/**
 * Which tag another is merged into: its slug, or its id as a JSON number. A string is always a slug: a tag
 * named for a year (`2024`) must never be taken for the tag whose id is 2024, since a merge cannot be undone.
 */
const mergeTargetSchema = z.object({ into: z.union([z.number().int().positive().max(2_147_483_647), slugField]) }, { invalid_type_error: 'must be an object naming the tag to merge into' }).strict();

export type TagInput = z.input<typeof tagInputSchema>;
export type TagChanges = z.input<typeof tagChangesSchema>;
export type MergeTarget = z.input<typeof mergeTargetSchema>;
type Translations = z.output<typeof tagTranslationsField>;

/** A description as the store keeps it: the Markdown, and the sanitised HTML made from it now, once. */
const described = (markdown: string) => ({ description: markdown, descriptionHtml: markdown === '' ? '' : renderMarkdown(markdown) });

const tagSubject = (tag: Pick<Tag, 'id' | 'name'>) => ({ kind: 'tag', id: tag.id, label: tag.name });

async function findTag(ctx: CommandContext, id: number): Promise<Tag> {
  const tag = await getTagById(ctx.handle, id);
  if (!tag) throw notFound('There is no such tag');
  return tag;
}

/**
 * The texts given, as the store keeps them. The site's default language has no translation: its name is
 * the tag's own, and a second one there would leave two to keep apart.
 */
async function textsOf(ctx: CommandContext, translations: Translations | undefined): Promise<Record<string, TagTexts>> {
  if (!translations || Object.keys(translations).length === 0) return {};
  const [defaultLanguage] = (await getSiteSettings(ctx.handle)).languages;
  if (defaultLanguage && translations[defaultLanguage]) throw invalid('is the site’s default language: the tag’s own name is that language’s', `translations.${defaultLanguage}`);
  return Object.fromEntries(
    Object.entries(translations).map(([language, { name, description }]) => [language, { ...(name !== undefined && { name }), ...(description !== undefined && described(description)) }]),
  );
}

/** The texts in other languages that differ from the saved ones, and the audit's words for each. */
async function changedTexts(ctx: CommandContext, tagId: number, texts: Record<string, TagTexts>): Promise<{ changes: Record<string, TagTexts>; words: string[] }> {
  const [names, descriptions] = await Promise.all([getTagTranslations(ctx.handle, tagId), getTagDescriptions(ctx.handle, tagId)]);
  const changes: Record<string, TagTexts> = {};
  const words: string[] = [];
  for (const [language, given] of Object.entries(texts)) {
    if (given.name !== undefined && given.name !== (names[language] ?? '')) {
      changes[language] = { name: given.name };
      words.push(given.name === '' ? `name (${language}) removed` : `name (${language}) “${given.name}”`);
    }
    if (given.description !== undefined && given.description !== (descriptions[language]?.description ?? '')) {
      changes[language] = { ...changes[language], description: given.description, descriptionHtml: given.descriptionHtml };
      words.push(given.description === '' ? `description (${language}) removed` : `description (${language}) changed`);
    }
  }
  return { changes, words };
}

/** Makes a tag ahead of the articles that will carry it. Readers see it once a published article does. */
export async function createTag(ctx: CommandContext, actor: Actor, given: TagInput): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'create');
  const { translations, description, ...input } = parseInput(tagInputSchema, given);
  const texts = await textsOf(ctx, translations);
  return commit(ctx, actor, async (tx) => {
    const tag = await insertTag(tx, { ...input, ...described(description ?? '') }).catch((err: unknown) => {
      throw err instanceof SlugTakenError ? conflict(err.message, 'slug') : err;
    });
    await saveTagTranslations(tx, tag.id, texts);
    const named = Object.entries(texts).filter(([, text]) => text.name);
    const detail = [
      `Slug ${tag.slug}`,
      ...(tag.description ? ['with a description'] : []),
      ...named.map(([language, text]) => `name (${language}) “${text.name}”`),
      ...Object.entries(texts)
        .filter(([, text]) => text.description)
        .map(([language]) => `description (${language})`),
    ].join('; ');
    // Nothing readers see yet: no published article carries a new tag.
    return { result: tag, audit: { action: 'tag.create', subject: tagSubject(tag), detail }, announce: false };
  });
}

/**
 * Renames a tag, changes its kind, slug, description or texts in other languages; search finds its
 * articles by the new name at once. A new slug moves the tag's pages: its old addresses, in every edition
 * and with its feeds, lead to the new ones (redirects). A country's or region's tag keeps its slug, which
 * ties it to its place. Nothing changed, nothing written. The office's form sends every field (`everyField`).
 */
export async function updateTag(ctx: CommandContext, actor: Actor, id: number, given: TagChanges, shape: { everyField?: boolean } = {}): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'update');
  const tag = await findTag(ctx, id);
  const input: z.output<typeof tagChangesSchema> = parseInput(shape.everyField ? wholeTagSchema : tagChangesSchema, given);
  const { name = tag.name, kind = tag.kind, slug = tag.slug, description = tag.description } = input;
  if (slug !== tag.slug && placeOfTag(tag)) throw invalid('stays as it is: it ties this tag to its place’s page', 'slug');
  const texts = await changedTexts(ctx, tag.id, await textsOf(ctx, input.translations));
  const changes: TagChangesToStore = {
    ...(name !== tag.name && { name }),
    ...(kind !== tag.kind && { kind }),
    ...(slug !== tag.slug && { slug }),
    ...(description !== tag.description && described(description)),
  };
  if (Object.keys(changes).length === 0 && texts.words.length === 0) return tag;
  return commit(ctx, actor, async (tx) => {
    const updated = await writeTagChanges(tx, tag.id, changes).catch((err: unknown) => {
      throw err instanceof SlugTakenError ? conflict(err.message, 'slug') : err;
    });
    if (!updated) throw notFound('There is no such tag');
    await saveTagTranslations(tx, tag.id, texts.changes);
    const detail = [
      name !== tag.name && `Renamed from “${tag.name}”`,
      kind !== tag.kind && `Kind ${tag.kind} → ${kind}`,
      slug !== tag.slug && `Slug ${tag.slug} → ${slug} (the old address leads to the new one)`,
      description !== tag.description && (description === '' ? 'Description removed' : 'Description changed'),
      ...texts.words,
    ]
      .filter(Boolean)
      .join('; ');
    return { result: updated, audit: { action: 'tag.update', subject: tagSubject(updated), detail }, announce: true };
  });
}

/**
 * Merges a tag into another: every article that carried it carries the target (once), search finds them
 * under the target's name, the merged tag's pages (every edition, feeds included) lead to the target's,
 * and the merged tag goes. One transaction, with its audit entry; readers' pages are dropped from caches.
 */
export async function mergeTag(ctx: CommandContext, actor: Actor, id: number, given: MergeTarget): Promise<Tag> {
  requirePermission(tagPermissions, actor, 'merge');
  const tag = await findTag(ctx, id);
  const { into } = parseInput(mergeTargetSchema, given);
  const target = typeof into === 'number' ? await getTagById(ctx.handle, into) : await getTagBySlug(ctx.handle, into);
  if (!target) throw invalid('is no tag: choose the tag to merge into', 'into');
  if (target.id === tag.id) throw invalid('is this tag itself: choose another tag to merge it into', 'into');
  return commit(ctx, actor, async (tx) => {
    const merged = await mergeTags(tx, tag.id, target.id);
    if (!merged) throw notFound('There is no such tag');
    const detail = `Merged “${tag.name}” (${tag.slug}) into it; /tags/${tag.slug} leads to /tags/${target.slug}`;
    return { result: merged, audit: { action: 'tag.merge', subject: tagSubject(merged), detail }, announce: true };
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
