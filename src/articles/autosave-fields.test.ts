import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { createExpert, updateExpert } from '../experts/store.ts';
import { getMediaById, saveImage } from '../media/store.ts';
import { createPoll } from '../polls/store.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getArticleById } from './store.ts';

/** The fields the editor's script sends: every field of the form, as text (see src/client/admin-editor.ts). */
const formAsSent = (over: Record<string, string>) => ({
  id: '',
  revision: '',
  expert: 'author-expert',
  title: 'Kept whole',
  lead: 'A lead.',
  body: 'A body.',
  slug: '',
  tags: '',
  image: '',
  image_alt: '',
  image_credit: '',
  image_credit_url: '',
  ...over,
});

/** Autosave keeps every field the editor shows, as the Save button would, and no more than the person may change. */
for (const kind of await databaseKinds()) {
  describe(`autosave keeps the whole form on ${kind}`, () => {
    let t: TestApp;
    let author: OfficeSession;
    let editor: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
    });
    after(() => t.close());

    const describedAs = async (id: number) => {
      const m = (await getMediaById(t.db.handle, id))!;
      return [m.alt, m.credit, m.creditUrl];
    };

    test('an author’s autosave keeps the image’s alt text, credit and link, and is audited as a description', async () => {
      const image = await saveImage(t.db.handle, await sampleJpeg(300, 200), { alt: '', credit: '', creditUrl: '' });
      const first = await author.json(
        'POST',
        '/admin/articles/autosave',
        formAsSent({ image: String(image.id), image_alt: 'A ship in ice', image_credit: 'Port Authority', image_credit_url: 'https://port.example/' }),
      );
      assert.equal(first.statusCode, 201, first.body);
      const { id, revision } = first.json() as { id: number; revision: number };
      assert.equal((await getArticleById(t.db.handle, id))!.heroMediaId, image.id);
      assert.deepEqual(await describedAs(image.id), ['A ship in ice', 'Port Authority', 'https://port.example/']);
      const audit = await listAuditEvents(t.db.handle, { limit: 10, subject: { kind: 'media', id: image.id } });
      assert.deepEqual(
        audit.map((e) => e.action),
        ['media.describe'],
      );

      const again = await author.json(
        'POST',
        '/admin/articles/autosave',
        formAsSent({ id: String(id), revision: String(revision), image: String(image.id), image_alt: 'A ship in thin ice', image_credit: 'Port Authority', image_credit_url: '' }),
      );
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(await describedAs(image.id), ['A ship in thin ice', 'Port Authority', '']);

      const removed = await author.json(
        'POST',
        '/admin/articles/autosave',
        formAsSent({ id: String(id), revision: String(revision), image: String(image.id), remove_image: '1', image_alt: 'A ship in thin ice' }),
      );
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal((await getArticleById(t.db.handle, id))!.heroMediaId, null, 'ticking "Remove this image" is kept too');
    });

    test('an author’s autosave leaves another blog’s portrait described as it was, and says so', async () => {
      const other = await createExpert(t.db.handle, { name: 'Portrait Owner', slug: 'portrait-owner' });
      const portrait = await saveImage(t.db.handle, await sampleJpeg(310, 210), { alt: 'The owner', credit: 'Studio', creditUrl: '' });
      await updateExpert(t.db.handle, other.id, { photoMediaId: portrait.id });
      const res = await author.json('POST', '/admin/articles/autosave', formAsSent({ title: 'Borrowed', image: String(portrait.id), image_alt: 'Hijacked', image_credit: 'Mallory' }));
      assert.equal(res.statusCode, 201, res.body);
      assert.match(String((res.json() as { notice?: string }).notice), /alt text and credit were kept/);
      assert.deepEqual(await describedAs(portrait.id), ['The owner', 'Studio', '']);
    });

    test('an editor’s autosave keeps the publication time, the poll and featuring; an author’s cannot set them', async () => {
      const poll = await createPoll(t.db.handle, { question: 'Kept?', options: ['Yes', 'No'] });
      const editorial = { editorial_fields: '1', published_at: '2031-05-04T09:30', poll: String(poll.id), featured: '1' };
      const byEditor = await editor.json('POST', '/admin/articles/autosave', formAsSent({ title: 'Editorial fields', ...editorial }));
      assert.equal(byEditor.statusCode, 201, byEditor.body);
      const saved = (await getArticleById(t.db.handle, (byEditor.json() as { id: number }).id))!;
      assert.deepEqual([saved.status, saved.publishedAt, saved.pollId, saved.featured], ['draft', '2031-05-04T09:30:00.000Z', poll.id, 1]);

      const byAuthor = await author.json('POST', '/admin/articles/autosave', formAsSent({ title: 'Forged editorial fields', ...editorial }));
      assert.equal(byAuthor.statusCode, 201, byAuthor.body);
      const forged = (await getArticleById(t.db.handle, (byAuthor.json() as { id: number }).id))!;
      assert.deepEqual([forged.publishedAt, forged.pollId, forged.featured], [null, null, 0], 'the editors’ fields are theirs alone');
    });
  });
}
