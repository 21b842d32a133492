import type { Metadata, Sharp } from 'sharp';

/**
 * What is kept of an upload. A photo's file carries more than its picture: EXIF (camera serial,
 * the GPS position where the photographer stood, the time), XMP and IPTC (names, places, edit
 * history), comments, thumbnails, and sometimes a whole video appended after the image (motion
 * photos). None of it is needed to show the picture, so none of it is stored: an upload that holds
 * nothing but its picture and colour profile is kept byte for byte; any other is re-encoded in its
 * own format with its orientation applied and its ICC profile kept, and everything else left out.
 * The hash that names an image is still that of the bytes uploaded, so the same file uploaded
 * again finds the stored image.
 */
export function holdsOnlyThePicture(bytes: Buffer, meta: Metadata): boolean {
  if ((meta.orientation ?? 1) !== 1 || meta.exif || meta.xmp || meta.iptc || (meta.comments?.length ?? 0) > 0) return false;
  switch (meta.format) {
    case 'jpeg':
      return jpegHoldsOnlyThePicture(bytes);
    case 'png':
      return pngHoldsOnlyThePicture(bytes);
    case 'webp':
      return webpHoldsOnlyThePicture(bytes);
    case 'gif':
      return gifHoldsOnlyThePicture(bytes);
    // AVIF keeps EXIF and XMP as items that sharp reports (above); its orientation too.
    default:
      return true;
  }
}

const startsWith = (bytes: Buffer, at: number, text: string) => bytes.toString('latin1', at, at + text.length) === text;

/** Segments before the image data may be JFIF (APP0), an ICC profile (APP2) or Adobe's colour transform (APP14); the file ends at its image. */
function jpegHoldsOnlyThePicture(bytes: Buffer): boolean {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // Start of scan: the rest is image data, and the file must end where the image does (no appended data).
    if (marker === 0xda) return bytes.indexOf(Buffer.from([0xff, 0xd9]), at) === bytes.length - 2;
    const body = at + 4;
    const isApp = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
    if (isApp) {
      const allowed = (marker === 0xe0 && startsWith(bytes, body, 'JFIF\0')) || (marker === 0xe2 && startsWith(bytes, body, 'ICC_PROFILE\0')) || (marker === 0xee && startsWith(bytes, body, 'Adobe'));
      if (!allowed) return false;
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return false;
}

/** Chunks that draw the picture or describe its colours; text, EXIF, time stamps and private chunks are not among them. */
const pictureChunksOfPng = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs', 'cICP', 'acTL', 'fcTL', 'fdAT']);

function pngHoldsOnlyThePicture(bytes: Buffer): boolean {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (!pictureChunksOfPng.has(type)) return false;
    at += 12 + bytes.readUInt32BE(at);
    if (type === 'IEND') return at === bytes.length;
  }
  return false;
}

const pictureChunksOfWebp = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);

function webpHoldsOnlyThePicture(bytes: Buffer): boolean {
  if (bytes.readUInt32LE(4) + 8 !== bytes.length) return false;
  let at = 12;
  while (at + 8 <= bytes.length) {
    if (!pictureChunksOfWebp.has(bytes.toString('latin1', at, at + 4))) return false;
    const size = bytes.readUInt32LE(at + 4);
    at += 8 + size + (size & 1);
  }
  return at === bytes.length;
}

/** Frames, their timing and looping, and a colour profile; no comments, no XMP, nothing after the trailer. */
function gifHoldsOnlyThePicture(bytes: Buffer): boolean {
  const skipSubBlocks = (from: number) => {
    let at = from;
    while (at < bytes.length && bytes[at] !== 0) at += bytes[at]! + 1;
    return at + 1;
  };
  const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let at = 13 + colourTable(bytes[10] ?? 0);
  while (at < bytes.length) {
    const block = bytes[at]!;
    if (block === 0x3b) return at === bytes.length - 1;
    if (block === 0x2c) {
      at = skipSubBlocks(at + 10 + colourTable(bytes[at + 9] ?? 0) + 1);
    } else if (block === 0x21) {
      const label = bytes[at + 1];
      const application = label === 0xff ? bytes.toString('latin1', at + 3, at + 14) : '';
      if (label !== 0xf9 && !['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012'].includes(application)) return false;
      at = skipSubBlocks(at + 2);
    } else {
      return false;
    }
  }
  return false;
}

/** The upload's picture alone, in its own format: oriented, with its colour profile, at a quality that loses nothing one can see. */
export function encodeCleanOriginal(pipeline: Sharp, meta: Metadata, bytes: Buffer): Sharp {
  const kept = pipeline.keepIccProfile();
  switch (meta.format) {
    case 'jpeg':
      return kept.jpeg({ quality: 92, chromaSubsampling: meta.chromaSubsampling === '4:4:4' ? '4:4:4' : '4:2:0' });
    case 'png':
      return kept.png({ palette: meta.isPalette });
    // A lossless WebP (a VP8L bitstream, no lossy VP8 one) stays lossless.
    case 'webp':
      return kept.webp(isLosslessWebp(bytes) ? { lossless: true } : { quality: 92 });
    case 'gif':
      return kept.gif();
    default:
      return kept.avif({ quality: 80, effort: 2 });
  }
}

function isLosslessWebp(bytes: Buffer): boolean {
  return bytes.indexOf('VP8L', 12, 'latin1') !== -1 && bytes.indexOf('VP8 ', 12, 'latin1') === -1;
}
