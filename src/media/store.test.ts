import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/databases.ts';
import { getMediaById, saveImage, updateMediaDescription, type StoredImage } from './store.ts';

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
  });
}
