import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { getSiteSettings, saveSiteSettings, type SiteSettings, type SiteSettingsChanges, type SiteTexts } from './store.ts';
import type { EditionLanguage } from '../views/i18n/languages.ts';
import { pruneDatabaseSecrets, rereadSigningSecrets, rotateDatabaseSecret, type SigningSecrets } from './secrets.ts';
import { siteSettingsFields } from './fields.ts';
import { sitePermissions } from './policies.ts';

/** Any of the settings, as the API takes them. */
const settingsChangesSchema = z
  .object(siteSettingsFields)
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
/** The office's form sends every setting: a missing one is required, not left as it was. */
const everySettingSchema = z.object(siteSettingsFields).partial({ languages: true, translations: true, time_zone: true }).strict();
export type SettingsChanges = z.input<typeof settingsChangesSchema>;

const settingWords = { name: 'site name', tagline: 'tagline', description: 'description', brandColor: 'brand colour', languages: 'languages', timeZone: 'time zone' } as const;
type PlainSetting = keyof typeof settingWords;
const sameSetting = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The texts in other languages that the change gives and that differ from the saved ones, as "Russian name". */
function changedTranslations(saved: SiteSettings, given: SiteSettingsChanges['translations']): { changes: SiteSettingsChanges['translations']; words: string[] } {
  const changes: NonNullable<SiteSettingsChanges['translations']> = {};
  const words: string[] = [];
  for (const [language, texts] of Object.entries(given ?? {}) as Array<[EditionLanguage, Partial<SiteTexts>]>) {
    for (const field of ['name', 'tagline', 'description'] as const) {
      const value = texts[field];
      if (value === undefined || value === (saved.translations[language]?.[field] ?? '')) continue;
      (changes[language] ??= {})[field] = value;
      words.push(`${field} (${language})`);
    }
  }
  return { changes, words };
}

/** Changes the site's name, tagline, description or brand colour: every page shows them at once. What is as it was is not written. */
export async function updateSiteSettings(ctx: CommandContext, actor: Actor, given: SettingsChanges, shape: { everyField?: boolean } = {}): Promise<SiteSettings> {
  requirePermission(sitePermissions, actor, 'updateSettings');
  const input: z.output<typeof settingsChangesSchema> = parseInput(shape.everyField ? everySettingSchema : settingsChangesSchema, given);
  const saved = await getSiteSettings(ctx.handle);
  const next: Pick<SiteSettingsChanges, PlainSetting> = {
    name: input.name,
    tagline: input.tagline,
    description: input.description,
    brandColor: input.brand_color,
    languages: input.languages,
    timeZone: input.time_zone,
  };
  const changed = (Object.keys(next) as PlainSetting[]).filter((key) => next[key] !== undefined && !sameSetting(next[key], saved[key]));
  const translations = changedTranslations(saved, input.translations);
  if (changed.length === 0 && translations.words.length === 0) return saved;
  return commit(ctx, actor, async (tx) => {
    await saveSiteSettings(tx, { ...Object.fromEntries(changed.map((key) => [key, next[key]])), translations: translations.changes });
    const words = [...changed.map((key) => settingWords[key]), ...translations.words];
    const audit = { action: 'settings.update', subject: { kind: 'settings', label: 'Site settings' }, detail: `Changed: ${words.join(', ')}` };
    return { result: await getSiteSettings(tx), audit, announce: true };
  });
}

const secretSubject = { kind: 'site', label: 'signing secret' };
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How many earlier secrets still verify, in words: what `rostrum secret rotate` reports. */
export const earlierSecretsInWords = (secrets: SigningSecrets) => plural(secrets.length - 1, 'earlier secret still verifies', 'earlier secrets still verify');
export const droppedSecretsInWords = (dropped: number) => plural(dropped, 'earlier signing secret', 'earlier signing secrets');

// Only `rostrum secret` rotates and prunes (the README's Secrets section): the log's detail says so, as it always has.

/**
 * Puts a new signing secret first in the database's list; the earlier ones still verify. Announced, so
 * that running processes read the list again without a restart.
 */
export async function rotateSigningSecret(ctx: CommandContext, actor: Actor): Promise<SigningSecrets> {
  requirePermission(sitePermissions, actor, 'rotateSecrets');
  const secrets = await commit(ctx, actor, async (tx) => {
    const rotated = await rotateDatabaseSecret(tx);
    return { result: rotated, audit: { action: 'secret.rotate', subject: secretSubject, detail: `from the command line; ${earlierSecretsInWords(rotated)}` }, announce: true };
  });
  // The store forgot its list on the transaction's handle, not this one.
  await rereadSigningSecrets(ctx.handle);
  return secrets;
}

/** Keeps only the newest signing secret: what the others signed stops verifying. Returns how many were dropped. */
export async function pruneSigningSecrets(ctx: CommandContext, actor: Actor): Promise<number> {
  requirePermission(sitePermissions, actor, 'rotateSecrets');
  const dropped = await commit(ctx, actor, async (tx) => {
    const count = await pruneDatabaseSecrets(tx);
    const audit = count === 0 ? null : { action: 'secret.prune', subject: secretSubject, detail: `from the command line; dropped ${droppedSecretsInWords(count)}` };
    return { result: count, audit, announce: count > 0 };
  });
  await rereadSigningSecrets(ctx.handle);
  return dropped;
}
