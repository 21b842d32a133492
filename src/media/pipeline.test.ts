import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { longestSideOf, processImage, variantFormats, variantSize, variantWidthsFor } from './pipeline.ts';
import { HttpError, toHttpError } from '../http/errors.ts';
import { animatedGif } from '../../test/photos.ts';

const solid = (width: number, height: number, channels: 3 | 4 = 3) => sharp({ create: { width, height, channels, background: { r: 200, g: 40, b: 30, alpha: channels === 4 ? 0.5 : 1 } } });

async function rejectsWith(bytes: Buffer, status: number, code: string) {
  await assert.rejects(processImage(bytes), (refusal: unknown) => {
    // The pipeline refuses in the domain's words; the API answers what the one mapping makes of them.
    const err = toHttpError(refusal as Error);
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    assert.equal(err.field, 'file');
    return true;
  });
}

test('every variant is the size it is recorded with, in every format, never enlarged', async () => {
  for (const [w, h] of [
    [2400, 1350],
    [1000, 333],
    [333, 1000],
    [3000, 1],
  ] as const) {
    const processed = await processImage(await solid(w, h).png().toBuffer());
    assert.deepEqual([processed.width, processed.height], [w, h]);
    assert.equal(processed.variants.length, variantWidthsFor(w).length * variantFormats.length);
    for (const v of processed.variants) {
      const meta = await sharp(v.bytes).metadata();
      assert.equal(meta.format === 'heif' ? 'avif' : meta.format, v.format, `${w}x${h} ${v.format}`);
      assert.deepEqual([meta.width, meta.height], [v.width, v.height], `${w}x${h} ${v.format} ${v.width}`);
      assert.ok(v.width <= Math.min(w, 1600));
    }
  }
});

test('EXIF orientation is applied, and JPEG variants of transparent images are on white', async () => {
  const rotated = await processImage(await solid(1000, 600).jpeg().withMetadata({ orientation: 6 }).toBuffer());
  assert.deepEqual([rotated.width, rotated.height], [600, 1000]);
  assert.deepEqual(
    rotated.variants.filter((v) => v.format === 'jpeg').map((v) => [v.width, v.height]),
    [
      [480, 800],
      [600, 1000],
    ],
  );
  const transparent = await processImage(await solid(500, 500, 4).png().toBuffer());
  const jpeg = transparent.variants.find((v) => v.format === 'jpeg')!;
  const { channels } = await sharp(jpeg.bytes).stats();
  assert.ok(channels[1]!.mean > 120, 'half-transparent red over white is light');
  const webp = transparent.variants.find((v) => v.format === 'webp')!;
  assert.equal((await sharp(webp.bytes).metadata()).hasAlpha, true);
});

test('AVIF is accepted; damaged, foreign and oversized files get clear answers', async () => {
  assert.equal((await processImage(await solid(64, 48).avif().toBuffer())).mime, 'image/avif');
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg()
    .toBuffer();
  await rejectsWith(photo.subarray(0, photo.length >> 1), 415, 'unsupported_media_type');
  const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .png()
    .toBuffer();
  await rejectsWith(png.subarray(0, png.length >> 1), 415, 'unsupported_media_type');
  await rejectsWith(Buffer.from('not an image at all'), 415, 'unsupported_media_type');
  await rejectsWith(await solid(20, 20).tiff().toBuffer(), 415, 'unsupported_media_type');
  await rejectsWith(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'), 415, 'unsupported_media_type');
  await rejectsWith(await solid(8000, 6500).png().toBuffer(), 413, 'payload_too_large');
});

test('a variant too tall for its format is made narrower for that format alone, and fits it', async () => {
  for (const [w, h, webpWidths] of [
    [400, 16384, [399]],
    [2, 40_000, [1]],
    [500, 40_000, [204]],
  ] as const) {
    const processed = await processImage(await solid(w, h).png().toBuffer());
    assert.deepEqual([processed.width, processed.height, processed.widths], [w, h, variantWidthsFor(w)]);
    // 480 and 500 wide would both be 204 wide in WebP: one variant, not two with the same address.
    assert.deepEqual(
      processed.variants.filter((v) => v.format === 'webp').map((v) => v.width),
      webpWidths,
    );
    for (const v of processed.variants) {
      const meta = await sharp(v.bytes, { limitInputPixels: false }).metadata();
      assert.deepEqual([meta.width, meta.height], [v.width, v.height], `${w}x${h} ${v.format}`);
      assert.ok(v.height <= longestSideOf[v.format], `${w}x${h} ${v.format} ${v.height}`);
    }
    const largestJpeg = processed.variants.filter((v) => v.format === 'jpeg').pop()!;
    assert.deepEqual([largestJpeg.width, largestJpeg.height], [w, h], 'JPEG holds the whole height');
  }
  assert.deepEqual(variantSize('webp', { width: 400, height: 16384 }, 400), { width: 399, height: 16343 });
  assert.deepEqual(variantSize('avif', { width: 400, height: 16384 }, 400), { width: 400, height: 16384 });
});

test('an animation is held to the pixel limit frame by frame, and to its own limit on all its frames together', async () => {
  // One 100×100 frame is well under a 20,000-pixel limit; the ten together (100,000) are not. The comment
  // block makes the original one that is re-encoded, which decodes every frame.
  const gif = animatedGif({ width: 100, height: 100, frames: 10, comment: 'Secretville' });
  const processed = await processImage(gif, { maxInputPixels: 20_000, maxAnimationPixels: 200_000, maxAnimationFrames: 50 });
  assert.deepEqual([processed.mime, processed.width, processed.height], ['image/gif', 100, 100]);
  const stored = await sharp(processed.original).metadata();
  assert.deepEqual([stored.format, stored.pages], ['gif', 10], 'the frames are kept');
  assert.ok(!processed.original.includes('Secretville'), 'the comment is not');

  for (const limits of [
    { maxInputPixels: 20_000, maxAnimationPixels: 90_000, maxAnimationFrames: 50 },
    { maxInputPixels: 20_000, maxAnimationPixels: 200_000, maxAnimationFrames: 9 },
  ]) {
    await assert.rejects(processImage(gif, limits), (refusal: unknown) => {
      const err = toHttpError(refusal as Error);
      assert.ok(err instanceof HttpError, String(err));
      assert.deepEqual([err.status, err.code, err.field], [413, 'payload_too_large', 'file']);
      assert.match(err.message, /^The animation is too long: 10 frames of 100×100 pixels; at most \d+ frames and 0\.\d+ megapixels in all are accepted$/);
      return true;
    });
  }
  await assert.rejects(
    processImage(animatedGif({ width: 200, height: 200, frames: 2 }), { maxInputPixels: 20_000, maxAnimationPixels: 200_000, maxAnimationFrames: 50 }),
    /larger than 0.02 megapixels/,
  );
});
