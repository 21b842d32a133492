import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor } from '../../test/office.ts';
import { assertIsPhonePhoto, assertNoMetadata, phonePhoto } from '../../test/photos.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { getMediaById, pictureView } from './store.ts';

interface MediaJson {
  id: number;
  url: string;
  width: number;
  height: number;
  alt: string;
  credit: string;
  credit_url: string;
}
const described = ({ id, url, width, height, alt, credit, credit_url }: MediaJson) => ({ id, url, width, height, alt, credit, credit_url });

interface ErrorJson {
  error: { code: string; message: string; field?: string };
}

/** A photo-like JPEG (grain, so its second half carries real image data). */
async function photoJpeg(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .blur(1)
    .jpeg({ quality: 85 })
    .toBuffer();
}

for (const kind of await databaseKinds()) {
  describe(`media over HTTP on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    async function upload(token: string, file: { name: string; type: string; bytes: Buffer }, fields: Record<string, string> = {}) {
      const form = multipartBody(file, fields);
      return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(token), ...form.headers }, payload: form.payload });
    }

    async function mediaCount() {
      return Number(
        (
          await t.db.handle.db
            .selectFrom('media')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    }

    const patch = (token: string, id: number | string, payload: unknown) => t.app.inject({ method: 'PATCH', url: `/api/v1/media/${id}`, headers: bearer(token), payload: payload as object });

    test('a truncated JPEG is a 415 naming the file, not a 500, and stores nothing', async () => {
      const whole = await photoJpeg();
      const before = await mediaCount();
      const res = await upload(t.tokens.editor, { name: 'half.jpg', type: 'image/jpeg', bytes: whole.subarray(0, whole.length >> 1) }, { alt: 'Half' });
      assert.equal(res.statusCode, 415, res.body);
      const { error } = res.json() as ErrorJson;
      assert.equal(error.code, 'unsupported_media_type');
      assert.equal(error.field, 'file');
      assert.match(error.message, /could not be decoded/);
      assert.equal(await mediaCount(), before);
    });

    test('a photo with EXIF GPS and orientation: nothing served or stored keeps its metadata, and the original is not public', async () => {
      const photo = await phonePhoto();
      const sent = await assertIsPhonePhoto(photo);

      const res = await upload(t.tokens.author, { name: 'phone.jpg', type: 'image/jpeg', bytes: photo }, { alt: 'A street' });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json() as MediaJson & { hash: string };
      assert.deepEqual([created.width, created.height], [800, 1200], 'the orientation is applied');

      // The address of the original no longer hands out the upload: it leads to the largest variant.
      for (const ext of ['jpg', 'webp', 'avif']) {
        const original = await t.app.inject({ url: `/media/${created.hash}/original.${ext}` });
        assert.equal(original.statusCode, 301, `original.${ext}`);
        assert.equal(original.headers.location, `/media/${created.hash}/800.${ext}`);
        assert.equal(original.rawPayload.indexOf('LeakCam'), -1);
      }
      const revalidated = await t.app.inject({ url: `/media/${created.hash}/original.jpg`, headers: { 'if-none-match': `"${created.hash}-original.jpg"` } });
      assert.equal(revalidated.statusCode, 301, 'a cache holding an old original is not told to keep it');

      // Every public variant, as the article page's srcset names them.
      for (const ext of ['jpg', 'webp', 'avif']) {
        for (const width of [480, 800]) {
          const variant = await t.app.inject({ url: `/media/${created.hash}/${width}.${ext}` });
          assert.equal(variant.statusCode, 200, `${width}.${ext}`);
          await assertNoMetadata(variant.rawPayload, `${width}.${ext}`);
        }
      }

      // What is stored, and what `rostrum export` writes: the picture turned upright, its colour profile, nothing else.
      const stored = await t.db.handle.db.selectFrom('media').select(['original', 'hash']).where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(stored.hash, created.hash);
      await assertNoMetadata(Buffer.from(stored.original), 'the stored original');
      const kept = await sharp(Buffer.from(stored.original)).metadata();
      assert.deepEqual([kept.format, kept.width, kept.height, kept.orientation ?? 1], ['jpeg', 800, 1200, 1]);
      assert.ok(kept.icc && Buffer.compare(kept.icc, sent.icc!) === 0, 'the P3 colour profile is kept');

      // The same file uploaded again is still known by its hash: the same image, nothing stored twice.
      const again = await upload(t.tokens.editor, { name: 'again.jpg', type: 'image/jpeg', bytes: photo });
      assert.equal((again.json() as MediaJson).id, created.id);
    });

    test('an upload holding only its picture is stored byte for byte', async () => {
      const plain = await sampleJpeg(640, 360);
      const created = (await upload(t.tokens.editor, { name: 'plain.jpg', type: 'image/jpeg', bytes: plain })).json() as MediaJson;
      const stored = await t.db.handle.db.selectFrom('media').select('original').where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(Buffer.compare(Buffer.from(stored.original), plain), 0);
    });

    test('a 400×16384 PNG is accepted, and each format gets a variant that fits it', async () => {
      const tall = await sharp({ create: { width: 400, height: 16384, channels: 3, background: '#2a6' } })
        .png()
        .toBuffer();
      const res = await upload(t.tokens.editor, { name: 'strip.png', type: 'image/png', bytes: tall }, { alt: 'A long strip' });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json() as MediaJson & { hash: string };
      assert.deepEqual([created.width, created.height], [400, 16384]);
      assert.equal(created.url, `http://rostrum.test/media/${created.hash}/400.jpg`);
      // WebP holds at most 16383 pixels a side, so its variant is one pixel narrower (and, in proportion, 41 shorter); AVIF and JPEG keep the full size.
      for (const [file, size] of [
        ['400.jpg', [400, 16384]],
        ['400.avif', [400, 16384]],
        ['399.webp', [399, 16343]],
      ] as const) {
        const variant = await t.app.inject({ url: `/media/${created.hash}/${file}` });
        assert.equal(variant.statusCode, 200, file);
        const meta = await sharp(variant.rawPayload, { limitInputPixels: false }).metadata();
        assert.deepEqual([meta.width, meta.height], size, file);
      }
      assert.equal((await t.app.inject({ url: `/media/${created.hash}/400.webp` })).statusCode, 404);
      const picture = pictureView((await getMediaById(t.db.handle, created.id))!);
      assert.deepEqual(
        picture.sources.map((source) => source.srcset.replace(/\/media\/[0-9a-f]{64}\//, '')),
        ['400.avif 400w', '399.webp 399w', '400.jpg 400w'],
      );
      assert.deepEqual([picture.src.endsWith('/400.jpg'), picture.width, picture.height], [true, 400, 16384]);
    });

    test('a text file named .jpg is a 415 naming the file', async () => {
      const res = await upload(t.tokens.editor, { name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('Just some words, certainly not a JPEG.\n'.repeat(20)) });
      assert.equal(res.statusCode, 415, res.body);
      const { error } = res.json() as ErrorJson;
      assert.equal(error.code, 'unsupported_media_type');
      assert.equal(error.field, 'file');
    });

    test('an image over the pixel limit gets its own 413', async () => {
      const big = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: '#246' } })
        .png()
        .toBuffer();
      const res = await upload(t.tokens.editor, { name: 'big.png', type: 'image/png', bytes: big });
      assert.equal(res.statusCode, 413, res.body);
      const { error } = res.json() as ErrorJson;
      assert.equal(error.code, 'payload_too_large');
      assert.equal(error.field, 'file');
      assert.match(error.message, /larger than 50 megapixels/);
    });

    test('an AVIF upload is accepted', async () => {
      const avif = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#369' } })
        .avif()
        .toBuffer();
      const res = await upload(t.tokens.author, { name: 'pic.avif', type: 'image/avif', bytes: avif });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual([(res.json() as MediaJson).width, (res.json() as MediaJson).height], [640, 480]);
    });

    test('uploading the same bytes again returns the stored image unchanged, whoever sends them', async () => {
      const bytes = await sampleJpeg(320, 200);
      const first = await upload(t.tokens.editor, { name: 'a.jpg', type: 'image/jpeg', bytes }, { alt: 'The original alt', credit: 'Photo Desk', credit_url: 'https://example.org/desk' });
      assert.equal(first.statusCode, 201, first.body);
      const again = await upload(t.tokens.author, { name: 'b.jpg', type: 'image/jpeg', bytes }, { alt: 'Defaced alt', credit: 'Mallory', credit_url: 'https://evil.example/' });
      assert.equal(again.statusCode, 201, again.body);
      const id = (first.json() as MediaJson).id;
      assert.equal((again.json() as MediaJson).id, id);
      assert.equal((again.json() as MediaJson).alt, 'The original alt', 'the answer shows the description that is kept');
      const stored = (await t.app.inject({ url: `/api/v1/media/${id}`, headers: bearer(t.tokens.author) })).json() as MediaJson;
      assert.equal(stored.alt, 'The original alt');
      assert.equal(stored.credit, 'Photo Desk');
      assert.equal(stored.credit_url, 'https://example.org/desk');
    });

    test('GET /api/v1/media/:id answers the description for any valid token', async () => {
      const created = (await upload(t.tokens.author, { name: 'c.jpg', type: 'image/jpeg', bytes: await sampleJpeg(300, 150) }, { alt: 'A field', credit: 'Agency' })).json() as MediaJson;
      for (const token of [t.tokens.author, t.tokens.editor, t.tokens.admin]) {
        const res = await t.app.inject({ url: `/api/v1/media/${created.id}`, headers: bearer(token) });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { id: created.id, url: created.url, width: 300, height: 150, alt: 'A field', credit: 'Agency', credit_url: '' });
      }
      assert.match(created.url, /^http:\/\/rostrum\.test\/media\/[0-9a-f]{64}\/300\.jpg$/);
      assert.equal((await t.app.inject({ url: `/api/v1/media/${created.id}` })).statusCode, 401);
      for (const id of ['999999', '0', 'abc', '1e3', '-1']) {
        assert.equal((await t.app.inject({ url: `/api/v1/media/${id}`, headers: bearer(t.tokens.admin) })).statusCode, 404, id);
      }
    });

    test('an editor changes the alt text with PATCH, and the article page shows it at once', async () => {
      const expertRes = await t.app.inject({ method: 'POST', url: '/api/v1/experts', headers: bearer(t.tokens.admin), payload: { name: 'Mira Alt', title: 'Fellow' } });
      assert.equal(expertRes.statusCode, 201, expertRes.body);
      const expert = expertRes.json() as { slug: string };
      const image = (await upload(t.tokens.editor, { name: 'hero.jpg', type: 'image/jpeg', bytes: await sampleJpeg(900, 500) }, { alt: 'Old harbour alt', credit: 'Desk' })).json() as MediaJson;
      const articleRes = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.editor),
        payload: { expert: expert.slug, title: 'Harbour lights', lead: 'A lead.', body: 'Body.', image: image.id, status: 'published', published_at: '2022-03-01T00:00:00Z' },
      });
      assert.equal(articleRes.statusCode, 201, articleRes.body);
      const page = new URL((articleRes.json() as { url: string }).url).pathname;
      assert.ok((await t.app.inject({ url: page })).body.includes('alt="Old harbour alt"'));
      assert.ok((await t.app.inject({ url: page })).body.includes('alt="Old harbour alt"'), 'served from the page cache');

      const res = await patch(t.tokens.editor, image.id, { alt: 'New harbour alt', credit_url: 'https://example.org/new' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { ...described(image), alt: 'New harbour alt', credit: 'Desk', credit_url: 'https://example.org/new' });
      const html = (await t.app.inject({ url: page })).body;
      assert.ok(html.includes('alt="New harbour alt"'), 'the page shows the new alt text');
      assert.ok(!html.includes('Old harbour alt'));
      assert.ok(html.includes('href="https://example.org/new"'));

      const byAdmin = await patch(t.tokens.admin, image.id, { credit: '', credit_url: '' });
      assert.equal(byAdmin.statusCode, 200, byAdmin.body);
      assert.deepEqual(byAdmin.json(), { ...described(image), alt: 'New harbour alt', credit: '', credit_url: '' });
    });

    test('PATCH: authors are refused, unknown ids are 404, bad input is 422 and changes nothing', async () => {
      const image = (await upload(t.tokens.author, { name: 'd.jpg', type: 'image/jpeg', bytes: await sampleJpeg(200, 100) }, { alt: 'Kept alt' })).json() as MediaJson;
      const byAuthor = await patch(t.tokens.author, image.id, { alt: 'Author rewrite' });
      assert.equal(byAuthor.statusCode, 403, byAuthor.body);
      assert.equal((byAuthor.json() as ErrorJson).error.code, 'forbidden');
      assert.equal((await patch('rst_' + 'a'.repeat(43), image.id, { alt: 'x' })).statusCode, 401);
      for (const id of ['999999', '0', 'abc', '1e3', '2147483648']) {
        const res = await patch(t.tokens.editor, id, { alt: 'x' });
        assert.equal(res.statusCode, 404, `${id} -> ${res.body}`);
        assert.equal((res.json() as ErrorJson).error.code, 'not_found');
      }
      const bad: Array<{ payload: unknown; field?: string }> = [
        { payload: { credit_url: 'javascript:alert(1)' }, field: 'credit_url' },
        { payload: { credit_url: 'ftp://example.org/x' }, field: 'credit_url' },
        { payload: { alt: 'x'.repeat(501) }, field: 'alt' },
        { payload: { credit: 'a\u0000b' }, field: 'credit' },
        { payload: { alt: 42 }, field: 'alt' },
        { payload: { alt: 'fine', surprise: true } },
        { payload: {} },
      ];
      for (const b of bad) {
        const res = await patch(t.tokens.editor, image.id, b.payload);
        assert.equal(res.statusCode, 422, `${JSON.stringify(b.payload)} -> ${res.body}`);
        const { error } = res.json() as ErrorJson;
        assert.equal(error.code, 'invalid');
        if (b.field) assert.equal(error.field, b.field);
      }
      const stored = (await t.app.inject({ url: `/api/v1/media/${image.id}`, headers: bearer(t.tokens.editor) })).json() as MediaJson;
      assert.deepEqual(stored, { ...described(image), alt: 'Kept alt', credit: '', credit_url: '' });
    });
  });
}

for (const kind of await databaseKinds()) {
  describe(`the image queue on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      // One image at a time and one waiting: small limits, so that the test holds the slot itself instead of sending huge images.
      t = await startTestApp(kind, { ROSTRUM_IMAGE_JOBS: '1', ROSTRUM_IMAGE_QUEUE: '1' });
    });
    after(() => t.close());

    const upload = (bytes: Buffer) => {
      const form = multipartBody({ name: 'photo.jpg', type: 'image/jpeg', bytes }, { alt: 'Queued' });
      return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens.editor), ...form.headers }, payload: form.payload });
    };
    const mediaCount = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('media')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('uploads beyond the one processed and the one waiting get 503 with Retry-After, in the API and in the office form', async () => {
      let release!: () => void;
      const holding = t.ctx.imageQueue.run(() => new Promise<void>((resolve) => (release = resolve)));
      const waiting = upload(await sampleJpeg(301, 200));
      let settled = false;
      void waiting.finally(() => (settled = true));
      while (t.ctx.imageQueue.waiting < 1) {
        assert.equal(settled, false, 'the first upload waits for its turn');
        await new Promise((resolve) => setImmediate(resolve));
      }
      const before = await mediaCount();

      const refused = await upload(await sampleJpeg(302, 200));
      assert.equal(refused.statusCode, 503, refused.body);
      const { error } = refused.json() as ErrorJson;
      assert.equal(error.code, 'busy');
      assert.match(error.message, /busy with other images; nothing was stored\. Please send the image again in \d+ seconds?/);
      assert.match(String(refused.headers['retry-after']), /^[1-9]\d*$/);

      const author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      const form = multipartBody(
        { name: 'hero.jpg', type: 'image/jpeg', bytes: await sampleJpeg(303, 200) },
        { expert: 'author-expert', title: 'A busy day', lead: 'Its lead.', body: 'Its body.', action: 'save' },
        { fileField: 'image_file', emptyFilePart: true },
      );
      const page = await t.app.inject({
        method: 'POST',
        url: `/admin/articles/new?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`,
        headers: { cookie: author.cookie, ...form.headers },
        payload: form.payload,
      });
      assert.equal(page.statusCode, 503, page.body.slice(0, 300));
      assert.match(String(page.headers['retry-after']), /^[1-9]\d*$/);
      assert.match(page.body, /field-image_file-error/);
      assert.match(page.body, /busy with other images; nothing was stored/);
      assert.match(page.body, /value="A busy day"/, 'what was typed is kept');

      const admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      const profile = multipartBody(
        { name: 'p.jpg', type: 'image/jpeg', bytes: await sampleJpeg(304, 200) },
        { name: 'Busy Portrait', title: 'Fellow' },
        { fileField: 'photo_file', emptyFilePart: true },
      );
      const profilePage = await t.app.inject({
        method: 'POST',
        url: `/admin/experts/new?${CSRF_FIELD}=${encodeURIComponent(admin.csrf)}`,
        headers: { cookie: admin.cookie, ...profile.headers },
        payload: profile.payload,
      });
      assert.equal(profilePage.statusCode, 503, profilePage.body.slice(0, 300));
      assert.match(String(profilePage.headers['retry-after']), /^[1-9]\d*$/);
      assert.match(profilePage.body, /busy with other images; nothing was stored/);
      assert.match(profilePage.body, /value="Busy Portrait"/, 'what was typed is kept');
      assert.equal(await mediaCount(), before, 'nothing was stored by a refusal');

      release();
      await holding;
      const accepted = await waiting;
      assert.equal(accepted.statusCode, 201, accepted.body);
      assert.equal(t.ctx.imageQueue.running, 0);
      assert.equal((await upload(await sampleJpeg(302, 200))).statusCode, 201, 'once the queue is free, the refused image is accepted');
    });
  });
}
