import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/slug.ts';
import type { PictureView } from '../views/picture.tsx';
import { extensionOfFormat, mimeOfFormat, processImage, variantFormats, type VariantFormat } from './pipeline.ts';
import type { MediaTable } from './tables.ts';

export type MediaInfo = Omit<Selectable<MediaTable>, 'original'> & { widths: number[] };

export interface MediaDescription {
  alt: string;
  credit: string;
  creditUrl: string;
}

const infoColumns = ['id', 'hash', 'mime', 'width', 'height', 'alt', 'credit', 'creditUrl', 'createdAt'] as const;

/**
 * Stores an image with its variants. The same bytes uploaded twice are one image; the later
 * upload's description replaces the earlier one's.
 */
export async function saveImage(handle: Db, original: Buffer, description: MediaDescription): Promise<MediaInfo> {
  const processed = await processImage(original);
  await handle.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('media')
      .values({ hash: processed.hash, mime: processed.mime, width: processed.width, height: processed.height, original, ...description, createdAt: nowIso() })
      .onConflict((oc) => oc.column('hash').doUpdateSet(description))
      .returning('id')
      .executeTakeFirstOrThrow();
    const existing = await trx.selectFrom('mediaVariants').select('width').where('mediaId', '=', inserted.id).executeTakeFirst();
    if (existing) return;
    for (const v of processed.variants) {
      await trx.insertInto('mediaVariants').values({ mediaId: inserted.id, format: v.format, width: v.width, height: v.height, bytes: v.bytes }).execute();
    }
  });
  return (await getMediaByHash(handle, processed.hash))!;
}

async function withWidths(handle: Db, rows: Array<Omit<MediaInfo, 'widths'>>): Promise<MediaInfo[]> {
  if (rows.length === 0) return [];
  const variants = await handle.db
    .selectFrom('mediaVariants')
    .select(['mediaId', 'width'])
    .where('mediaId', 'in', rows.map((r) => r.id))
    .where('format', '=', 'jpeg')
    .orderBy('width')
    .execute();
  return rows.map((r) => ({ ...r, widths: variants.filter((v) => v.mediaId === r.id).map((v) => v.width) }));
}

export async function getMediaByHash(handle: Db, hash: string): Promise<MediaInfo | undefined> {
  const row = await handle.db.selectFrom('media').select(infoColumns).where('hash', '=', hash).executeTakeFirst();
  return row ? (await withWidths(handle, [row]))[0] : undefined;
}

export async function getMediaByIds(handle: Db, ids: number[]): Promise<Map<number, MediaInfo>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await handle.db.selectFrom('media').select(infoColumns).where('id', 'in', unique).execute();
  return new Map((await withWidths(handle, rows)).map((m) => [m.id, m]));
}

export async function mediaExists({ db }: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function readVariant({ db }: Db, hash: string, format: VariantFormat, width: number) {
  return db
    .selectFrom('mediaVariants')
    .innerJoin('media', 'media.id', 'mediaVariants.mediaId')
    .select(['mediaVariants.bytes'])
    .where('media.hash', '=', hash)
    .where('mediaVariants.format', '=', format)
    .where('mediaVariants.width', '=', width)
    .executeTakeFirst();
}

export async function readOriginal({ db }: Db, hash: string) {
  return db.selectFrom('media').select(['original', 'mime']).where('hash', '=', hash).executeTakeFirst();
}

export function variantUrl(hash: string, format: VariantFormat, width: number): string {
  return `/media/${hash}/${width}.${extensionOfFormat[format]}`;
}

/** The URL an API client gets back: the largest JPEG variant. */
export function mediaUrl(media: MediaInfo): string {
  return variantUrl(media.hash, 'jpeg', media.widths[media.widths.length - 1] ?? media.width);
}

/** Everything a view needs to draw the image responsively. */
export function pictureView(media: MediaInfo, preferredWidth = 1200): PictureView {
  const widths = media.widths.length ? media.widths : [media.width];
  const fallbackWidth = widths.filter((w) => w <= preferredWidth).pop() ?? widths[0]!;
  const srcset = (format: VariantFormat) => widths.map((w) => `${variantUrl(media.hash, format, w)} ${w}w`).join(', ');
  return {
    src: variantUrl(media.hash, 'jpeg', fallbackWidth),
    width: fallbackWidth,
    height: Math.round((media.height * fallbackWidth) / media.width),
    alt: media.alt,
    credit: media.credit,
    creditUrl: media.creditUrl,
    sources: variantFormats.map((format) => ({ type: mimeOfFormat[format], srcset: srcset(format) })),
  };
}

export async function listAllMediaForExport({ db }: Db) {
  return db.selectFrom('media').selectAll().orderBy('id').execute();
}
