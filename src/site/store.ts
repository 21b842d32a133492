import type { Db } from '../schema.ts';

export interface SiteSettings {
  name: string;
  tagline: string;
  description: string;
  brandColor: string;
}

export const defaultSettings: SiteSettings = {
  name: 'Rostrum',
  tagline: 'Expert analysis',
  description: 'Analysis and commentary by our experts.',
  brandColor: '#8a1c2b',
};

const keys = { name: 'site.name', tagline: 'site.tagline', description: 'site.description', brandColor: 'site.brand_color' } as const;

export async function getSiteSettings({ db }: Db): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'site.%').execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const settings = { ...defaultSettings };
  for (const [field, key] of Object.entries(keys) as Array<[keyof SiteSettings, string]>) {
    const value = byKey.get(key);
    if (value !== undefined) settings[field] = value;
  }
  return settings;
}

export async function saveSiteSettings({ db }: Db, changes: Partial<SiteSettings>): Promise<void> {
  for (const [field, value] of Object.entries(changes) as Array<[keyof SiteSettings, string | undefined]>) {
    if (value === undefined) continue;
    await db
      .insertInto('settings')
      .values({ key: keys[field], value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}

// The signing secrets live in secrets.ts; these names stay for the modules that import them from here.
export { signingSecret, signingSecrets } from './secrets.ts';

/** One raw settings value, for bookkeeping keys outside the site's own settings (e.g. 'demo.state'). */
export async function getSetting({ db }: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting({ db }: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
