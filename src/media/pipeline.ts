import { createHash } from 'node:crypto';
import type { Metadata, Sharp } from 'sharp';
import { tooLarge, unsupported, type Refusal } from '../core/refusals.ts';
import { encodeCleanOriginal, holdsOnlyThePicture } from './originals.ts';

export const variantWidths = [480, 800, 1200, 1600] as const;
export const variantFormats = ['avif', 'webp', 'jpeg'] as const;
export type VariantFormat = (typeof variantFormats)[number];

/**
 * The longest side each format can hold: WebP keeps each side in 14 bits (16,383); libjpeg stops at
 * 65,500; libvips' AVIF (HEIF) encoder at 16,384 (measured with this sharp). A variant too tall for its
 * format is made narrower for that format alone, so a 400×16384 strip gets a WebP 399 pixels wide beside
 * its 400×16384 JPEG and AVIF (in proportion: 399 × 16343).
 */
export const longestSideOf: Record<VariantFormat, number> = { avif: 16_384, webp: 16_383, jpeg: 65_500 };

/**
 * How large an upload may be, checked from the header before anything is decoded. An animation (GIF, WebP)
 * is held to `maxInputPixels` frame by frame, and to its own limits on all its frames together, since
 * storing its original decodes every frame: 100 megapixels take about 400 MB as pixels.
 */
export interface ImageLimits {
  maxInputPixels: number;
  maxAnimationPixels: number;
  maxAnimationFrames: number;
}

export const imageLimits: ImageLimits = { maxInputPixels: 50_000_000, maxAnimationPixels: 100_000_000, maxAnimationFrames: 1000 };

/**
 * What we accept, by the format sharp reads from the bytes. sharp reports AVIF as 'heif' with AV1
 * compression; HEIC (HEVC compression) is refused because this sharp build has no HEVC decoder.
 */
const acceptedFormats = new Map([
  ['jpeg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
]);

function mimeOf(meta: Metadata): string | undefined {
  if (meta.format === 'heif') return meta.compression === 'av1' ? 'image/avif' : undefined;
  return meta.format ? acceptedFormats.get(meta.format) : undefined;
}

/** The pipeline's refusals name the field but not in their words: the API has always answered them so. */
function withBareMessage(refusal: Refusal): Refusal {
  refusal.message = refusal.reason;
  return refusal;
}
const notAnImage = () => withBareMessage(unsupported('The file is not an image we can read (JPEG, PNG, WebP, AVIF or GIF)', 'file'));
const undecodable = () => withBareMessage(unsupported('The image could not be decoded: the file is damaged or incomplete', 'file'));
const megapixels = (pixels: number) => pixels / 1_000_000;
const tooManyPixels = (limits: ImageLimits) => withBareMessage(tooLarge(`The image is larger than ${megapixels(limits.maxInputPixels)} megapixels`, 'file'));
const animationTooLong = (limits: ImageLimits, frame: { width: number; height: number; frames: number }) =>
  withBareMessage(
    tooLarge(
      `The animation is too long: ${frame.frames} frames of ${frame.width}×${frame.height} pixels; at most ${limits.maxAnimationFrames} frames and ${megapixels(limits.maxAnimationPixels)} megapixels in all are accepted`,
      'file',
    ),
  );

/** Whether the image has frames that are all decoded when its original is re-encoded. */
const isAnimation = (meta: Metadata) => (meta.pages ?? 1) > 1 && (meta.format === 'gif' || meta.format === 'webp');
/** One frame's height: sharp reports a page's height as `pageHeight` or, for a GIF read without `pages`, as `height`. */
const frameHeight = (meta: Metadata) => meta.pageHeight ?? meta.height!;
const pixelsOfAllFrames = (meta: Metadata) => meta.width! * frameHeight(meta) * (isAnimation(meta) ? meta.pages! : 1);

export interface ProcessedImage {
  hash: string;
  mime: string;
  width: number;
  height: number;
  /** The nominal widths of the variants (variantWidthsFor); a format's own may be narrower (variantSize). */
  widths: number[];
  variants: Array<{ format: VariantFormat; width: number; height: number; bytes: Buffer }>;
  /** What is stored as the original: the upload's picture alone (originals.ts), the upload itself when it holds nothing else. */
  original: Buffer;
}

export function hashOf(original: Buffer): string {
  return createHash('sha256').update(original).digest('hex');
}

/**
 * Reads what the bytes are (never trusting a file name or a declared type) and makes the responsive variants.
 * The original is decoded, auto-rotated and resized once, to the largest variant, and kept as raw pixels;
 * every variant is made from those pixels, so a damaged file fails at that one decode (a 415).
 */
export async function processImage(original: Buffer, limits: ImageLimits = imageLimits): Promise<ProcessedImage> {
  // sharp is loaded on first use: a reading process that never receives an upload saves its memory.
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the size gets its own answer below.
    meta = await sharp(original, { limitInputPixels: false }).metadata();
  } catch {
    throw notAnImage();
  }
  const mime = mimeOf(meta);
  if (!mime || !meta.width || !meta.height) throw notAnImage();
  if (meta.width * frameHeight(meta) > limits.maxInputPixels) throw tooManyPixels(limits);
  if (isAnimation(meta) && (meta.pages! > limits.maxAnimationFrames || pixelsOfAllFrames(meta) > limits.maxAnimationPixels)) {
    throw animationTooLong(limits, { width: meta.width, height: frameHeight(meta), frames: meta.pages! });
  }
  const oriented = meta.orientation && meta.orientation >= 5 ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  const widths = variantWidthsFor(oriented.width);
  const heightAt = (width: number) => Math.max(1, Math.round((oriented.height * width) / oriented.width));
  const largest = widths[widths.length - 1]!;

  let base: { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
  try {
    // 'fill' with both sides given makes every variant exactly the size recorded for it.
    let decode = sharp(original, { limitInputPixels: limits.maxInputPixels }).rotate();
    if (largest !== oriented.width || heightAt(largest) !== oriented.height) {
      decode = decode.resize({ width: largest, height: heightAt(largest), fit: 'fill', withoutEnlargement: true });
    }
    base = await decode.raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw tooManyPixels(limits);
    throw undecodable();
  }
  const { data, info } = base;
  const raw = { width: info.width, height: info.height, channels: info.channels };
  // libvips encodes on its own thread pool, so all variants at once use every core.
  const jobs = variantFormats.flatMap((format) =>
    sizesIn(format, oriented, widths).map(async ({ width, height }) => {
      let pipeline = sharp(data, { raw });
      if (width !== info.width || height !== info.height) pipeline = pipeline.resize({ width, height, fit: 'fill' });
      if (format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' });
      return { format, width, height, bytes: await encode(pipeline, format).toBuffer() };
    }),
  );
  let variants: ProcessedImage['variants'];
  let cleanOriginal: Buffer;
  try {
    variants = await Promise.all(jobs);
    // After the variants, not beside them, so that their two memory peaks do not add up: re-encoding a
    // 49-megapixel photo at full size took about 370 MB here, 500 MB when it is turned by its EXIF orientation.
    cleanOriginal = await storedOriginal(sharp, original, meta, limits);
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw tooManyPixels(limits);
    throw undecodable();
  }
  return { hash: hashOf(original), mime, width: oriented.width, height: oriented.height, widths, variants, original: cleanOriginal };
}

/**
 * The original as stored: see originals.ts. Animated GIF and WebP keep their frames. libvips counts the pixels
 * of all the frames it decodes against `limitInputPixels`, so an animation gets the limit on all its frames
 * (processImage has checked both limits from the header already; this one holds should the header lie).
 */
async function storedOriginal(sharp: typeof import('sharp').default, original: Buffer, meta: Metadata, limits: ImageLimits): Promise<Buffer> {
  if (holdsOnlyThePicture(original, meta)) return original;
  const animated = isAnimation(meta);
  const input = sharp(original, { limitInputPixels: animated ? limits.maxAnimationPixels : limits.maxInputPixels, animated });
  return encodeCleanOriginal(animated ? input : input.autoOrient(), meta, original).toBuffer();
}

/** The sizes of an image's variants in one format: nominal widths that a format narrows to the same width make one variant. */
function sizesIn(format: VariantFormat, image: { width: number; height: number }, nominal: number[]) {
  const sizes = new Map(nominal.map((w) => variantSize(format, image, w)).map((size) => [size.width, size]));
  return [...sizes.values()];
}

/**
 * The size of the variant of `format` made for the nominal width `nominal` (one of variantWidthsFor):
 * that width, unless the image would then be taller than the format allows; then as wide as fits.
 */
export function variantSize(format: VariantFormat, image: { width: number; height: number }, nominal: number): { width: number; height: number } {
  const longest = longestSideOf[format];
  const heightAt = (width: number) => Math.max(1, Math.round((image.height * width) / image.width));
  if (heightAt(nominal) <= longest) return { width: nominal, height: heightAt(nominal) };
  const width = Math.max(1, Math.floor((image.width * longest) / image.height));
  return { width, height: Math.min(longest, heightAt(width)) };
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
