import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput, Refusal } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import type { AuditEvent } from '../audit/store.ts';
import type { Db } from '../schema.ts';
import { uploadImage } from '../media/commands.ts';
import { positiveId, requiredText, slugField, textField } from '../http/schemas.ts';
import { isUniqueViolation, SlugTakenError } from '../db/errors.ts';
import { mediaExists } from '../media/store.ts';
import type { ImageQueue } from '../media/queue.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import {
  createExpert as insertExpert,
  deleteExpert as removeExpert,
  expertSlugTaken,
  getExpertById,
  getExpertBySlug,
  getExpertTranslations,
  saveExpertTranslations,
  updateExpert as writeExpertChanges,
  type Expert,
  type ExpertTexts,
} from './store.ts';
import { expertPermissions } from './policies.ts';
import { parseProfileLinks, profileLinksField } from './links.ts';

export const expertMaxLengths = { name: 200, title: 300, affiliation: 300, bio: 5000 } as const;

const translationLanguage = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], {
  errorMap: () => ({ message: `is not a language Rostrum has an edition in: ${editionLanguageCodes.join(', ')}` }),
});
/** The profile in another language, in the API's names; a text left empty falls back to the default language's. */
const translatedProfile = z
  .object({
    name: textField(expertMaxLengths.name).transform((s) => s.trim()),
    title: textField(expertMaxLengths.title),
    affiliation: textField(expertMaxLengths.affiliation),
    bio: textField(expertMaxLengths.bio),
  })
  .partial()
  .strict();

const expertFields = {
  name: requiredText(expertMaxLengths.name),
  slug: slugField.optional(),
  title: textField(expertMaxLengths.title).optional(),
  affiliation: textField(expertMaxLengths.affiliation).optional(),
  bio: textField(expertMaxLengths.bio).optional(),
  photo: positiveId.nullable().optional(),
  same_as: profileLinksField.optional(),
  /** `{ ru: { name, title, affiliation, bio } }`: the profile in the site's other languages. */
  translations: z.record(translationLanguage, translatedProfile).optional(),
};

/** An expert's profile as every entry point gives it (the API's JSON names): the rules of POST /api/v1/experts. */
export const expertInputSchema = z.object(expertFields).strict();
const expertChangesSchema = z.object(expertFields).partial().strict();

export type ExpertInput = z.input<typeof expertInputSchema>;
export type ExpertChanges = z.input<typeof expertChangesSchema>;

/** What the expert commands need beyond any command's context: the queue that bounds image decoding. */
export interface ExpertCommandContext extends CommandContext {
  imageQueue?: ImageQueue;
}

/** A portrait sent as a file (the office's form): stored as an image once everything else is accepted. */
export interface PortraitUpload {
  portrait?: Buffer;
}

/** Which expert a change is about: as the API's address names it, or as the office's. */
export type ExpertKey = { slug: string } | { id: number };

/** How the audit log names an expert. */
export const expertSubject = (expert: Pick<Expert, 'id' | 'name'>) => ({ kind: 'expert', id: expert.id, label: expert.name });

const slugTaken = () => conflict('is taken by another expert', 'slug');

type TranslationsInput = NonNullable<z.output<typeof expertInputSchema>['translations']>;
/** What the API calls each text, and the store. */
const translatedColumns = { name: 'name', title: 'position', affiliation: 'affiliation', bio: 'bio' } as const;

/**
 * The texts in other languages, in the store's names. The site's default language takes none: its texts
 * are the expert's own fields, and a second set there would leave two to keep apart.
 */
async function translationsOf(ctx: CommandContext, given: TranslationsInput | undefined): Promise<Record<string, Partial<ExpertTexts>>> {
  if (!given || Object.keys(given).length === 0) return {};
  const [defaultLanguage] = (await getSiteSettings(ctx.handle)).languages;
  if (defaultLanguage && given[defaultLanguage]) throw invalid('is the site’s default language: its texts are the expert’s own fields', `translations.${defaultLanguage}`);
  return Object.fromEntries(
    Object.entries(given).map(([language, texts]) => [
      language,
      Object.fromEntries(Object.entries(texts).flatMap(([field, value]) => (value === undefined ? [] : [[translatedColumns[field as keyof typeof translatedColumns], value]]))),
    ]),
  );
}

/** The translated texts a change gives that differ from those saved, and their names for the log ("bio (ru)"). */
function changedTranslations(saved: Record<string, ExpertTexts>, given: Record<string, Partial<ExpertTexts>>) {
  const changes: Record<string, Partial<ExpertTexts>> = {};
  const words: string[] = [];
  for (const [language, texts] of Object.entries(given)) {
    for (const [column, value] of Object.entries(texts) as Array<[keyof ExpertTexts, string]>) {
      if (value === (saved[language]?.[column] ?? '')) continue;
      (changes[language] ??= {})[column] = value;
      words.push(`${changedFieldNames[column] ?? column} (${language})`);
    }
  }
  return { changes, words };
}

async function findExpert(ctx: CommandContext, key: ExpertKey): Promise<Expert> {
  const expert = 'id' in key ? await getExpertById(ctx.handle, key.id) : await getExpertBySlug(ctx.handle, key.slug);
  if (!expert) throw notFound('There is no such expert');
  return expert;
}

async function checkPhoto(ctx: CommandContext, photo: number | null | undefined) {
  if (photo !== undefined && photo !== null && !(await mediaExists(ctx.handle, photo))) throw invalid('there is no media with this id', 'photo');
}

/**
 * Stores an uploaded portrait through media's own command (audited as an upload from the expert form).
 * A file that is no image we can read is the form's fault (invalid), a busy server says when to try
 * again; both name the portrait.
 */
async function storePortrait(ctx: ExpertCommandContext, actor: Actor, bytes: Buffer, name: string): Promise<number> {
  try {
    return (await uploadImage(ctx, actor, { file: bytes, description: { alt: `Portrait of ${name}` }, source: 'the expert form' })).id;
  } catch (err) {
    if (err instanceof Refusal) throw err.kind === 'busy' ? new Refusal('busy', err.reason, 'portrait', err.retryAfterSeconds) : invalid(err.reason, 'portrait');
    throw err;
  }
}

/** A new expert, checked and with its portrait stored, to be written inside a transaction: its own, or one that makes more (an invitation). */
export interface PlannedExpert {
  write(tx: Db): Promise<{ expert: Expert; audit: AuditEvent }>;
}

/**
 * Checks a new expert (permission, fields, slug) and stores an uploaded portrait through media's command,
 * then answers what writes the expert. Nothing of the expert is written before `write`.
 */
export async function planExpert(ctx: ExpertCommandContext, actor: Actor, given: ExpertInput, { portrait }: PortraitUpload = {}): Promise<PlannedExpert> {
  requirePermission(expertPermissions, actor, 'create');
  const input = parseInput(expertInputSchema, given);
  const translations = await translationsOf(ctx, input.translations);
  await checkPhoto(ctx, input.photo);
  if (input.slug !== undefined && (await expertSlugTaken(ctx.handle, input.slug))) throw slugTaken();
  const photoMediaId = portrait ? await storePortrait(ctx, actor, portrait, input.name) : input.photo;
  return {
    async write(tx) {
      const expert = await insertExpert(tx, { name: input.name, slug: input.slug, position: input.title, affiliation: input.affiliation, bio: input.bio, photoMediaId, sameAs: input.same_as }).catch(
        (err: unknown) => {
          throw err instanceof SlugTakenError ? slugTaken() : err;
        },
      );
      await saveExpertTranslations(tx, expert.id, translations);
      const { words } = changedTranslations({}, translations);
      return { expert, audit: { action: 'expert.create', subject: expertSubject(expert), ...(words.length > 0 && { detail: `with ${words.join(', ')}` }) } };
    },
  };
}

/** Adds an expert, and so their blog. */
export async function createExpert(ctx: ExpertCommandContext, actor: Actor, given: ExpertInput, upload: PortraitUpload = {}): Promise<Expert> {
  const planned = await planExpert(ctx, actor, given, upload);
  return commit(ctx, actor, async (tx) => {
    const { expert, audit } = await planned.write(tx);
    return { result: expert, audit, announce: true };
  });
}

/** What the audit log calls each field an edit changed. */
const changedFieldNames: Record<string, string> = { name: 'name', slug: 'slug', position: 'title', affiliation: 'affiliation', bio: 'bio', photoMediaId: 'portrait', sameAs: 'profile links' };

/**
 * Changes an expert's profile: the fields given, a portrait file (`portrait`) or a media id (`photo`,
 * null to remove it). An edit that changes nothing writes nothing, and the log records no edit.
 */
export async function updateExpert(ctx: ExpertCommandContext, actor: Actor, key: ExpertKey, given: ExpertChanges, { portrait }: PortraitUpload = {}): Promise<Expert> {
  const expert = await findExpert(ctx, key);
  requirePermission(expertPermissions, actor, 'update', expert);
  const input = parseInput(expertChangesSchema, given);
  if (Object.keys(input).length === 0 && !portrait) throw invalid('the body names no field to change');
  if (input.slug !== undefined && input.slug !== expert.slug) {
    requirePermission(expertPermissions, actor, 'changeSlug');
    if (await expertSlugTaken(ctx.handle, input.slug)) throw slugTaken();
  }
  await checkPhoto(ctx, input.photo);
  const translations = changedTranslations(await getExpertTranslations(ctx.handle, expert.id), await translationsOf(ctx, input.translations));
  // The name, in any language, is the byline: the editors' to change (a form that sends it unchanged is fine).
  if ((input.name !== undefined && input.name !== expert.name) || translations.words.some((w) => w.startsWith('name ('))) requirePermission(expertPermissions, actor, 'rename');
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.title !== undefined && { position: input.title }),
    ...(input.affiliation !== undefined && { affiliation: input.affiliation }),
    ...(input.bio !== undefined && { bio: input.bio }),
    ...(input.same_as !== undefined && { sameAs: input.same_as }),
    ...(input.photo !== undefined && { photoMediaId: input.photo }),
  };
  const current: Record<string, unknown> = { ...expert, sameAs: parseProfileLinks(expert.sameAs) };
  const changed = Object.entries(changes)
    .filter(([field, value]) => JSON.stringify(current[field]) !== JSON.stringify(value))
    .map(([field]) => field);
  if (portrait) {
    changes.photoMediaId = await storePortrait(ctx, actor, portrait, input.name ?? expert.name);
    if (changes.photoMediaId !== expert.photoMediaId) changed.push('photoMediaId');
  }
  if (changed.length === 0 && translations.words.length === 0) return expert;
  return commit(ctx, actor, async (tx) => {
    const updated = await writeExpertChanges(tx, expert.id, changes).catch((err: unknown) => {
      // Another process took the slug between the check and the write.
      throw isUniqueViolation(err) ? slugTaken() : err;
    });
    if (!updated) throw notFound('There is no such expert');
    await saveExpertTranslations(tx, expert.id, translations.changes);
    const detail = `changed ${[...changed.map((field) => changedFieldNames[field] ?? field), ...translations.words].join(', ')}`;
    return { result: updated, audit: { action: 'expert.update', subject: expertSubject(updated), detail }, announce: true };
  });
}

/** Deletes an expert, and with them their blog: every article of theirs, published or not. */
export async function deleteExpert(ctx: CommandContext, actor: Actor, key: ExpertKey): Promise<void> {
  requirePermission(expertPermissions, actor, 'delete');
  const expert = await findExpert(ctx, key);
  await commit(ctx, actor, async (tx) => {
    await removeExpert(tx, expert.id);
    return { result: undefined, audit: { action: 'expert.delete', subject: expertSubject(expert) }, announce: true };
  });
}
