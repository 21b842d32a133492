/** Ghost's JSON export (versions 4 and 5): its shape checked once, at the boundary, into the few fields the importer reads. */
import { z } from 'zod';

/** Ghost's SQLite exports write 0/1 and "0"/"1"; MySQL ones true/false. */
const flag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
const id = z.union([z.string(), z.number()]).transform(String);

const post = z
  .object({
    id,
    uuid: z.string().min(1),
    title: text,
    slug: z.string().min(1),
    html: z.string().nullish(),
    lexical: z.string().nullish(),
    mobiledoc: z.string().nullish(),
    feature_image: z.string().nullish(),
    featured: flag,
    type: z.string().default('post'),
    status: z.string(),
    visibility: z.string().default('public'),
    published_at: z.string().nullish(),
    custom_excerpt: z.string().nullish(),
  })
  .passthrough();

const user = z.object({ id, name: text, slug: z.string().min(1), email: text, bio: z.string().nullish(), profile_image: z.string().nullish() }).passthrough();
const tag = z.object({ id, name: text, slug: z.string().min(1), visibility: z.string().default('public') }).passthrough();
const postsTags = z.object({ post_id: id, tag_id: id, sort_order: z.number().nullish() }).passthrough();
const postsAuthors = z.object({ post_id: id, author_id: id, sort_order: z.number().nullish() }).passthrough();
const postMeta = z.object({ post_id: id, feature_image_alt: z.string().nullish(), feature_image_caption: z.string().nullish() }).passthrough();
const setting = z.object({ key: z.string(), value: z.string().nullish() }).passthrough();

const data = z
  .object({
    posts: z.array(post),
    users: z.array(user).default([]),
    tags: z.array(tag).default([]),
    posts_tags: z.array(postsTags).default([]),
    posts_authors: z.array(postsAuthors).default([]),
    posts_meta: z.array(postMeta).default([]),
    settings: z.array(setting).default([]),
  })
  .passthrough();

/** `{db: [{meta, data}]}` as Ghost's Settings → Export writes it; `{data}` alone is read too (older exports and hand-made ones). */
const dbExport = z.object({ db: z.array(z.object({ data }).passthrough()).min(1, 'holds no database') }).passthrough();
const dataExport = z.object({ data }).passthrough();

export type GhostPost = z.output<typeof post>;
export type GhostUser = z.output<typeof user>;
export type GhostTag = z.output<typeof tag>;
export type GhostData = z.output<typeof data>;

export class GhostExportError extends Error {}

/** The export's data, or a GhostExportError saying what in it is not as Ghost writes it. */
export function readGhostExport(json: string): GhostData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new GhostExportError(`This file is not JSON: ${(err as Error).message}`);
  }
  const top = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  if (!('db' in top) && !('data' in top)) throw new GhostExportError('This is not a Ghost export: it has neither "db" nor "data" at its top');
  const result = 'db' in top ? dbExport.safeParse(top) : dataExport.safeParse(top);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new GhostExportError(`This is not a Ghost export: ${issue.path.join('.') || 'the file'}: ${issue.message.toLowerCase()}`);
  }
  return 'db' in result.data ? (result.data as z.output<typeof dbExport>).db[0]!.data : (result.data as z.output<typeof dataExport>).data;
}

/** A Ghost time ("2026-09-14 07:30:00" from SQLite, always UTC; or ISO 8601 from MySQL) as ISO 8601 UTC. */
export function ghostTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** A setting's value (every value is a string in the export). */
export const settingOf = (data: GhostData, key: string) => data.settings.find((s) => s.key === key)?.value ?? '';
