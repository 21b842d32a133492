import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { holdsOnlyThePicture } from './originals.ts';
import { processImage } from './pipeline.ts';

const picture = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#468' } });
const judge = async (bytes: Buffer) => holdsOnlyThePicture(bytes, await sharp(bytes).metadata());

test('a file holding only its picture and colour profile is recognised, in every format', async () => {
  for (const bytes of [
    await picture().jpeg().toBuffer(),
    await picture().jpeg().withIccProfile('p3').toBuffer(),
    await picture().png().toBuffer(),
    await picture().webp().toBuffer(),
    await picture().webp({ lossless: true }).toBuffer(),
    await picture().gif().toBuffer(),
    await picture().avif().toBuffer(),
  ]) {
    assert.equal(await judge(bytes), true, (await sharp(bytes).metadata()).format);
  }
});

test('EXIF, XMP, comments and data after the image make a file need cleaning', async () => {
  const exif = { IFD0: { Make: 'LeakCam' } };
  const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';
  for (const [what, bytes] of [
    ['JPEG with EXIF', await picture().jpeg().withExif(exif).toBuffer()],
    ['JPEG with XMP', await picture().jpeg().withXmp(xmp).toBuffer()],
    ['JPEG turned by EXIF', await picture().jpeg().withMetadata({ orientation: 3 }).toBuffer()],
    ['JPEG with a video after it', Buffer.concat([await picture().jpeg().toBuffer(), Buffer.from('ftypmp42 a motion photo')])],
    ['PNG with EXIF', await picture().png().withExif(exif).toBuffer()],
    ['PNG with XMP', await picture().png().withXmp(xmp).toBuffer()],
    ['WebP with EXIF', await picture().webp().withExif(exif).toBuffer()],
    ['AVIF with EXIF', await picture().avif().withExif(exif).toBuffer()],
  ] as const) {
    assert.equal(await judge(bytes), false, what);
    // The original stored for it keeps the picture and nothing else.
    const stored = (await processImage(bytes)).original;
    assert.equal(await judge(stored), true, `${what}: stored`);
    assert.equal(stored.indexOf('LeakCam'), -1, `${what}: stored`);
  }
});

test('a JPEG comment or a GIF comment needs cleaning', async () => {
  const jpeg = await picture().jpeg().toBuffer();
  const comment = Buffer.from('Shot at 12 Secret Street');
  const segment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
  assert.equal(await judge(Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)])), false);
  const gif = await picture().gif().toBuffer();
  const gifComment = Buffer.concat([Buffer.from([0x21, 0xfe, comment.length]), comment, Buffer.from([0])]);
  const commented = Buffer.concat([gif.subarray(0, gif.length - 1), gifComment, Buffer.from([0x3b])]);
  assert.equal(await judge(commented), false);
  assert.equal((await processImage(commented)).original.indexOf('Secret'), -1);
});

test('a lossless WebP with EXIF is stored lossless, pixel for pixel', async () => {
  const noisy = sharp({ create: { width: 48, height: 32, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } });
  const bytes = await noisy
    .webp({ lossless: true })
    .withExif({ IFD0: { Make: 'LeakCam' } })
    .toBuffer();
  const stored = (await processImage(bytes)).original;
  assert.equal(stored.indexOf('LeakCam'), -1);
  const pixels = (b: Buffer) => sharp(b).raw().toBuffer();
  assert.equal(Buffer.compare(await pixels(stored), await pixels(bytes)), 0);
});
