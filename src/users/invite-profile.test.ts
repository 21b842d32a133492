import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { createExpert, getExpertById, listAllExperts } from '../experts/store.ts';
import { getUserByEmail } from './store.ts';

/**
 * Inviting an author makes or links their expert profile in the same form: before, an invitation failed
 * until an administrator had made the profile on another screen.
 */
for (const kind of await databaseKinds()) {
  describe(`inviting an author with their expert profile on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
    });
    after(() => t.close());

    /** The invitation form as a browser sends it: multipart, the portrait in `photo_file`, the token in the address. */
    function invite(session: OfficeSession, fields: Record<string, string>, photo?: Buffer) {
      const body = multipartBody(photo && { name: 'me.jpg', type: 'image/jpeg', bytes: photo }, fields, { fileField: 'photo_file', emptyFilePart: true });
      return t.app.inject({ method: 'POST', url: `/admin/users/invite?_csrf=${encodeURIComponent(session.csrf)}`, headers: { cookie: session.cookie, ...body.headers }, payload: body.payload });
    }
    const expertCount = async () => (await listAllExperts(t.db.handle)).length;

    test('the form offers to make a profile, or to link one of the experts nobody is linked to yet', async () => {
      const free = await createExpert(t.db.handle, { name: 'Unclaimed Fellow', slug: 'unclaimed-fellow' });
      const form = await admin.get('/admin/users/invite');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      for (const label of ['Link an expert profile that exists', 'Make a new expert profile', 'Name on the blog', 'Title', 'Biography', 'Portrait']) assert.ok(form.body.includes(label), label);
      assert.match(form.body, new RegExp(`<option value="${free.id}"[^>]*>Unclaimed Fellow</option>`));
      assert.doesNotMatch(form.body, />Author Expert<\/option>/, 'an expert with an account is not offered');
      assert.match(form.body, /id="field-profile-existing" name="profile" value="existing" checked/);
    });

    test('an administrator invites an author and makes their profile, portrait included, in one go', async () => {
      const res = await invite(
        admin,
        {
          email: 'Lena.Morozova@Rostrum.test',
          role: 'author',
          name: 'Lena',
          profile: 'new',
          expert_name: 'Lena Morozova',
          expert_title: 'Fellow, Arctic Programme',
          expert_bio: 'Writes on the Arctic.\r\nAnd shipping.',
        },
        await sampleJpeg(300, 400),
      );
      assert.equal(res.statusCode, 201, res.body.slice(0, 800));
      assert.match(res.body, /Invitation ready/);
      const user = (await getUserByEmail(t.db.handle, 'lena.morozova@rostrum.test'))!;
      const expert = (await getExpertById(t.db.handle, user.expertId!))!;
      assert.equal(expert.name, 'Lena Morozova');
      assert.equal(expert.slug, 'lena-morozova');
      assert.equal(expert.position, 'Fellow, Arctic Programme');
      assert.equal(expert.bio, 'Writes on the Arctic.\nAnd shipping.');
      assert.ok(expert.photoMediaId, 'the portrait is stored');
      const audit = (await listAuditEvents(t.db.handle, { limit: 10 })).map((e) => e.action);
      assert.ok(audit.includes('expert.create') && audit.includes('user.invite'), audit.join());
      // Their blog is there at once.
      assert.equal((await t.app.inject({ url: '/blogs/lena-morozova' })).statusCode, 200);
      // An empty name on the blog takes the person's.
      const plain = await invite(admin, { email: 'oleg@rostrum.test', role: 'author', name: 'Oleg Petrov', profile: 'new', expert_name: '', expert_title: '', expert_bio: '' });
      assert.equal(plain.statusCode, 201, plain.body.slice(0, 500));
      assert.equal((await getExpertById(t.db.handle, (await getUserByEmail(t.db.handle, 'oleg@rostrum.test'))!.expertId!))?.name, 'Oleg Petrov');
    });

    test('linking an existing profile still works, from the new form and from a plain one', async () => {
      const free = await createExpert(t.db.handle, { name: 'Second Unclaimed', slug: 'second-unclaimed' });
      const res = await invite(admin, { email: 'linked@rostrum.test', role: 'author', profile: 'existing', expert: String(free.id), expert_name: 'Ignored', expert_bio: 'Ignored' });
      assert.equal(res.statusCode, 201, res.body.slice(0, 500));
      assert.equal((await getUserByEmail(t.db.handle, 'linked@rostrum.test'))?.expertId, free.id);
      assert.equal((await getExpertById(t.db.handle, free.id))?.bio, '', 'linking changes nothing of the profile');
      const editor = await invite(admin, { email: 'new.editor@rostrum.test', role: 'editor', profile: 'none' });
      assert.equal(editor.statusCode, 201);
      assert.equal((await getUserByEmail(t.db.handle, 'new.editor@rostrum.test'))?.expertId, null);
    });

    test('a refused invitation writes nothing: no account, no expert; the form comes back as typed, escaped', async () => {
      const experts = await expertCount();
      const cases: Array<[Record<string, string>, number, RegExp]> = [
        [{ email: 'a1@rostrum.test', role: 'author', profile: 'new', expert_name: 'Too Long', expert_bio: 'x'.repeat(6000) }, 422, /Biography/],
        [{ email: 'a2@rostrum.test', role: 'author', profile: 'new', expert_name: 'x'.repeat(300) }, 422, /Name on the blog/],
        [{ email: 'author@rostrum.test', role: 'author', profile: 'new', expert_name: 'Has An Account' }, 409, /already has an account/],
        [{ email: 'not an address', role: 'author', profile: 'new', expert_name: 'Bad Mail' }, 422, /not an e-mail address/],
        [{ email: 'a3@rostrum.test', role: 'author', profile: 'none' }, 422, /required for authors/],
        [{ email: 'a4@rostrum.test', role: 'author', profile: 'sideways' }, 422, /choose one of the three/],
        [{ email: 'a5@rostrum.test', role: 'author', profile: 'existing', expert: '99999999' }, 422, /is not one of the experts/],
        [{ email: 'a6@rostrum.test', role: 'wizard', profile: 'new', expert_name: hostileStrings[1]! }, 422, /choose Author, Editor or Administrator/],
      ];
      for (const [fields, status, message] of cases) {
        const res = await invite(admin, fields);
        assert.equal(res.statusCode, status, `${JSON.stringify(fields).slice(0, 120)}: ${res.body.slice(0, 300)}`);
        assert.match(res.body, message);
        assert.ok(!res.body.includes('<img src=x onerror'), 'escaped');
      }
      const notAnImage = await invite(admin, { email: 'a7@rostrum.test', role: 'author', profile: 'new', expert_name: 'Bad Portrait' }, Buffer.from('%PDF-1.4 not an image'));
      assert.equal(notAnImage.statusCode, 422, notAnImage.body.slice(0, 300));
      assert.match(notAnImage.body, /field-photo_file-error/);
      assert.equal(await expertCount(), experts, 'no expert was made');
      for (const n of [1, 2, 3, 4, 5, 6, 7]) assert.equal(await getUserByEmail(t.db.handle, `a${n}@rostrum.test`), undefined);
    });

    test('only administrators invite, whatever the form carries; a form without its token is refused', async () => {
      const experts = await expertCount();
      for (const email of ['editor@rostrum.test', 'author@rostrum.test']) {
        const session = await officeSessionFor(t.app, t.db.handle, email);
        const res = await invite(session, { email: 'sneaky@rostrum.test', role: 'admin', profile: 'new', expert_name: 'Sneaky' });
        assert.equal(res.statusCode, 403);
      }
      const body = multipartBody(undefined, { email: 'forged@rostrum.test', role: 'author', profile: 'new', expert_name: 'Forged' }, { fileField: 'photo_file', emptyFilePart: true });
      const forged = await t.app.inject({ method: 'POST', url: '/admin/users/invite', headers: { cookie: admin.cookie, ...body.headers }, payload: body.payload });
      assert.equal(forged.statusCode, 403);
      assert.equal(await expertCount(), experts);
      assert.equal(await getUserByEmail(t.db.handle, 'sneaky@rostrum.test'), undefined);
      assert.equal(await getUserByEmail(t.db.handle, 'forged@rostrum.test'), undefined);
    });
  });
}
