import { z } from 'zod';
import { mediaDescriptionFields } from '../media/fields.ts';
import { dateTimeLocalIn, isoDateTime, positiveId, requiredText, slugField, textField, utcDateTimeLocal } from '../http/schemas.ts';
import { isTaggable } from '../tags/store.ts';
import { isAnyScriptSlug, maxSlugLength } from '../db/slug.ts';
import { articleStatuses } from './tables.ts';
import { maxAuthors } from './authors.ts';

/** Field rules for articles, shared by the API, the office's editor and its autosave. */
const maxBodyLength = 200_000;
const tagLabel = requiredText(80).refine(isTaggable, 'each tag must contain a letter or digit');
const tagList = z.array(tagLabel).max(30, 'must be at most 30 tags');
export const reviewNoteField = requiredText(2000);

/** An article's language: a BCP 47 tag such as en, ru or fr-CA. */
export const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language tag such as en or fr-CA');

/** An article's slug: as a title makes it (Latin letters), or chosen by hand in any script (`подводные-течения`). */
export const articleSlugField = z.string().max(maxSlugLength).refine(isAnyScriptSlug, 'must be lower-case letters (of any alphabet), digits and single hyphens');

/** Everyone who wrote it, in byline order: the first is the expert whose blog it is on. */
const expertList = z
  .array(slugField)
  .min(1, 'must name at least one expert')
  .max(maxAuthors, `must name at most ${maxAuthors} experts`)
  .refine((slugs) => new Set(slugs).size === slugs.length, 'must name each expert once');

const articleFields = {
  /** The one expert, or the first of `experts`. */
  expert: slugField,
  experts: expertList.optional(),
  title: requiredText(300),
  lead: requiredText(2000),
  body: textField(maxBodyLength),
  slug: articleSlugField.optional(),
  image: positiveId.nullable().optional(),
  tags: tagList.optional(),
  status: z.enum(articleStatuses),
  published_at: isoDateTime.nullable().optional(),
  language: languageTag.optional(),
  /** The article this one translates (its version in another language): joins that article's group; null leaves the group. */
  translation_of: positiveId.nullable().optional(),
  featured: z.boolean().optional(),
  poll: positiveId.nullable().optional(),
  /** The editor's note to the author, required when an article in review goes back to draft. */
  review_note: reviewNoteField.optional(),
};

/** `expert` and `experts` together must agree on who leads. */
const leadAgrees = (input: { expert?: string; experts?: string[] }) => input.expert === undefined || input.experts === undefined || input.experts[0] === input.expert;
const leadRule = { message: 'must be the first of experts when both are given', path: ['expert'] };

export const createSchema = z
  .object({ ...articleFields, expert: slugField.optional() })
  .strict()
  .refine((input) => input.expert !== undefined || input.experts !== undefined, { message: 'is required (or experts, a list)', path: ['expert'] })
  .refine(leadAgrees, leadRule);
export const updateSchema = z
  .object(articleFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change')
  .refine(leadAgrees, leadRule);
export type ArticleUpdateInput = z.infer<typeof updateSchema>;

/** "energy, Central Asia ,, trade" -> ["energy", "Central Asia", "trade"]. */
const splitTags = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** Tags as the office sends them: one comma-separated text, or (from scripts) a list. */
const tagsText = z
  .union([z.string().max(3000), z.array(z.string().max(200)).max(30)])
  .transform((v) => (Array.isArray(v) ? v : splitTags(v)))
  .pipe(tagList);

/** An empty form field means "none". */
const emptyAsNull = (v: unknown) => (v === '' || v === undefined ? null : v);

/** The latest revision the editor showed (empty for a new article): a save from an older one is refused. */
const seenRevision = z.preprocess(emptyAsNull, positiveId.nullable()).optional();

/** The alt text and credit of an image, by the media API's rules. */
const imageDescriptionFields = {
  image_alt: mediaDescriptionFields.alt,
  image_credit: mediaDescriptionFields.credit,
  image_credit_url: mediaDescriptionFields.credit_url,
};

/** The editor form. Only the title is needed to save a draft; what goes to review or out must be whole (see readyToLeaveDraft). */
export const editorSchema = z.object({
  expert: slugField,
  /** Shown when the site has more than one language; a form without it leaves the language as it is. */
  language: languageTag.optional(),
  title: requiredText(300),
  lead: textField(2000).transform((s) => s.trim()),
  body: textField(maxBodyLength),
  slug: z.union([articleSlugField, z.literal('')]).default(''),
  tags: tagsText.default(''),
  published_at: utcDateTimeLocal.optional(),
  poll: z.preprocess(emptyAsNull, positiveId.nullable()).optional(),
  image: z.preprocess(emptyAsNull, positiveId.nullable()).default(null),
  remove_image: z.string().optional(),
  featured: z.string().optional(),
  image_alt: imageDescriptionFields.image_alt.default(''),
  image_credit: imageDescriptionFields.image_credit.default(''),
  image_credit_url: imageDescriptionFields.image_credit_url.default(''),
  revision: seenRevision,
});
export type EditorInput = z.infer<typeof editorSchema>;

/** What an article needs before it goes to review or to readers, beyond what a draft needs. */
export function readyToLeaveDraft(input: { lead: string; body: string }): Record<string, string> {
  const missing: Record<string, string> = {};
  if (input.lead.trim() === '') missing.lead = 'is required before the article goes to review or is published';
  if (input.body.trim() === '') missing.body = 'is required before the article goes to review or is published';
  return missing;
}

/**
 * The office's autosave: the draft as it stands in the editor, every field the form shows (the editor
 * form's rules), so that what is on the screen is what is kept. Never changes the status. The title may
 * be empty (autosave then waits for one); a field not sent at all (an older script) is left as it is.
 */
export const autosaveSchema = editorSchema.extend({
  id: z.preprocess(emptyAsNull, positiveId.nullable()).optional(),
  title: textField(300).transform((s) => s.trim()),
  lead: textField(2000)
    .transform((s) => s.trim())
    .default(''),
  body: textField(maxBodyLength).default(''),
  slug: z.union([articleSlugField, z.literal('')]).optional(),
  tags: tagsText.optional(),
  image: z.preprocess(emptyAsNull, positiveId.nullable()).optional(),
  /** Present when the form showed the editors' own fields (publication time, poll, featured). */
  editorial_fields: z.string().optional(),
});
export type AutosaveInput = z.infer<typeof autosaveSchema>;

/** The editor's form and its autosave with the publication time read on the site's clocks (the forms' hint names the zone). */
export const editorSchemaIn = (zone: string) => editorSchema.extend({ published_at: dateTimeLocalIn(zone).optional() });
export const autosaveSchemaIn = (zone: string) => autosaveSchema.extend({ published_at: dateTimeLocalIn(zone).optional() });

export const previewSchema = z.object({ body: textField(maxBodyLength).default('') });
