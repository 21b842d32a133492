import { z } from 'zod';
import type { Db } from '../schema.ts';
import { textField } from '../http/schemas.ts';
import type { MessageKey } from '../views/i18n/catalogues/index.ts';
import { defaultLanguageOf, editionLanguageCodes, isEditionLanguage, type EditionLanguage, type Editions } from '../views/i18n/languages.ts';
import { localeFor, translate } from '../views/i18n/locale.ts';
import { audienceLinks, type MenuLink, type SiteAppearance } from '../views/site.ts';
import { setSetting } from './store.ts';

/**
 * How the site looks beyond its name and colour: a logo, a favicon, the masthead's menu and the footer's
 * text and links. Kept as settings rows beside the others (`site.menu` holds JSON), read leniently: a row
 * that no longer parses is left out, and the page shows the default in its place.
 */

/** A menu's link as stored: its label in the site's default language, and in others where given. */
export interface MenuItem {
  label: string;
  href: string;
  /** Labels in the other editions' languages; a language without one shows `label` (or, for a built-in link left as it was, that edition's own word). */
  labels?: Partial<Record<EditionLanguage, string>>;
}

/** An uploaded image as pages use it: its variants' addresses, made once when it was chosen (settings know no media). */
export interface SiteImage {
  mediaId: number;
  /** The smallest variant, and the set the browser chooses from. */
  src: string;
  srcset: string;
  width: number;
  height: number;
  type: string;
}

export interface StoredAppearance {
  logo?: SiteImage;
  /** Show only the logo, the name being its text alternative; else the name stands beside it. */
  logoOnly: boolean;
  favicon?: SiteImage;
  /** Undefined: the built-in menu (blogs, polls, regions, the portals). */
  menu?: MenuItem[];
  footerText: string;
  footerTexts: Partial<Record<EditionLanguage, string>>;
  footerLinks: MenuItem[];
}

/** The built-in masthead links, in order: the menu a site has until its editors change it. */
export const builtInMenu: ReadonlyArray<{ href: string; label: MessageKey }> = [
  { href: '/blogs', label: 'layout.blogs' },
  { href: '/polls', label: 'layout.polls' },
  { href: '/regions', label: 'layout.regions' },
  ...audienceLinks,
];

export const maxMenuItems = 12;
export const menuLabelMaxLength = 60;
export const menuHrefMaxLength = 500;
export const footerTextMaxLength = 500;

const keys = { logo: 'site.logo', logoOnly: 'site.logo_only', favicon: 'site.favicon', menu: 'site.menu', footerText: 'site.footer_text', footerLinks: 'site.footer_links' } as const;
const footerTextKey = (language: EditionLanguage) => `${keys.footerText}@${language}`;

/**
 * An address a menu may lead to: a path on this site (`/about`, `/tags/energy?x=1`) or an http(s) address
 * elsewhere. Anything else (`javascript:`, `data:`, `//elsewhere`, spaces, quotes) is refused: a menu is on
 * every page, so a bad link there is everywhere.
 */
export function isMenuHref(href: string): boolean {
  if (href.length === 0 || href.length > menuHrefMaxLength || /[\s<>"'`\\\u0000-\u001f\u007f]/.test(href)) return false;
  if (href.startsWith('/')) return !href.startsWith('//');
  try {
    const url = new URL(href);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

const labelText = textField(menuLabelMaxLength)
  .transform((s) => s.trim())
  // Escaped wherever it is shown, but a label with markup in it is a mistake or an attack: say so.
  .refine((s) => !/[<>]/.test(s), 'must not contain < or >');
const menuLabel = labelText.refine((s) => s !== '', 'must not be empty');
const menuHref = z
  .string({ invalid_type_error: 'must be an address' })
  .transform((s) => s.trim())
  .refine(isMenuHref, 'must be an address on this site, such as /about, or a web address starting with https://');
const languageCode = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], { errorMap: () => ({ message: 'is not a language Rostrum speaks' }) });

export const menuItemSchema = z.object({ label: menuLabel, href: menuHref, labels: z.record(languageCode, labelText).optional() }).strict();
export const menuSchema = z.array(menuItemSchema, { invalid_type_error: 'must be a list of links' }).max(maxMenuItems, `may have at most ${maxMenuItems} links`);
export const footerTextSchema = textField(footerTextMaxLength).transform((s) => s.trim());

/** Labels left empty are none: the link then shows its default-language label there. */
const withoutEmptyLabels = (item: z.output<typeof menuItemSchema>): MenuItem => {
  const labels = Object.fromEntries(Object.entries(item.labels ?? {}).filter(([, label]) => label !== ''));
  return { label: item.label, href: item.href, ...(Object.keys(labels).length > 0 && { labels }) };
};
export const cleanMenu = (items: z.output<typeof menuSchema>): MenuItem[] => items.map(withoutEmptyLabels);

const siteImageSchema = z.object({
  mediaId: z.number().int().positive(),
  src: z.string().regex(/^\/media\//),
  srcset: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  type: z.string().regex(/^image\/[a-z+.-]+$/),
});

/** A JSON row as the schema reads it; a row that no longer parses (edited by hand, an older shape) is none. */
function parsedJson<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function getSiteAppearance({ db }: Db): Promise<StoredAppearance> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where((eb) => eb.or([eb('key', 'in', Object.values(keys)), eb('key', 'like', `${keys.footerText}@%`)]))
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const menu = parsedJson(menuSchema, byKey.get(keys.menu));
  const footerTexts: StoredAppearance['footerTexts'] = {};
  for (const [key, value] of byKey) {
    const language = key.startsWith(`${keys.footerText}@`) ? key.slice(keys.footerText.length + 1) : '';
    if (isEditionLanguage(language) && value !== '') footerTexts[language] = value;
  }
  return {
    logo: parsedJson(siteImageSchema, byKey.get(keys.logo)),
    logoOnly: byKey.get(keys.logoOnly) === '1',
    favicon: parsedJson(siteImageSchema, byKey.get(keys.favicon)),
    menu: menu && cleanMenu(menu),
    footerText: byKey.get(keys.footerText) ?? '',
    footerTexts,
    footerLinks: cleanMenu(parsedJson(menuSchema, byKey.get(keys.footerLinks)) ?? []),
  };
}

/** What changes: each field given is written; `menu: null` goes back to the built-in menu, an image null removes it. */
export interface AppearanceChanges {
  logo?: SiteImage | null;
  logoOnly?: boolean;
  favicon?: SiteImage | null;
  menu?: MenuItem[] | null;
  footerText?: string;
  footerTexts?: Partial<Record<EditionLanguage, string>>;
  footerLinks?: MenuItem[];
}

async function removeSetting({ db }: Db, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}

export async function saveSiteAppearance(handle: Db, changes: AppearanceChanges): Promise<void> {
  const json = async (key: string, value: unknown) => (value === null ? removeSetting(handle, key) : setSetting(handle, key, JSON.stringify(value)));
  if (changes.logo !== undefined) await json(keys.logo, changes.logo);
  if (changes.favicon !== undefined) await json(keys.favicon, changes.favicon);
  if (changes.menu !== undefined) await json(keys.menu, changes.menu);
  if (changes.footerLinks !== undefined) await json(keys.footerLinks, changes.footerLinks);
  if (changes.logoOnly !== undefined) await setSetting(handle, keys.logoOnly, changes.logoOnly ? '1' : '0');
  if (changes.footerText !== undefined) await setSetting(handle, keys.footerText, changes.footerText);
  for (const [language, text] of Object.entries(changes.footerTexts ?? {}) as Array<[EditionLanguage, string]>) await setSetting(handle, footerTextKey(language), text);
}

/** Whether a menu is the built-in one, link for link and label for label in the default language. */
export function isBuiltInMenu(items: MenuItem[], defaultLanguage: EditionLanguage): boolean {
  return (
    items.length === builtInMenu.length &&
    items.every((item, at) => item.href === builtInMenu[at]!.href && item.label === translate(defaultLanguage, builtInMenu[at]!.label) && Object.keys(item.labels ?? {}).length === 0)
  );
}

/** The built-in menu as the office's form shows it: labels in the default language. */
export const builtInMenuItems = (defaultLanguage: EditionLanguage): MenuItem[] => builtInMenu.map((l) => ({ href: l.href, label: translate(defaultLanguage, l.label) }));

/**
 * A menu's links as one edition shows them. A link on this site leads to that edition's page (`/ru/blogs`);
 * a label is the edition's own where given, else, for a built-in link whose label was left as it came,
 * the edition's own word for it ("Блоги экспертов"), else the default language's.
 */
function linksIn(items: MenuItem[], language: EditionLanguage, editions: Editions): MenuLink[] {
  const locale = localeFor(language, editions);
  const defaultLanguage = defaultLanguageOf(editions);
  return items.map((item) => {
    const builtIn = builtInMenu.find((l) => l.href === item.href && translate(defaultLanguage, l.label) === item.label);
    const label = item.labels?.[language] || (language !== defaultLanguage && builtIn ? translate(language, builtIn.label) : item.label);
    return { href: item.href.startsWith('/') ? locale.path(item.href) : item.href, label };
  });
}

/** What every page of one edition shows of the appearance settings (src/views/layout.tsx draws it). */
export function appearanceIn(stored: StoredAppearance, language: EditionLanguage, editions: Editions): SiteAppearance {
  const defaultLanguage = defaultLanguageOf(editions);
  const image = (i: SiteImage) => ({ src: i.src, srcset: i.srcset, width: i.width, height: i.height, type: i.type });
  return {
    ...(stored.logo && { logo: image(stored.logo) }),
    logoOnly: stored.logoOnly && stored.logo !== undefined,
    ...(stored.favicon && { favicon: image(stored.favicon) }),
    ...(stored.menu && { sections: linksIn(stored.menu, language, editions) }),
    footerText: (language !== defaultLanguage && stored.footerTexts[language]) || stored.footerText,
    footerLinks: linksIn(stored.footerLinks, language, editions),
  };
}
