import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { parseInput } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import { editionLanguageCodes, type EditionLanguage } from '../views/i18n/languages.ts';
import { cleanMenu, footerTextSchema, getSiteAppearance, isBuiltInMenu, menuSchema, saveSiteAppearance, type AppearanceChanges, type SiteImage, type StoredAppearance } from './appearance.ts';
import { getSiteSettings } from './store.ts';
import { sitePermissions } from './policies.ts';

const languageCode = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], { errorMap: () => ({ message: 'is not a language Rostrum speaks' }) });

/** The menu, footer and logo's display, any of them; `menu: null` puts the built-in menu back. */
const appearanceChangesSchema = z
  .object({
    menu: menuSchema.nullable(),
    footer_text: footerTextSchema,
    footer_links: menuSchema,
    logo_only: z.boolean({ invalid_type_error: 'must be true or false' }),
    translations: z.record(languageCode, z.object({ footer_text: footerTextSchema }).strict()),
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'the body names no field to change');
export type AppearanceInput = z.input<typeof appearanceChangesSchema>;

const subject = { kind: 'settings', label: 'Site settings' };
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Changes the masthead's menu, the footer's text and links, or whether the logo stands alone. A menu that
 * is the built-in one again is kept as none, so it follows the built-in one (and each edition's words).
 * What is as it was is not written; what changed drops every cached page, since every page shows it.
 */
export async function updateSiteAppearance(ctx: CommandContext, actor: Actor, given: AppearanceInput): Promise<StoredAppearance> {
  requirePermission(sitePermissions, actor, 'updateSettings');
  const input = parseInput(appearanceChangesSchema, given);
  const [saved, settings] = await Promise.all([getSiteAppearance(ctx.handle), getSiteSettings(ctx.handle)]);
  const [defaultLanguage] = settings.languages;
  const changes: AppearanceChanges = {};
  const words: string[] = [];
  if (input.menu !== undefined) {
    const menu = input.menu === null || isBuiltInMenu(cleanMenu(input.menu), defaultLanguage!) ? null : cleanMenu(input.menu);
    if (!same(menu, saved.menu)) {
      changes.menu = menu;
      words.push(menu === null ? 'masthead menu (back to the built-in one)' : `masthead menu (${menu.length} links)`);
    }
  }
  if (input.footer_links !== undefined && !same(cleanMenu(input.footer_links), saved.footerLinks)) {
    changes.footerLinks = cleanMenu(input.footer_links);
    words.push(`footer links (${changes.footerLinks.length})`);
  }
  if (input.footer_text !== undefined && input.footer_text !== saved.footerText) {
    changes.footerText = input.footer_text;
    words.push('footer text');
  }
  for (const [language, texts] of Object.entries(input.translations ?? {}) as Array<[EditionLanguage, { footer_text: string }]>) {
    if (texts.footer_text === (saved.footerTexts[language] ?? '')) continue;
    changes.footerTexts = { ...changes.footerTexts, [language]: texts.footer_text };
    words.push(`footer text (${language})`);
  }
  if (input.logo_only !== undefined && input.logo_only !== saved.logoOnly) {
    changes.logoOnly = input.logo_only;
    words.push(input.logo_only ? 'logo shown alone' : 'logo shown with the name');
  }
  if (words.length === 0) return saved;
  return commit(ctx, actor, async (tx) => {
    await saveSiteAppearance(tx, changes);
    return { result: await getSiteAppearance(tx), audit: { action: 'settings.update', subject, detail: `Changed: ${words.join(', ')}` }, announce: true };
  });
}

const imageWords = { logo: 'logo', favicon: 'favicon' } as const;

/**
 * Sets or removes the logo or the favicon: an image the media library stored already (the office uploads
 * it first, through media's own command), or null. Every page shows it, so every cached page goes.
 */
export async function setSiteImage(ctx: CommandContext, actor: Actor, which: 'logo' | 'favicon', image: SiteImage | null): Promise<StoredAppearance> {
  requirePermission(sitePermissions, actor, 'updateSettings');
  const saved = await getSiteAppearance(ctx.handle);
  if (same(saved[which], image)) return saved;
  return commit(ctx, actor, async (tx) => {
    await saveSiteAppearance(tx, { [which]: image });
    const detail = image ? `Changed: ${imageWords[which]} (image ${image.mediaId}, ${image.width}×${image.height})` : `Removed: ${imageWords[which]}`;
    return { result: await getSiteAppearance(tx), audit: { action: 'settings.update', subject, detail }, announce: true };
  });
}
