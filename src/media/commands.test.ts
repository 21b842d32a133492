import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { CSRF_FIELD } from '../http/csrf.ts';
import { systemActor } from '../core/actor.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getArticleById } from '../articles/store.ts';
import { uploadImage } from './commands.ts';
import { getMediaById } from './store.ts';

/**
 * Every change to an image, from each entry point, goes through one command (commands.ts): it lands in
 * the audit log with who made it, and a refused one leaves no image, no change and no audit entry.
 * Images have no command-line changes; the demo loader (a named system actor) stands in.
 */

const drafted = { expert: 'author-expert', title: 'With a picture', lead: 'Its lead.', body: 'Its body.', action: 'save' };

for (const kind of await databaseKinds()) {
  describe(`media commands on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let width = 200;
    /** A JPEG no earlier test has stored: the same bytes twice are one image. */
    const freshJpeg = () => sampleJpeg(width++, 120);
    before(async () => {
      t = await startTestApp(kind);
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
    });
    after(() => t.close());

    const apiUpload = async (role: 'author' | 'editor', bytes: Buffer, fields: Record<string, string> = {}) => {
      const form = multipartBody({ name: 'p.jpg', type: 'image/jpeg', bytes }, fields);
      return t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(t.tokens[role]), ...form.headers }, payload: form.payload });
    };
    const patch = (role: 'author' | 'editor', id: number, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/media/${id}`, headers: bearer(t.tokens[role]), payload });
    const officeForm = (fields: Record<string, string>, bytes?: Buffer, url = '/admin/articles/new') => {
      const form = multipartBody(bytes && { name: 'hero.jpg', type: 'image/jpeg', bytes }, fields, { fileField: 'image_file', emptyFilePart: true });
      return t.app.inject({ method: 'POST', url: `${url}?${CSRF_FIELD}=${encodeURIComponent(author.csrf)}`, headers: { cookie: author.cookie, ...form.headers }, payload: form.payload });
    };
    const editorId = (location: unknown) => Number(/^\/admin\/articles\/(\d+)/.exec(String(location))?.[1]);
    const entriesOf = async (id: number) => (await listAuditEvents(t.db.handle, { limit: 100, subject: { kind: 'media', id } })).reverse();
    const count = async (table: 'media' | 'auditEvents') =>
      Number(
        (
          await t.db.handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // [what, entry point, who, the change (answers the image's id), the audit action, what the detail says]
    const changes: Array<[string, string, string, () => Promise<number>, string, RegExp]> = [
      [
        'upload',
        'API',
        'author@rostrum.test',
        async () => {
          const res = await apiUpload('author', await freshJpeg(), { alt: 'A harbour' });
          assert.equal(res.statusCode, 201, res.body);
          return (res.json() as { id: number }).id;
        },
        'media.upload',
        /^new image \d+×120$/,
      ],
      [
        'upload',
        'office (article editor)',
        'author@rostrum.test',
        async () => {
          const res = await officeForm({ ...drafted, image_alt: 'A harbour' }, await freshJpeg());
          assert.equal(res.statusCode, 303, res.body.slice(0, 300));
          return (await getArticleById(t.db.handle, editorId(res.headers.location)))!.heroMediaId!;
        },
        'media.upload',
        /from the article editor$/,
      ],
      [
        'describe',
        'API',
        'editor@rostrum.test',
        async () => {
          const { id } = (await apiUpload('editor', await freshJpeg())).json() as { id: number };
          assert.equal((await patch('editor', id, { alt: 'Described', credit_url: 'https://example.org/' })).statusCode, 200);
          return id;
        },
        'media.describe',
        /^changed alt, credit_url$/,
      ],
      [
        'describe',
        'office (article editor)',
        'author@rostrum.test',
        async () => {
          const res = await officeForm({ ...drafted, image_alt: 'First words' }, await freshJpeg());
          const articleId = editorId(res.headers.location);
          const imageId = (await getArticleById(t.db.handle, articleId))!.heroMediaId!;
          const again = await officeForm({ ...drafted, image: String(imageId), image_alt: 'Better words', image_credit: '', image_credit_url: '' }, undefined, `/admin/articles/${articleId}`);
          assert.equal(again.statusCode, 303, again.body.slice(0, 300));
          assert.equal((await getMediaById(t.db.handle, imageId))!.alt, 'Better words');
          return imageId;
        },
        'media.describe',
        /^changed alt from the article editor$/,
      ],
      [
        'upload',
        'system (demo loader)',
        'demo content',
        async () => {
          const image = await uploadImage({ handle: t.db.handle, contentChanged: () => {} }, systemActor('demo content'), { file: await freshJpeg(), description: { alt: 'Made up' } });
          return image.id;
        },
        'media.upload',
        /^new image/,
      ],
    ];

    for (const [what, entryPoint, who, change, action, detail] of changes) {
      test(`${what} from the ${entryPoint} lands in the audit log as ${action} by ${who}`, async () => {
        const id = await change();
        const entry = (await entriesOf(id)).at(-1);
        assert.ok(entry, 'an audit entry');
        assert.equal(entry.action, action);
        assert.equal(entry.actorLabel, who);
        assert.match(entry.detail, detail);
      });
    }

    test('refused uploads and descriptions leave no image, no change and no audit entry', async () => {
      const { id } = (await apiUpload('author', await freshJpeg(), { alt: 'Kept' })).json() as { id: number };
      const [images, entries] = [await count('media'), await count('auditEvents')];
      const stored = await getMediaById(t.db.handle, id);
      const refusals: Array<[string, () => Promise<{ statusCode: number; body: string }>, number]> = [
        ['an author describing an image no draft of theirs shows', () => patch('author', id, { alt: 'Mine now' }), 403],
        ['an unsafe credit link', () => patch('editor', id, { credit_url: 'javascript:alert(1)' }), 422],
        ['a field the API does not take', () => patch('editor', id, { alt: 'x', surprise: true }), 422],
        ['a file that is not an image', () => apiUpload('editor', Buffer.from('<?php echo 1; ?>')), 415],
        ['an unsafe credit link with the upload', async () => apiUpload('editor', await freshJpeg(), { credit_url: 'javascript:alert(1)' }), 422],
        ['a file that is not an image, in the editor', () => officeForm({ ...drafted, title: 'Bad file' }, Buffer.from('GIF89a, or so it says')), 422],
        ['an upload with a form that names no expert', async () => officeForm({ ...drafted, expert: 'nobody-here' }, await freshJpeg()), 422],
      ];
      for (const [what, refused, status] of refusals) {
        const res = await refused();
        assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 200)}`);
        assert.deepEqual([await count('media'), await count('auditEvents')], [images, entries], what);
      }
      assert.deepEqual(await getMediaById(t.db.handle, id), stored);
    });

    test('an upload whose article save is refused afterwards is taken back, and the log says so', async () => {
      const first = await officeForm({ ...drafted, title: 'Holds the slug', slug: 'held' });
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const images = await count('media');
      // Only the save finds the slug taken, after the image that came with the form is stored.
      const clash = await officeForm({ ...drafted, title: 'Wants the slug', slug: 'held' }, await freshJpeg());
      assert.equal(clash.statusCode, 409, clash.body.slice(0, 300));
      assert.equal(await count('media'), images, 'the image went with the refused save');
      const log = await listAuditEvents(t.db.handle, { limit: 2, subjectKind: 'media' });
      assert.deepEqual(
        log.map((e) => e.action),
        ['media.delete', 'media.upload'],
      );
      assert.equal(log[0]!.subjectId, log[1]!.subjectId);
    });
  });
}
