import { withTransaction } from '../db/transaction.ts';
import { describeImage, uploadImage } from '../media/commands.ts';
import { getMediaByHash, getMediaById, readOriginal, type MediaInfo } from '../media/store.ts';
import { hashOf } from '../media/pipeline.ts';
import { isRefusal } from '../core/refusals.ts';
import { fingerprintOf, recordImportSource } from './sources.ts';
import type { ImportRun } from './context.ts';
import { adoptedFingerprint, isAdopted } from './rostrum/adopted.ts';

/** An image whose bytes the export carries (Rostrum's own export), as opposed to one found in an uploads folder (media.ts). */
export interface EmbeddedImage {
  /** Its key among the source's items: "media 12". */
  key: string;
  label: string;
  /** The SHA-256 the old site named it by: the hash in its addresses, /media/<hash>/… */
  hash: string;
  bytes: Buffer;
  alt: string;
  credit: string;
  creditUrl: string;
}

export interface ImportedEmbeddedImage {
  media?: MediaInfo;
  problem?: string;
}

const sameDescription = (media: MediaInfo, image: EmbeddedImage) => media.alt === image.alt && media.credit === image.credit && media.creditUrl === image.creditUrl;

/**
 * The image this site has already with these very bytes, if any. The hash the file claims is believed only
 * when the image it names here holds the same bytes: the file is not trusted to say which of the site's
 * images it is. (The claim may differ from the bytes' own hash honestly: an original uploaded with
 * metadata is named by the bytes uploaded and stored cleaned of it, see README, Image originals.)
 */
async function sameImageHere(run: ImportRun, image: EmbeddedImage): Promise<MediaInfo | undefined> {
  const ownHash = hashOf(image.bytes);
  if (ownHash !== image.hash) {
    const stored = await readOriginal(run.ctx.handle, image.hash);
    if (!stored || !Buffer.from(stored.original).equals(image.bytes)) return getMediaByHash(run.ctx.handle, ownHash);
  }
  return getMediaByHash(run.ctx.handle, image.hash);
}

/**
 * Brings an image over through media's own upload command, in its own transaction with its source record.
 * The same bytes are the same image: one this site has already with these bytes is used as it is, and is
 * the site's own (adoptedFingerprint): its description is brought up to date on later runs only when an
 * earlier run of this source made the image. A dry run decodes nothing and writes nothing.
 */
export async function importEmbeddedImage(run: ImportRun, image: EmbeddedImage): Promise<ImportedEmbeddedImage> {
  const { report } = run;
  const fingerprint = fingerprintOf({ hash: image.hash, alt: image.alt, credit: image.credit, creditUrl: image.creditUrl });
  const earlier = run.known.get(image.key);
  const kept = earlier && (await getMediaById(run.ctx.handle, earlier.targetId));
  if (earlier && !kept) {
    report.record('image', 'skipped', image.label, [], 'deleted here since an earlier import');
    return { problem: `${image.label} was deleted here since an earlier import` };
  }
  if (kept && (earlier.fingerprint === fingerprint || isAdopted(earlier.fingerprint))) {
    report.record('image', 'unchanged', image.label);
    return { media: kept };
  }
  if (kept) {
    if (run.dryRun) {
      report.record('image', 'updated', image.label);
      return { media: kept };
    }
    const media = await withTransaction(run.ctx.handle, async (tx) => {
      const described = sameDescription(kept, image)
        ? kept
        : await describeImage({ ...run.ctx, handle: tx }, run.actor, kept.id, { alt: image.alt, credit: image.credit, credit_url: image.creditUrl }, { source: 'an import' });
      await recordImportSource(tx, { source: run.source, itemKey: image.key, kind: 'media', targetId: kept.id, fingerprint });
      return described;
    });
    report.record('image', 'updated', image.label);
    return { media };
  }
  const stored = await sameImageHere(run, image);
  if (run.dryRun) {
    report.record('image', stored ? 'unchanged' : 'imported', image.label);
    return stored ? { media: stored } : {};
  }
  try {
    const media = await withTransaction(run.ctx.handle, async (tx) => {
      const made =
        stored ??
        (await uploadImage({ ...run.ctx, handle: tx }, run.actor, { file: image.bytes, description: { alt: image.alt, credit: image.credit, credit_url: image.creditUrl }, source: 'an import' }));
      const created = stored === undefined && 'created' in made && made.created;
      // An image the site had (uploaded there, or by another import) is its own: this source never describes it.
      await recordImportSource(tx, { source: run.source, itemKey: image.key, kind: 'media', targetId: made.id, fingerprint: created ? fingerprint : adoptedFingerprint });
      return { made, created };
    });
    report.record('image', media.created ? 'imported' : 'unchanged', image.label);
    return { media: media.made };
  } catch (err) {
    if (!isRefusal(err)) throw err;
    report.record('image', 'skipped', image.label, [err.reason], 'the bytes are not an image Rostrum reads');
    return { problem: `${image.label} could not be read (${err.reason})` };
  }
}
