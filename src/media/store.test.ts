import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { getMediaById, saveImage, updateMediaDescription, type StoredImage } from './store.ts';
import { hashOf } from './pipeline.ts';
import { mediaMigrations } from './migrations.ts';
import { nowIso } from '../db/time.ts';
import { assertIsPhonePhoto, assertNoMetadata, phonePhoto } from '../../test/photos.ts';

for (const kind of await databaseKinds()) {
  describe(`media store on ${kind}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
    });
    after(() => t.drop());

    const described = ({ created: _created, ...info }: StoredImage) => info;
    const image = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#468' } }).jpeg().toBuffer();

    test('two uploads of the same bytes racing each other make one image with one set of variants', async () => {
      const bytes = await image(1000, 500);
      // Both pass the "already stored?" check before either inserts, so the insert's ON CONFLICT decides.
      const [a, b] = await Promise.all([
        saveImage(t.handle, bytes, { alt: 'First', credit: '', creditUrl: '' }),
        saveImage(t.handle, bytes, { alt: 'Second', credit: '', creditUrl: '' }),
      ]);
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
        await t.handle.db.insertInto('mediaVariants').values({ mediaId: id, format: 'jpeg', width, height, bytes: Buffer.from('variant bytes') }).execute();
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
      assert.deepEqual(variants.map((v) => Buffer.from(v.bytes).toString()), ['variant bytes', 'variant bytes']);

      // Run again (a second process, a retried start), it changes nothing more.
      await mediaMigrations['0020_media_originals']!.up(t.handle.db);
      assert.equal(Buffer.compare(Buffer.from((await read(dirtyId)).original), cleaned), 0);
    });
  });
}
