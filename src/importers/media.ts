import { withTransaction } from '../db/transaction.ts';
import { uploadImage } from '../media/commands.ts';
import { maxUploadBytes } from '../media/fields.ts';
import { getMediaById, mediaUrl, type MediaInfo } from '../media/store.ts';
import { isRefusal } from '../core/refusals.ts';
import { fingerprintOf, recordImportSource } from './sources.ts';
import type { ImportRun } from './context.ts';
import { plainTextOf } from './text.ts';
import { cutAtWord } from '../views/format.ts';

/** An image of the old site, as its export describes it. */
export interface SourceImage {
  /** Its key among the source's items: "attachment 611", or "image <address>" for one only a body names. */
  key: string;
  url: string;
  alt: string;
  caption: string;
  /** How the report names it. */
  label: string;
}

export interface ImportedImage {
  media?: MediaInfo;
  /** Why the image is not here: for the report of the item that shows it. */
  problem?: string;
}

const altMax = 500;
const creditMax = 300;

/**
 * Brings an image over from the copy of the uploads folder, once per run and once ever: an image an
 * earlier run brought is found by its source key, and the same bytes are one image whatever the key
 * (the media store keeps one row per file). Its caption becomes the credit, its alt text the alt text.
 */
export function imageImporter(run: ImportRun) {
  const done = new Map<string, Promise<ImportedImage>>();
  return (image: SourceImage, kind = 'attachment'): Promise<ImportedImage> => {
    let result = done.get(image.key);
    if (!result) done.set(image.key, (result = importOnce(run, image, kind)));
    return result;
  };
}

async function importOnce(run: ImportRun, image: SourceImage, kind: string): Promise<ImportedImage> {
  const { report } = run;
  const earlier = run.known.get(image.key);
  const kept = earlier && (await getMediaById(run.ctx.handle, earlier.targetId));
  if (kept) {
    report.record(kind, 'unchanged', image.label);
    return { media: kept };
  }
  if (!run.uploads) {
    const problem = `image ${image.url} was not brought over: give the uploads folder with --uploads`;
    report.record(kind, 'skipped', image.label, [], 'no uploads folder given');
    return { problem };
  }
  if (run.dryRun) {
    const found = await run.uploads.has(image.url, run.uploadsMarker);
    report.record(kind, found ? 'imported' : 'skipped', image.label, [], found ? undefined : 'the file is not in the uploads folder');
    return found ? {} : { problem: `image ${image.url} is not in the uploads folder; its address is kept` };
  }
  const file = await run.uploads.read(image.url, run.uploadsMarker, maxUploadBytes);
  if (!file) {
    report.record(kind, 'skipped', image.label, [], 'the file is not in the uploads folder');
    return { problem: `image ${image.url} is not in the uploads folder; its address is kept` };
  }
  if ('tooLarge' in file) {
    report.record(kind, 'skipped', image.label, [], 'the file is larger than 20 MB');
    return { problem: `image ${file.tooLarge} is larger than 20 MB; its address is kept` };
  }
  try {
    const description = { alt: cutAtWord(plainTextOf(image.alt), altMax), credit: cutAtWord(plainTextOf(image.caption), creditMax), credit_url: '' };
    const stored = await withTransaction(run.ctx.handle, async (tx) => {
      const media = await uploadImage({ ...run.ctx, handle: tx }, run.actor, { file: file.bytes, description, source: 'an import' });
      await recordImportSource(tx, { source: run.source, itemKey: image.key, kind: 'media', targetId: media.id, fingerprint: fingerprintOf(image) });
      return media;
    });
    report.record(kind, stored.created ? 'imported' : 'unchanged', image.label);
    return { media: stored };
  } catch (err) {
    if (!isRefusal(err)) throw err;
    report.record(kind, 'skipped', image.label, [`${file.relative}: ${err.reason}`], 'the file is not an image Rostrum reads');
    return { problem: `image ${image.url} could not be read (${err.reason}); its address is kept` };
  }
}

/** The address a body uses for an imported image. */
export const bodyImageAddress = (media: MediaInfo) => mediaUrl(media);
