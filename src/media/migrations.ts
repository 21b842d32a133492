import { sql, type Kysely, type Migration } from 'kysely';
import type { Metadata, Sharp } from 'sharp';
import { columnTypes, withId } from '../db/schema-types.ts';

export const mediaMigrations: Record<string, Migration> = {
  '0002_media': {
    async up(db: Kysely<any>) {
      const t = columnTypes(db);
      await withId(db, db.schema.createTable('media'))
        .addColumn('hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('mime', 'varchar(50)', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('alt', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('credit', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('credit_url', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
        .addColumn('variant_widths', 'varchar(100)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('original', t.binary, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('media_variants')
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
        .addColumn('format', 'varchar(10)', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('bytes', t.binary, (c) => c.notNull())
        .addPrimaryKeyConstraint('media_variants_pk', ['media_id', 'format', 'width'])
        .execute();
    },
  },
  '0020_media_originals': {
    /**
     * Originals stored before 0020 are the uploaded bytes, EXIF (camera serial, GPS position), XMP and IPTC
     * included. Each one that carries any of it is re-encoded in its own format with its orientation applied
     * and its colour profile kept, as uploads are stored now. The hash, the size and the variants stay as they
     * are, so every published address keeps working. The rules are written out here rather than imported, so
     * that what this migration does never changes with the live code.
     *
     * An original that cannot be re-encoded (damaged), or that would decode more pixels than 0020 allows (a
     * long animation decodes every frame), is left as it was and named in a warning: a site must start even
     * so, and originals are not served to the public.
     */
    async up(db: Kysely<any>) {
      let sharp: Sharp0020 | undefined;
      for (let afterId = 0; ;) {
        const { rows } = await sql<{ id: number; original: Buffer }>`select id, original from media where id > ${afterId} order by id limit 20`.execute(db);
        if (rows.length === 0) break;
        // Loaded once there are rows, not before: every start runs each migration without rows to record its
        // checksum (src/db/migrate.ts), and a process that handles no upload should not load libvips for that.
        sharp ??= (await import('sharp')).default;
        for (const row of rows) {
          const outcome = await originalWithoutMetadata0020(sharp, Buffer.from(row.original));
          if (outcome.cleaned) await sql`update media set original = ${outcome.cleaned} where id = ${row.id}`.execute(db);
          else if (outcome.leftBecause) console.warn(`Migration 0020: media ${row.id} ${outcome.leftBecause}; its original is left as it was`);
        }
        afterId = rows[rows.length - 1]!.id;
      }
    },
  },
};

type Sharp0020 = typeof import('sharp').default;

/** The most pixels 0020 decodes for one original, in one frame and in all its frames; and the most frames. */
const limits0020 = { framePixels: 50_000_000, pixels: 100_000_000, frames: 1000 };

/**
 * The picture alone when `bytes` carry anything more (0020's rules, kept as they were); nothing when they do
 * not; the reason when they cannot be cleaned.
 */
async function originalWithoutMetadata0020(sharp: Sharp0020, bytes: Buffer): Promise<{ cleaned?: Buffer; leftBecause?: string }> {
  let meta;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    return { leftBecause: `could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
  const carries = (meta.orientation ?? 1) !== 1 || meta.exif || meta.xmp || meta.iptc || (meta.comments?.length ?? 0) > 0 || (meta.format === 'jpeg' && jpegHasMoreThanItsPicture0020(bytes));
  if (!carries) return {};
  const animated = (meta.pages ?? 1) > 1 && (meta.format === 'gif' || meta.format === 'webp');
  // Checked from the header, before anything is decoded; the decode itself is held to the same total.
  const frame = { width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
  const frames = animated ? meta.pages! : 1;
  if (frame.width * frame.height > limits0020.framePixels || frames > limits0020.frames || frame.width * frame.height * frames > limits0020.pixels) {
    return { leftBecause: `has ${frames} ${frames === 1 ? 'frame' : 'frames'} of ${frame.width}×${frame.height} pixels: more than 0020 decodes` };
  }
  try {
    const cleaned = await encode0020(sharp(bytes, { limitInputPixels: limits0020.pixels, animated }), meta, bytes, animated);
    return cleaned ? { cleaned } : {};
  } catch (err) {
    return { leftBecause: `could not be re-encoded (${err instanceof Error ? err.message : String(err)})` };
  }
}

function encode0020(input: Sharp, meta: Metadata, bytes: Buffer, animated: boolean): Promise<Buffer> | undefined {
  const kept = (animated ? input : input.autoOrient()).keepIccProfile();
  switch (meta.format) {
    case 'jpeg':
      return kept.jpeg({ quality: 92, chromaSubsampling: meta.chromaSubsampling === '4:4:4' ? '4:4:4' : '4:2:0' }).toBuffer();
    case 'png':
      return kept.png({ palette: meta.isPalette }).toBuffer();
    case 'webp':
      return kept.webp(bytes.indexOf('VP8L', 12, 'latin1') !== -1 && bytes.indexOf('VP8 ', 12, 'latin1') === -1 ? { lossless: true } : { quality: 92 }).toBuffer();
    case 'gif':
      return kept.gif().toBuffer();
    case 'heif':
      return kept.avif({ quality: 80, effort: 2 }).toBuffer();
    default:
      return undefined;
  }
}

/** Any segment other than JFIF, an ICC profile or Adobe's before the image data (comments, maker notes), or data after it. */
function jpegHasMoreThanItsPicture0020(bytes: Buffer): boolean {
  for (let at = 2; at + 4 <= bytes.length;) {
    const marker = bytes[at + 1]!;
    if (bytes[at] !== 0xff) return true;
    if (marker === 0xda) return bytes.indexOf(Buffer.from([0xff, 0xd9]), at) !== bytes.length - 2;
    const name = (text: string) => bytes.toString('latin1', at + 4, at + 4 + text.length) === text;
    if (((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) && !((marker === 0xe0 && name('JFIF\0')) || (marker === 0xe2 && name('ICC_PROFILE\0')) || (marker === 0xee && name('Adobe'))))
      return true;
    at += marker === 0xff ? 1 : 2 + bytes.readUInt16BE(at + 2);
  }
  return true;
}
