import assert from 'node:assert/strict';
import sharp from 'sharp';

/** Words the phone photo carries in its metadata, none of which may reach what is stored or served. */
export const phonePhotoSecrets = ['LeakCam', 'SN-4242', 'Secretville'];

/** A photo as a phone sends it: turned by its EXIF orientation, with the camera's serial, the GPS position, XMP and a P3 colour profile. */
export async function phonePhoto(width = 1200, height = 800): Promise<Buffer> {
  const xmp =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Secretville"/></rdf:RDF></x:xmpmeta>';
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 85 })
    .withIccProfile('p3')
    .withExif({ IFD0: { Make: 'LeakCam', Model: 'Serial SN-4242' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 37/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .withXmp(xmp)
    .toBuffer();
}

/** Whether an EXIF block (as sharp reports it: "Exif\0\0" then TIFF) points to GPS data from its first IFD. */
export function exifHasGps(exif: Buffer): boolean {
  const tiff = exif.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  for (let i = 0; i < u16(ifd); i++) if (u16(ifd + 2 + 12 * i) === 0x8825) return true;
  return false;
}

/** Checks the fixture really carries what the tests say it does. */
export async function assertIsPhonePhoto(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  assert.equal(meta.orientation, 6, 'the fixture is turned by EXIF');
  assert.ok(meta.exif && exifHasGps(meta.exif), 'the fixture carries a GPS position');
  assert.ok(meta.xmp && meta.icc, 'the fixture carries XMP and a colour profile');
  for (const word of phonePhotoSecrets) assert.notEqual(bytes.indexOf(word), -1, word);
  return meta;
}

/** Nothing about the camera, the place or the person: no EXIF, XMP or IPTC block, and none of the fixture's words in the bytes. */
export async function assertNoMetadata(bytes: Buffer, what: string) {
  const meta = await sharp(bytes).metadata();
  assert.equal(meta.exif, undefined, `${what}: EXIF`);
  assert.equal(meta.xmp, undefined, `${what}: XMP`);
  assert.equal(meta.iptc, undefined, `${what}: IPTC`);
  for (const word of phonePhotoSecrets) assert.equal(bytes.indexOf(word), -1, `${what}: ${word}`);
}

/**
 * An animated GIF written byte by byte, so that its size costs nothing to make: a `width`×`height` screen
 * on which each of `frames` frames draws one pixel (libvips decodes every frame at the screen's size),
 * looping, with a comment block when `comment` is given (metadata that a stored original must not keep).
 */
export function animatedGif({ width, height, frames, comment }: { width: number; height: number; frames: number; comment?: string }): Buffer {
  const u16 = (n: number) => [n & 0xff, n >> 8];
  const bytes: number[] = [...Buffer.from('GIF89a', 'latin1'), ...u16(width), ...u16(height), 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff];
  bytes.push(0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'latin1'), 0x03, 0x01, 0x00, 0x00, 0x00);
  if (comment) bytes.push(0x21, 0xfe, comment.length, ...Buffer.from(comment, 'latin1'), 0x00);
  for (let i = 0; i < frames; i++) {
    // A 10 ms frame, then one white pixel at a place of its own (LZW-coded), so that no two frames look alike.
    bytes.push(0x21, 0xf9, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00);
    bytes.push(0x2c, ...u16(i % width), ...u16(Math.floor(i / width) % height), ...u16(1), ...u16(1), 0x00);
    bytes.push(0x02, 0x02, 0x4c, 0x01, 0x00);
  }
  bytes.push(0x3b);
  return Buffer.from(bytes);
}
