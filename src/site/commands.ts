import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { getSiteSettings, saveSiteSettings, type SiteSettings } from './store.ts';
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
const everySettingSchema = z.object(siteSettingsFields).strict();
export type SettingsChanges = z.input<typeof settingsChangesSchema>;

const settingWords: Record<keyof SiteSettings, string> = { name: 'site name', tagline: 'tagline', description: 'description', brandColor: 'brand colour' };

/** Changes the site's name, tagline, description or brand colour: every page shows them at once. What is as it was is not written. */
export async function updateSiteSettings(ctx: CommandContext, actor: Actor, given: SettingsChanges, shape: { everyField?: boolean } = {}): Promise<SiteSettings> {
  requirePermission(sitePermissions, actor, 'updateSettings');
  const input: z.output<typeof settingsChangesSchema> = parseInput(shape.everyField ? everySettingSchema : settingsChangesSchema, given);
  const saved = await getSiteSettings(ctx.handle);
  const next: Partial<SiteSettings> = { name: input.name, tagline: input.tagline, description: input.description, brandColor: input.brand_color };
  const changed = (Object.keys(next) as Array<keyof SiteSettings>).filter((key) => next[key] !== undefined && next[key] !== saved[key]);
  if (changed.length === 0) return saved;
  return commit(ctx, actor, async (tx) => {
    await saveSiteSettings(tx, Object.fromEntries(changed.map((key) => [key, next[key]])));
    const audit = { action: 'settings.update', subject: { kind: 'settings', label: 'Site settings' }, detail: `Changed: ${changed.map((key) => settingWords[key]).join(', ')}` };
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
