import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../test/databases.ts';
import { bearer, hostileStrings, multipartBody, sampleJpeg, startTestApp, type TestApp, type UploadFile } from '../../test/app.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { listAuditEvents } from '../audit/store.ts';
import { getExpertById, getExpertBySlug, listAllExperts } from './store.ts';

/** The profile form as a browser sends it: multipart, the portrait in `photo_file`, the CSRF token in the address. */
function profileForm(fields: Record<string, string>, photo?: UploadFile) {
  const body = multipartBody(photo, fields, { fileField: 'photo_file', emptyFilePart: true });
  return { payload: body.payload, contentType: body.headers['content-type'] };
}

/** The messages of the error summary at the top of a refused form. */
const problemsOf = (html: string) => [...(/<div class="error-summary"[^>]*>(.*?)<\/div>/s.exec(html)?.[1]?.matchAll(/<li>(.*?)<\/li>/gs) ?? [])].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

for (const kind of await databaseKinds()) {
  describe(`experts in the office on ${kind}`, () => {
    let t: TestApp;
    let admin: OfficeSession;
    let author: OfficeSession;
    let editor: OfficeSession;
    let ownId: number;
    before(async () => {
      t = await startTestApp(kind);
      admin = await officeSessionFor(t.app, t.db.handle, 'admin@rostrum.test');
      author = await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test');
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      ownId = (await getExpertBySlug(t.db.handle, 'author-expert'))!.id;
    });
    after(() => t.close());

    /** Sends the profile form as a browser would, with the token in the address unless told not to. */
    function submit(session: OfficeSession, path: string, fields: Record<string, string>, photo?: { name: string; type: string; bytes: Buffer }, options = { csrf: true }) {
      const form = profileForm(fields, photo);
      const url = options.csrf ? `${path}?_csrf=${encodeURIComponent(session.csrf)}` : path;
      return t.app.inject({ method: 'POST', url, headers: { cookie: session.cookie, 'content-type': form.contentType }, payload: form.payload });
    }
    const jpeg = async (w = 320, h = 400) => ({ name: 'portrait.jpg', type: 'image/jpeg', bytes: await sampleJpeg(w, h) });
    const actions = async () => (await listAuditEvents(t.db.handle, { limit: 200 })).map((e) => `${e.action} ${e.subjectLabel}`);
    const idFrom = (location: unknown) => Number(/^\/admin\/experts\/(\d+)\?/.exec(String(location))![1]);

    test('an administrator adds an expert with a portrait; the blog shows them at once', async () => {
      const list = await admin.get('/admin/experts');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /href="\/admin\/experts\/new"[^>]*>New expert</);
      const form = await admin.get('/admin/experts/new');
      assert.equal(form.statusCode, 200);
      for (const label of ['Name', 'Slug', 'Title', 'Affiliation', 'Biography', 'Portrait']) assert.match(form.body, new RegExp(`<label for="field-[a-z_]+">${label}</label>`), label);
      assert.match(form.body, /<form method="post" action="\/admin\/experts\/new\?_csrf=[^"]+" class="office-form" enctype="multipart\/form-data">/);
      assert.match(form.body, /<input type="file" id="field-photo_file" name="photo_file"/);

      await t.app.inject({ url: '/blogs' });
      const res = await submit(
        admin,
        '/admin/experts/new',
        { name: 'Mira Kowal', slug: '', title: 'Senior Fellow', affiliation: 'Wrenfield Institute', bio: 'Writes on energy.\r\nAnd grids.' },
        await jpeg(),
      );
      assert.equal(res.statusCode, 303, res.body);
      const id = idFrom(res.headers.location);
      const expert = await getExpertById(t.db.handle, id);
      assert.equal(expert?.slug, 'mira-kowal');
      assert.equal(expert?.position, 'Senior Fellow');
      assert.equal(expert?.bio, 'Writes on energy.\nAnd grids.');
      assert.ok(expert?.photoMediaId, 'the portrait is stored');
      const page = await admin.get(String(res.headers.location));
      assert.match(page.body, /Expert added/);
      assert.match(page.body, /<picture class="portrait portrait-large">/);
      assert.match(page.body, /Remove portrait/);
      const blogs = await t.app.inject({ url: '/blogs' });
      assert.match(blogs.body, /Mira Kowal/, 'the cached list was dropped');
      assert.match((await t.app.inject({ url: '/blogs/mira-kowal' })).body, /Senior Fellow, Wrenfield Institute/);
      assert.ok((await actions()).includes('expert.create Mira Kowal'));
    });

    test('the form refuses what the API refuses, keeps what was typed, and writes nothing', async () => {
      const before = (await listAllExperts(t.db.handle)).length;
      const cases: Array<[Record<string, string>, string, number]> = [
        [{ name: '   ' }, 'Name: must not be empty', 422],
        [{ name: 'x'.repeat(201) }, 'Name: must be at most 200 characters', 422],
        [{ name: 'Ok', slug: 'Not A Slug!' }, 'Slug: must be lower-case letters', 422],
        [{ name: 'Ok', slug: 'author-expert' }, 'Slug: is taken by another expert', 409],
        [{ name: 'Ok', title: 't'.repeat(301) }, 'Title: must be at most 300 characters', 422],
        [{ name: 'Ok', affiliation: 'bad\u0007bell' }, 'Affiliation: must not contain control characters', 422],
        [{ name: 'Ok', bio: 'b'.repeat(5001) }, 'Biography: must be at most 5000 characters', 422],
      ];
      for (const [fields, problem, status] of cases) {
        const res = await submit(admin, '/admin/experts/new', fields, await jpeg());
        assert.equal(res.statusCode, status, `${JSON.stringify(fields).slice(0, 80)}: ${problemsOf(res.body).join(' | ')}`);
        assert.ok(
          problemsOf(res.body).some((p) => p.startsWith(problem)),
          `${problem} in ${problemsOf(res.body).join(' | ')}`,
        );
      }
      const kept = await submit(admin, '/admin/experts/new', { name: 'Kept Expert', slug: 'author-expert', bio: 'Kept biography' });
      assert.match(kept.body, /value="Kept Expert"/);
      assert.match(kept.body, />Kept biography<\/textarea>/);
      assert.equal((await listAllExperts(t.db.handle)).length, before);
    });

    test('a file that is not an image, or too large, is refused on the form', async () => {
      const before = (await listAllExperts(t.db.handle)).length;
      const text = await submit(admin, '/admin/experts/new', { name: 'Text Portrait' }, { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('just some notes, not a picture') });
      assert.equal(text.statusCode, 422);
      assert.ok(
        problemsOf(text.body).some((p) => p.startsWith('Portrait: The file is not an image we can read')),
        problemsOf(text.body).join(' | '),
      );
      assert.match(text.body, /<input type="file" id="field-photo_file" name="photo_file"[^>]*aria-invalid="true"/);
      assert.match(text.body, /value="Text Portrait"/);
      const disguised = await submit(admin, '/admin/experts/new', { name: 'Fake Jpeg' }, { name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('<?php echo "not an image"; ?>') });
      assert.equal(disguised.statusCode, 422);
      const huge = await submit(admin, '/admin/experts/new', { name: 'Huge Portrait' }, { name: 'big.jpg', type: 'image/jpeg', bytes: Buffer.alloc(21 * 1024 * 1024, 1) });
      assert.equal(huge.statusCode, 413);
      assert.ok(
        problemsOf(huge.body).some((p) => p.startsWith('Portrait: is too large')),
        problemsOf(huge.body).join(' | '),
      );
      assert.equal((await listAllExperts(t.db.handle)).length, before);
    });

    test('hostile text in every field comes out escaped, in the office and on the blog', async () => {
      for (const [i, evil] of hostileStrings.entries()) {
        const res = await submit(admin, '/admin/experts/new', { name: `Evil ${i} ${evil}`, title: evil, affiliation: evil, bio: evil });
        assert.equal(res.statusCode, 303, res.body);
        const expert = (await getExpertById(t.db.handle, idFrom(res.headers.location)))!;
        const pages = [await admin.get(`/admin/experts/${expert.id}`), await admin.get('/admin/experts'), await t.app.inject({ url: `/blogs/${expert.slug}` })];
        for (const page of pages) {
          assert.equal(page.statusCode, 200);
          if (/[<>]/.test(evil)) assert.ok(!page.body.includes(evil), `${evil} unescaped`);
        }
      }
    });

    test('an author keeps their own profile — title, biography, portrait, links — but not its name or address, and no one else’s', async () => {
      const list = await author.get('/admin/experts');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Your expert profile/);
      assert.match(list.body, /Author Expert/);
      assert.doesNotMatch(list.body, /Mira Kowal/);
      assert.doesNotMatch(list.body, /New expert/);
      // The office menu leads to it as "My profile".
      assert.match(list.body, /<a href="\/admin\/experts\/mine"[^>]*>My profile<\/a>/);
      const mine = await author.get('/admin/experts/mine');
      assert.equal(mine.statusCode, 303);
      assert.equal(mine.headers.location, `/admin/experts/${ownId}`);

      const own = await author.get(`/admin/experts/${ownId}`);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, new RegExp(`<form method="post" action="/admin/experts/${ownId}\\?_csrf=`));
      assert.match(own.body, /name="bio"/);
      assert.match(own.body, /name="same_as"/);
      assert.match(own.body, /name="photo_file"/);
      assert.doesNotMatch(own.body, /name="slug"|name="name"/, 'neither the name nor the address is theirs to change');
      assert.doesNotMatch(own.body, /Delete expert/);

      const saved = await submit(
        author,
        `/admin/experts/${ownId}`,
        { title: 'Research Fellow', affiliation: 'Wrenfield', bio: 'My own words.\r\nTwo lines.', same_as: 'https://orcid.org/0000-0002-1825-0097' },
        await jpeg(200, 260),
      );
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      const after = (await getExpertById(t.db.handle, ownId))!;
      assert.equal(after.position, 'Research Fellow');
      assert.equal(after.bio, 'My own words.\nTwo lines.');
      assert.equal(after.name, 'Author Expert');
      assert.equal(after.slug, 'author-expert');
      assert.ok(after.photoMediaId, 'the portrait is stored');
      assert.match(after.sameAs, /orcid\.org/);
      assert.ok((await actions()).includes('expert.update Author Expert'));

      // Hostile input: refused on the form, escaped where shown, nothing half-written.
      const hostile = await submit(author, `/admin/experts/${ownId}`, { title: hostileStrings[1]!, bio: 'x'.repeat(6000), same_as: 'javascript:alert(1)' });
      assert.equal(hostile.statusCode, 422);
      assert.ok(!hostile.body.includes('<img src=x onerror'), 'escaped');
      assert.equal((await getExpertById(t.db.handle, ownId))?.position, 'Research Fellow', 'nothing written');

      const before = await getExpertById(t.db.handle, ownId);
      assert.equal((await submit(author, `/admin/experts/${ownId}`, { name: 'A New Byline', bio: 'x' })).statusCode, 403);
      assert.equal((await submit(author, `/admin/experts/${ownId}`, { slug: 'taken-over', bio: 'x' })).statusCode, 403);
      assert.deepEqual(await getExpertById(t.db.handle, ownId), before, 'nothing changed');

      const other = (await getExpertBySlug(t.db.handle, 'mira-kowal'))!;
      assert.equal((await author.get(`/admin/experts/${other.id}`)).statusCode, 403);
      assert.equal((await submit(author, `/admin/experts/${other.id}`, { bio: 'Hijacked' })).statusCode, 403);
      assert.equal((await author.post(`/admin/experts/${other.id}/delete`, { confirm: '1' })).statusCode, 403);
      assert.equal((await author.post(`/admin/experts/${ownId}/delete`, { confirm: '1' })).statusCode, 403);
      assert.equal((await author.get('/admin/experts/new')).statusCode, 403);
      assert.equal((await submit(author, '/admin/experts/new', { name: 'Mine Now' })).statusCode, 403);
      assert.equal((await getExpertById(t.db.handle, other.id))?.bio, other.bio);
      assert.equal((await getExpertBySlug(t.db.handle, 'author-expert'))?.id, ownId);
      assert.ok(!(await listAllExperts(t.db.handle)).some((e) => e.name === 'Mine Now'));
    });

    test('editors keep every profile (name and address included) but add and delete none; unknown ids are 404', async () => {
      const list = await editor.get('/admin/experts');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Mira Kowal/);
      assert.doesNotMatch(list.body, /New expert/);
      const other = (await getExpertBySlug(t.db.handle, 'mira-kowal'))!;
      const page = await editor.get(`/admin/experts/${other.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="name"/);
      assert.match(page.body, /name="slug"/);
      const fields = { name: 'Mira Kowal-Lind', slug: other.slug, title: other.position, affiliation: other.affiliation, bio: 'Edited by an editor.' };
      assert.equal((await submit(editor, `/admin/experts/${other.id}`, fields)).statusCode, 303);
      assert.equal((await getExpertById(t.db.handle, other.id))?.name, 'Mira Kowal-Lind');
      assert.equal((await submit(editor, `/admin/experts/${other.id}`, { ...fields, name: 'Mira Kowal' })).statusCode, 303);
      assert.equal((await editor.get('/admin/experts/new')).statusCode, 403);
      assert.equal((await submit(editor, '/admin/experts/new', { name: 'Editor Expert' })).statusCode, 403);
      assert.equal((await editor.post(`/admin/experts/${ownId}/delete`, { confirm: '1' })).statusCode, 403);
      // Not linked to an expert: no "My profile", and its address says so.
      assert.doesNotMatch(list.body, /My profile/);
      assert.equal((await editor.get('/admin/experts/mine')).statusCode, 404);
      for (const url of ['/admin/experts/999999', '/admin/experts/abc', '/admin/experts/-1']) assert.equal((await admin.get(url)).statusCode, 404, url);
      assert.equal((await submit(admin, '/admin/experts/999999', { name: 'Ghost' })).statusCode, 404);
    });

    test('the portrait can be replaced and removed; a multipart form without its token is refused', async () => {
      const expert = (await getExpertBySlug(t.db.handle, 'mira-kowal'))!;
      const fields = { name: expert.name, slug: expert.slug, title: expert.position, affiliation: expert.affiliation, bio: expert.bio };
      const noToken = await submit(admin, `/admin/experts/${expert.id}`, { ...fields, name: 'Forged' }, undefined, { csrf: false });
      assert.equal(noToken.statusCode, 403);
      assert.equal((await getExpertById(t.db.handle, expert.id))?.name, 'Mira Kowal');

      assert.equal((await submit(admin, `/admin/experts/${expert.id}`, fields, await jpeg(500, 500))).statusCode, 303);
      const replaced = (await getExpertById(t.db.handle, expert.id))!.photoMediaId;
      assert.ok(replaced && replaced !== expert.photoMediaId);
      assert.equal((await submit(admin, `/admin/experts/${expert.id}`, { ...fields, remove_photo: '1' })).statusCode, 303);
      assert.equal((await getExpertById(t.db.handle, expert.id))!.photoMediaId, null);
      const renamed = await submit(admin, `/admin/experts/${expert.id}`, { ...fields, slug: 'mira-k' });
      assert.equal(renamed.statusCode, 303);
      assert.equal((await t.app.inject({ url: '/blogs/mira-k' })).statusCode, 200);
      // The old blog address leads to the new one (a redirect the rename leaves).
      assert.equal((await t.app.inject({ url: '/blogs/mira-kowal' })).headers.location, '/blogs/mira-k');
      assert.ok((await actions()).some((a) => a === 'expert.update Mira Kowal'));
    });

    test('deleting an expert needs the confirmation box, and takes their blog with them', async () => {
      const made = await submit(admin, '/admin/experts/new', { name: 'Short Lived' });
      const id = idFrom(made.headers.location);
      const article = await t.app.inject({
        method: 'POST',
        url: '/api/v1/articles',
        headers: bearer(t.tokens.admin),
        payload: { expert: 'short-lived', title: 'Only piece', lead: 'L', body: 'B', status: 'published' },
      });
      assert.equal(article.statusCode, 201, article.body);
      const articlePath = new URL((article.json() as { url: string }).url).pathname;
      assert.equal((await t.app.inject({ url: articlePath })).statusCode, 200);

      const page = await admin.get(`/admin/experts/${id}`);
      assert.match(page.body, /also deletes <strong>every article on their blog<\/strong>/);
      const unconfirmed = await admin.post(`/admin/experts/${id}/delete`, {});
      assert.equal(unconfirmed.statusCode, 422);
      assert.ok(problemsOf(unconfirmed.body).some((p) => p.includes('Tick the box')));
      assert.ok(await getExpertById(t.db.handle, id));

      const deleted = await admin.post(`/admin/experts/${id}/delete`, { confirm: '1' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, '/admin/experts?notice=deleted');
      assert.equal(await getExpertById(t.db.handle, id), undefined);
      assert.equal((await t.app.inject({ url: '/blogs/short-lived' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: articlePath })).statusCode, 404);
      assert.ok((await actions()).includes('expert.delete Short Lived'));
    });
  });
}
