import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { getMediaById, saveImage, updateMediaDescription, type StoredImage } from './store.ts';
import { hashOf } from './pipeline.ts';
import { mediaMigrations } from './migrations.ts';
import { nowIso } from '../db/time.ts';
import { animatedGif, assertIsPhonePhoto, assertNoMetadata, phonePhoto } from '../../test/photos.ts';

for (const kind of await databaseKinds()) {
  describe(`media store on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    const described = ({ created: _created, ...info }: StoredImage) => info;
    const image = (width: number, height: number) =>
      sharp({ create: { width, height, channels: 3, background: '#468' } })
        .jpeg()
        .toBuffer();

    test('two uploads of the same bytes racing each other make one image with one set of variants', async () => {
      const bytes = await image(1000, 500);
      // Both pass the "already stored?" check before either inserts, so the insert's ON CONFLICT decides.
      const [a, b] = await Promise.all([saveImage(t.handle, bytes, { alt: 'First', credit: '', creditUrl: '' }), saveImage(t.handle, bytes, { alt: 'Second', credit: '', creditUrl: '' })]);
      assert.equal(a.id, b.id);
      assert.equal(a.alt, b.alt);
      assert.equal([a, b].filter((x) => x.created).length, 1, 'one of them stored it');
      assert.ok(['First', 'Second'].includes(a.alt));
      const variants = await t.handle.db.selectFrom('mediaVariants').select(['format', 'width']).where('mediaId', '=', a.id).execute();
      assert.equal(variants.length, 3 * 3, 'avif, webp and jpeg at 480, 800 and 1000');
      const later = await saveImage(t.handle, bytes, { alt: 'Third', credit: 'X', creditUrl: 'https://evil.example/' });
      assert.equal(later.created, false);
      assert.deepEqual(described(later), described(a));
    });

    test('updateMediaDescription changes only the fields given', async () => {
      const saved = await saveImage(t.handle, await image(300, 200), { alt: 'A', credit: 'C', creditUrl: 'https://example.org/' });
      const changed = await updateMediaDescription(t.handle, saved.id, { alt: 'B', credit: undefined });
      assert.deepEqual(changed, { ...described(saved), alt: 'B' });
      assert.deepEqual(await getMediaById(t.handle, saved.id), changed);
      assert.equal(await updateMediaDescription(t.handle, 987654, { alt: 'B' }), undefined);
    });

    test('0020 strips the metadata from originals stored by earlier versions, keeping hash, size, variants and clean originals as they are', async () => {
      // Rows as versions before 0020 wrote them: the upload's own bytes as the original.
      const photo = await phonePhoto(600, 400);
      const sent = await assertIsPhonePhoto(photo);
      const plain = await image(320, 200);
      const insert = async (bytes: Buffer, width: number, height: number) => {
        const { id } = await t.handle.db
          .insertInto('media')
          .values({ hash: hashOf(bytes), mime: 'image/jpeg', width, height, alt: 'Old', credit: '', creditUrl: '', variantWidths: String(width), createdAt: nowIso(), original: bytes })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.handle.db
          .insertInto('mediaVariants')
          .values({ mediaId: id, format: 'jpeg', width, height, bytes: Buffer.from('variant bytes') })
          .execute();
        return id;
      };
      const dirtyId = await insert(photo, 400, 600);
      const plainId = await insert(plain, 320, 200);
      const read = (id: number) => t.handle.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const before = { dirty: await read(dirtyId), plain: await read(plainId) };

      await mediaMigrations['0020_media_originals']!.up(t.handle.db);
      const after = { dirty: await read(dirtyId), plain: await read(plainId) };
      const cleaned = Buffer.from(after.dirty.original);
      await assertNoMetadata(cleaned, 'the migrated original');
      const kept = await sharp(cleaned).metadata();
      assert.deepEqual([kept.format, kept.width, kept.height, kept.orientation ?? 1], ['jpeg', 400, 600, 1], 'turned upright');
      assert.ok(kept.icc && Buffer.compare(kept.icc, sent.icc!) === 0, 'the colour profile is kept');
      assert.deepEqual({ ...after.dirty, original: null }, { ...before.dirty, original: null }, 'hash, size and description unchanged');
      assert.equal(Buffer.compare(Buffer.from(after.plain.original), plain), 0, 'an original holding only its picture is left byte for byte');
      const variants = await t.handle.db.selectFrom('mediaVariants').select('bytes').where('mediaId', 'in', [dirtyId, plainId]).execute();
      assert.deepEqual(
        variants.map((v) => Buffer.from(v.bytes).toString()),
        ['variant bytes', 'variant bytes'],
      );

      // Run again (a second process, a retried start), it changes nothing more.
      await mediaMigrations['0020_media_originals']!.up(t.handle.db);
      assert.equal(Buffer.compare(Buffer.from((await read(dirtyId)).original), cleaned), 0);
    });

    test('0020 leaves an original it cannot re-encode, or that would decode too many pixels, as it was, says so, and cleans the others', async (ctx) => {
      const photo = await phonePhoto(600, 400);
      // Its header (EXIF included) reads, its picture does not: the encode throws.
      const truncated = photo.subarray(0, photo.length - 2000);
      assert.ok((await sharp(truncated).metadata()).exif, 'the truncated photo carries its EXIF');
      // Animated WebPs with EXIF (which 0020 re-encodes): each frame is small, but 1001 frames are more than
      // 0020 decodes; so are 101 frames of a megapixel (a small animation on a canvas made 1000×1000 by hand).
      const webpWithExif = (gif: Buffer) =>
        sharp(gif, { animated: true })
          .webp({ lossless: true })
          .withExif({ IFD0: { Make: 'LeakCam' } })
          .toBuffer();
      const longAnimation = await webpWithExif(animatedGif({ width: 32, height: 32, frames: 1001 }));
      const largeAnimation = await webpWithExif(animatedGif({ width: 11, height: 11, frames: 101 }));
      assert.equal(largeAnimation.toString('latin1', 12, 16), 'VP8X');
      largeAnimation.writeUIntLE(999, 24, 3);
      largeAnimation.writeUIntLE(999, 27, 3);
      const large = await sharp(largeAnimation).metadata();
      assert.deepEqual([large.width, large.height, large.pages, Boolean(large.exif)], [1000, 1000, 101, true]);
      const insert = async (bytes: Buffer, mime: string) => {
        const { id } = await t.handle.db
          .insertInto('media')
          .values({ hash: hashOf(bytes), mime, width: 10, height: 10, alt: '', credit: '', creditUrl: '', variantWidths: '10', createdAt: nowIso(), original: bytes })
          .returning('id')
          .executeTakeFirstOrThrow();
        return id;
      };
      const ids = {
        truncated: await insert(truncated, 'image/jpeg'),
        photo: await insert(photo, 'image/jpeg'),
        long: await insert(longAnimation, 'image/webp'),
        large: await insert(largeAnimation, 'image/webp'),
      };
      const original = async (id: number) => Buffer.from((await t.handle.db.selectFrom('media').select('original').where('id', '=', id).executeTakeFirstOrThrow()).original);
      const warned = ctx.mock.method(console, 'warn', () => {});

      await mediaMigrations['0020_media_originals']!.up(t.handle.db);
      assert.equal(Buffer.compare(await original(ids.truncated), truncated), 0, 'the damaged original is left as it was');
      assert.equal(Buffer.compare(await original(ids.long), longAnimation), 0, 'so is the long animation');
      assert.equal(Buffer.compare(await original(ids.large), largeAnimation), 0, 'and the large one');
      await assertNoMetadata(await original(ids.photo), 'the photo stored after the damaged one');
      const said = warned.mock.calls.map((c) => String(c.arguments[0]));
      assert.deepEqual(
        said.map((line) => line.match(/^Migration 0020: media (\d+)/)?.[1]),
        [ids.truncated, ids.long, ids.large].map(String),
        said.join('\n'),
      );
      assert.match(said[0]!, /could not be re-encoded \(.+\); its original is left as it was/);
      assert.match(said[1]!, /1001 frames of 32×32 pixels: more than 0020 decodes; its original is left as it was/);
      assert.match(said[2]!, /101 frames of 1000×1000 pixels: more than 0020 decodes; its original is left as it was/);
    });
  });
}
