import { randomBytes } from 'node:crypto';
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

/**
 * The key that signs cookies. Made once and kept in the database so that every process
 * behind a load balancer signs alike without configuration.
 */
export async function getOrCreateSigningSecret({ db }: Db): Promise<string> {
  const candidate = randomBytes(32).toString('base64url');
  await db
    .insertInto('settings')
    .values({ key: 'secret.cookie', value: candidate })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'secret.cookie').executeTakeFirstOrThrow();
  return row.value;
}

/** The cookie-signing key, read from the database once per connection. */
const secrets = new WeakMap<Db, Promise<string>>();
export function signingSecret(handle: Db): Promise<string> {
  let secret = secrets.get(handle);
  if (!secret) secrets.set(handle, (secret = getOrCreateSigningSecret(handle)));
  return secret;
}

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
