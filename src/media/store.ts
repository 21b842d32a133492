import type { Selectable } from 'kysely';
import type { Db } from '../schema.ts';
import { nowIso } from '../db/time.ts';
import { withTransaction } from '../db/transaction.ts';
import type { PictureView } from '../views/picture.tsx';
import { extensionOfFormat, hashOf, mimeOfFormat, processImage, variantFormats, variantSize, type ProcessedImage, type VariantFormat } from './pipeline.ts';
import type { ImageQueue } from './queue.ts';
import type { MediaTable } from './tables.ts';

export type MediaInfo = Omit<Selectable<MediaTable>, 'original' | 'variantWidths'> & { widths: number[] };

export interface MediaDescription {
  alt: string;
  credit: string;
  creditUrl: string;
}

/** An image as saveImage left it: `created` is false when the same bytes were stored already. */
export type StoredImage = MediaInfo & { created: boolean };

const infoColumns = ['id', 'hash', 'mime', 'width', 'height', 'alt', 'credit', 'creditUrl', 'variantWidths', 'createdAt'] as const;

/**
 * Stores an image with its variants. The same bytes uploaded twice are one image, and the second
 * upload changes nothing: the stored row (its id, alt text and credit) is returned as it is. Only
 * `updateMediaDescription` (editors and admins) changes a description, so nobody can rewrite the
 * alt text or credit of a published image by uploading its bytes again.
 */
export async function saveImage(handle: Db, upload: Buffer, description: MediaDescription, options: { queue?: ImageQueue } = {}): Promise<StoredImage> {
  return storePreparedImage(handle, await prepareImage(handle, upload, options), description);
}

/** An upload made ready to store: the image stored already with these bytes, or the variants made from them. */
export type PreparedImage = { known: MediaInfo } | { processed: ProcessedImage };

/** Decodes an upload and makes its variants, unless the same bytes are stored already; writes nothing. */
export async function prepareImage(handle: Db, upload: Buffer, options: { queue?: ImageQueue } = {}): Promise<PreparedImage> {
  const known = await getMediaByHash(handle, hashOf(upload));
  if (known) return { known };
  // Decoding is what costs memory: the server's queue bounds how many images are decoded at once.
  return { processed: options.queue ? await options.queue.run(() => processImage(upload)) : await processImage(upload) };
}

/** Stores a prepared image with its variants (in the caller's transaction, when it has one). */
export async function storePreparedImage(handle: Db, prepared: PreparedImage, description: MediaDescription): Promise<StoredImage> {
  if ('known' in prepared) return { ...prepared.known, created: false };
  const { processed } = prepared;
  const created = await withTransaction(handle, async ({ db: trx }) => {
    const inserted = await trx
      .insertInto('media')
      .values({
        hash: processed.hash,
        mime: processed.mime,
        width: processed.width,
        height: processed.height,
        original: processed.original,
        ...description,
        createdAt: nowIso(),
        variantWidths: processed.widths.join(','),
      })
      // A concurrent upload of the same bytes got there first: keep its row and its variants.
      .onConflict((oc) => oc.column('hash').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    for (const v of processed.variants) {
      await trx.insertInto('mediaVariants').values({ mediaId: inserted.id, format: v.format, width: v.width, height: v.height, bytes: v.bytes }).execute();
    }
    return true;
  });
  return { ...(await getMediaByHash(handle, processed.hash))!, created };
}

/**
 * Removes an image this request has just stored when what it came with was refused, so that a refused
 * form leaves nothing behind. Its variants go with it (the foreign key cascades).
 */
export async function deleteMedia({ db }: Db, id: number): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** Changes an image's alt text and credit; undefined fields are left as they are. Undefined when there is no such image. */
export async function updateMediaDescription(handle: Db, id: number, changes: Partial<MediaDescription>): Promise<MediaInfo | undefined> {
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<MediaDescription>;
  if (Object.keys(set).length > 0) await handle.db.updateTable('media').set(set).where('id', '=', id).execute();
  return getMediaById(handle, id);
}

function withWidths(row: Omit<MediaInfo, 'widths'> & { variantWidths: string }): MediaInfo {
  const { variantWidths, ...rest } = row;
  return { ...rest, widths: variantWidths ? variantWidths.split(',').map(Number) : [] };
}

export async function getMediaByHash(handle: Db, hash: string): Promise<MediaInfo | undefined> {
  const row = await handle.db.selectFrom('media').select(infoColumns).where('hash', '=', hash).executeTakeFirst();
  return row ? withWidths(row) : undefined;
}

export async function getMediaById(handle: Db, id: number): Promise<MediaInfo | undefined> {
  const row = await handle.db.selectFrom('media').select(infoColumns).where('id', '=', id).executeTakeFirst();
  return row ? withWidths(row) : undefined;
}

export async function getMediaByIds(handle: Db, ids: number[]): Promise<Map<number, MediaInfo>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await handle.db.selectFrom('media').select(infoColumns).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, withWidths(r)]));
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

function variantUrl(hash: string, format: VariantFormat, width: number): string {
  return `/media/${hash}/${width}.${extensionOfFormat[format]}`;
}

/** The widths of an image's variants in one format: the nominal ones, narrowed where the format needs it (variantSize). */
export function widthsIn(format: VariantFormat, media: Pick<MediaInfo, 'width' | 'height'>, nominal: number[]): number[] {
  return [...new Set(nominal.map((w) => variantSize(format, media, w).width))];
}

/** The URL of an image's largest variant in a format: what an API client gets back (JPEG). */
export function mediaUrl(media: MediaInfo, format: VariantFormat = 'jpeg'): string {
  const widths = widthsIn(format, media, media.widths.length ? media.widths : [media.width]);
  return variantUrl(media.hash, format, widths[widths.length - 1]!);
}

/**
 * Everything a view needs to draw the image responsively. `fallbackWidth` picks the plain `src`;
 * `maxWidth` keeps larger variants out of the srcset where the image is never shown large.
 */
export function pictureView(media: MediaInfo, options: { fallbackWidth?: number; maxWidth?: number } = {}): PictureView {
  const all = media.widths.length ? media.widths : [media.width];
  const widths = all.filter((w) => w <= (options.maxWidth ?? Infinity));
  if (widths.length === 0) widths.push(all[0]!);
  const nominalFallback = widths.filter((w) => w <= (options.fallbackWidth ?? 1200)).pop() ?? widths[0]!;
  const fallbackWidth = variantSize('jpeg', media, nominalFallback).width;
  const srcset = (format: VariantFormat) =>
    widthsIn(format, media, widths)
      .map((w) => `${variantUrl(media.hash, format, w)} ${w}w`)
      .join(', ');
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

export async function countMedia({ db }: Db): Promise<number> {
  const row = await db
    .selectFrom('media')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Images in id order after `afterId`, without their bytes: for walking every image a few at a time. */
export async function listMediaAfter({ db }: Db, afterId: number, limit: number) {
  return db.selectFrom('media').select(infoColumns).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
