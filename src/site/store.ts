import type { Db } from '../schema.ts';
import { editionLanguageCodes, isEditionLanguage, type EditionLanguage } from '../views/i18n/languages.ts';
import { defaultTimeZone, isTimeZone } from '../views/time-zone.ts';

/** What the site calls itself: in its default language, and in each other edition's where given. */
export interface SiteTexts {
  name: string;
  tagline: string;
  description: string;
}

export interface SiteSettings extends SiteTexts {
  brandColor: string;
  /** The site's editions, the default first: the default at the plain addresses, each other under `/xx/`. */
  languages: EditionLanguage[];
  /** The texts in the other editions' languages; an empty one falls back to the default language's. */
  translations: Partial<Record<EditionLanguage, SiteTexts>>;
  /** The zone whose clocks the office and the site's dates read (src/views/time-zone.ts); times are stored in UTC. */
  timeZone: string;
}

export const defaultSettings: SiteSettings = {
  name: 'Rostrum',
  tagline: 'Expert analysis',
  description: 'Analysis and commentary by our experts.',
  brandColor: '#8a1c2b',
  languages: ['en'],
  translations: {},
  timeZone: defaultTimeZone,
};

type StoredField = keyof SiteTexts | 'brandColor' | 'languages';
const keys: Record<StoredField, string> = { name: 'site.name', tagline: 'site.tagline', description: 'site.description', brandColor: 'site.brand_color', languages: 'site.languages' };
const textFields = ['name', 'tagline', 'description'] as const;
const timeZoneKey = 'site.time_zone';
/** A text in another language is kept beside the default one: `site.name@ru`. */
const translatedKey = (field: keyof SiteTexts, language: EditionLanguage) => `${keys[field]}@${language}`;

/** The stored list, read leniently: unknown or repeated codes are left out, and an empty list is English. */
export function parseLanguages(stored: string | undefined): EditionLanguage[] {
  const codes = (stored ?? '').split(',').map((s) => s.trim());
  const known = [...new Set(codes.filter(isEditionLanguage))];
  return known.length ? known : [...defaultSettings.languages];
}

export async function getSiteSettings({ db }: Db): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'site.%').execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const settings: SiteSettings = { ...defaultSettings, translations: {} };
  for (const field of [...textFields, 'brandColor'] as const) settings[field] = byKey.get(keys[field]) ?? settings[field];
  settings.languages = parseLanguages(byKey.get(keys.languages));
  // A zone this Node's ICU no longer knows (renamed, or written by hand) reads as UTC rather than break every page.
  const zone = byKey.get(timeZoneKey);
  settings.timeZone = isTimeZone(zone) ? zone : defaultTimeZone;
  for (const language of editionLanguageCodes) {
    const texts = Object.fromEntries(textFields.map((field) => [field, byKey.get(translatedKey(field, language)) ?? ''])) as unknown as SiteTexts;
    if (textFields.some((field) => texts[field] !== '')) settings.translations[language] = texts;
  }
  return settings;
}

/** The site's texts as an edition shows them: its own language's where given, the default's where not. */
export function siteTextsIn(settings: SiteSettings, language: EditionLanguage): SiteTexts {
  const own = settings.translations[language];
  const pick = (field: keyof SiteTexts) => (language !== settings.languages[0] && own?.[field]) || settings[field];
  return { name: pick('name'), tagline: pick('tagline'), description: pick('description') };
}

export interface SiteSettingsChanges extends Partial<SiteTexts> {
  brandColor?: string;
  languages?: EditionLanguage[];
  translations?: Partial<Record<EditionLanguage, Partial<SiteTexts>>>;
  timeZone?: string;
}

export async function setSetting({ db }: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function saveSiteSettings(handle: Db, changes: SiteSettingsChanges): Promise<void> {
  for (const field of [...textFields, 'brandColor'] as const) {
    const value = changes[field];
    if (value !== undefined) await setSetting(handle, keys[field], value);
  }
  if (changes.languages) await setSetting(handle, keys.languages, changes.languages.join(','));
  if (changes.timeZone) await setSetting(handle, timeZoneKey, changes.timeZone);
  for (const [language, texts] of Object.entries(changes.translations ?? {}) as Array<[EditionLanguage, Partial<SiteTexts>]>) {
    for (const field of textFields) if (texts[field] !== undefined) await setSetting(handle, translatedKey(field, language), texts[field]);
  }
}

// The signing secrets live in secrets.ts; these names stay for the modules that import them from here.
export { signingSecret, signingSecrets } from './secrets.ts';

/** One raw settings value, for bookkeeping keys outside the site's own settings (e.g. 'demo.state'). */
export async function getSetting({ db }: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}
