import { createHash } from 'node:crypto';
import type { Metadata, Sharp } from 'sharp';
import { HttpError } from '../http/errors.ts';

export const variantWidths = [480, 800, 1200, 1600] as const;
export const variantFormats = ['avif', 'webp', 'jpeg'] as const;
export type VariantFormat = (typeof variantFormats)[number];

const acceptedFormats = new Map([
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['avif', 'image/avif'],
  ['heif', 'image/avif'],
  ['gif', 'image/gif'],
]);

export interface ProcessedImage {
  hash: string;
  mime: string;
  width: number;
  height: number;
  variants: Array<{ format: VariantFormat; width: number; height: number; bytes: Buffer }>;
}

/** Reads what the bytes are (never trusting a file name or a declared type) and makes the responsive variants. */
export async function processImage(original: Buffer): Promise<ProcessedImage> {
  // sharp is loaded on first use: a reading process that never receives an upload saves its memory.
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    meta = await sharp(original, { limitInputPixels: 80_000_000 }).metadata();
  } catch {
    throw new HttpError(415, 'unsupported_media_type', 'The file is not an image we can read (JPEG, PNG, WebP, AVIF or GIF)', 'file');
  }
  const mime = meta.format ? acceptedFormats.get(meta.format) : undefined;
  if (!mime || !meta.width || !meta.height) {
    throw new HttpError(415, 'unsupported_media_type', 'The file is not an image we can read (JPEG, PNG, WebP, AVIF or GIF)', 'file');
  }
  const oriented = meta.orientation && meta.orientation >= 5 ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  const widths = variantWidthsFor(oriented.width);
  // libvips encodes on its own thread pool, so all variants at once use every core.
  const jobs = widths.flatMap((width) =>
    variantFormats.map(async (format) => {
      const height = Math.round((oriented.height * width) / oriented.width);
      const pipeline = sharp(original, { limitInputPixels: 80_000_000 }).rotate().resize({ width }).flatten(format === 'jpeg' ? { background: '#ffffff' } : false);
      return { format, width, height, bytes: await encode(pipeline, format).toBuffer() };
    }),
  );
  const variants = await Promise.all(jobs);
  return { hash: createHash('sha256').update(original).digest('hex'), mime, width: oriented.width, height: oriented.height, variants };
}

function encode(pipeline: Sharp, format: VariantFormat): Sharp {
  if (format === 'avif') return pipeline.avif({ quality: 55, effort: 2 });
  if (format === 'webp') return pipeline.webp({ quality: 78 });
  return pipeline.jpeg({ quality: 80, mozjpeg: true, progressive: true });
}

/** The standard widths below the original's, plus the original's own width when it is smaller than the largest. */
export function variantWidthsFor(originalWidth: number): number[] {
  const widths: number[] = variantWidths.filter((w) => w < originalWidth);
  const largest = Math.min(originalWidth, variantWidths[variantWidths.length - 1]!);
  if (!widths.includes(largest)) widths.push(largest);
  return widths;
}

export const mimeOfFormat: Record<VariantFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
export const extensionOfFormat: Record<VariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
