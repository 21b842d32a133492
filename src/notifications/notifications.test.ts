import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, hostileStrings, startTestApp, type TestApp } from '../../test/app.ts';
import { databaseKinds } from '../../test/databases.ts';
import { officeSessionFor, type OfficeSession } from '../../test/office.ts';
import { mailText, startMailbox, type ReceivedMail } from '../../test/mailbox.ts';
import type { Database } from '../schema.ts';
import { openDatabase } from '../db/connect.ts';
import { withTransaction } from '../db/transaction.ts';
import { createMailer } from '../mail/mailer.ts';
import { systemActor } from '../core/actor.ts';
import { createApiToken, createUser, getUserByEmail, updateUser } from '../users/store.ts';
import { createExpert } from '../experts/store.ts';
import { articleWorkflowStepped, getArticleById } from '../articles/store.ts';
import { NoticeCourier } from './courier.ts';
import { getNoticeSettings, listNoticesOf, recordNotice } from './store.ts';
import { headerLine } from './mail-text.ts';

/** The mail goes after the change commits: waits until the mailbox holds `count` messages, then a little longer for strays. */
async function mailArrives(received: unknown[], count: number): Promise<void> {
  for (let waited = 0; received.length < count && waited < 10_000; waited += 25) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300));
}

const header = (raw: string, name: string) => {
  // Unfolded: a long header continues on lines that start with white space.
  const unfolded = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded.split(/\r?\n/).filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
};
/** The subject as read: encoded words (=?UTF-8?Q?…?=) decoded. */
const subjectOf = (raw: string) =>
  header(raw, 'subject')
    .map((l) => l.slice('subject:'.length).trim())
    .join('')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
const bodyOf = (mail: ReceivedMail) => {
  const text = mailText(
    mail.raw
      .split(/\r?\n\r?\n/)
      .slice(1)
      .join('\n\n'),
  );
  // quoted-printable bytes of UTF-8 (curly quotes, dashes)
  return Buffer.from(
    text.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
};
const to = (mails: ReceivedMail[]) => mails.flatMap((m) => m.to).sort();

for (const kind of await databaseKinds()) {
  describe(`notices of the workflow on ${kind}`, () => {
    let t: TestApp;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    let coauthorToken: string;
    let editor: OfficeSession;
    let coauthor: OfficeSession;
    before(async () => {
      mailbox = await startMailbox();
      t = await startTestApp(kind, { ROSTRUM_SMTP_URL: mailbox.url, ROSTRUM_MAIL_FROM: 'Office <office@think.example>' });
      // The drafts below are co-written: their second expert's account is told as the first's is.
      const expert = await createExpert(t.db.handle, { name: 'Co Author', slug: 'coauthor-expert' });
      const second = await createUser(t.db.handle, { email: 'coauthor@rostrum.test', role: 'author', name: 'Second Author', expertId: expert.id });
      coauthorToken = await createApiToken(t.db.handle, second.id);
      await createUser(t.db.handle, { email: 'editor2@rostrum.test', role: 'editor', name: 'Other Editor' });
      const gone = await createUser(t.db.handle, { email: 'gone@rostrum.test', role: 'editor' });
      await updateUser(t.db.handle, gone.id, { disabled: true });
      editor = await officeSessionFor(t.app, t.db.handle, 'editor@rostrum.test');
      coauthor = await officeSessionFor(t.app, t.db.handle, 'coauthor@rostrum.test');
    });
    after(async () => {
      await t.close();
      await mailbox.close();
    });
    beforeEach(() => void mailbox.received.splice(0));

    const api = (token: string, method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, headers: bearer(token), payload });
    const draft = async (title = 'Grain corridors after the truce') => {
      const res = await api(t.tokens.author, 'POST', '/api/v1/articles', { experts: ['author-expert', 'coauthor-expert'], title, lead: 'A lead.', body: 'A body.', status: 'draft' });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: number }).id;
    };
    const step = async (token: string, id: number, payload: object) => {
      const res = await api(token, 'PATCH', `/api/v1/articles/${id}`, payload);
      assert.equal(res.statusCode, 200, res.body);
    };
    const noticesOf = async (email: string) => listNoticesOf(t.db.handle, (await getUserByEmail(t.db.handle, email))!.id, 100);

    test('submitting tells the active editors and administrators by mail and on their dashboard; not the author who submitted', async () => {
      const id = await draft();
      await step(t.tokens.author, id, { status: 'in_review' });
      await mailArrives(mailbox.received, 3);
      assert.deepEqual(to(mailbox.received), ['admin@rostrum.test', 'editor2@rostrum.test', 'editor@rostrum.test']);
      const mail = mailbox.received.find((m) => m.to[0] === 'editor@rostrum.test')!;
      assert.match(mail.raw, /^From: Office <office@think\.example>/m);
      assert.equal(subjectOf(mail.raw), 'For review: Grain corridors after the truce — Rostrum');
      const body = bodyOf(mail);
      assert.match(body, /submitted “Grain corridors after the truce” for review/);
      assert.ok(body.includes(`http://rostrum.test/admin/articles/${id}`), body);
      assert.match(body, /http:\/\/rostrum\.test\/notices\/off\/\d+\.[A-Za-z0-9_-]{43}/);
      assert.equal((await noticesOf('author@rostrum.test')).length, 0);
      assert.equal((await noticesOf('gone@rostrum.test')).length, 0);

      const page = await editor.get('/admin');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /What changed for you since your last visit/);
      assert.match(page.body, /1 new since your last visit/);
      assert.ok(page.body.includes(`<a href="/admin/articles/${id}">Grain corridors after the truce</a>`));
      // Seen once: the next visit lists it as earlier, not new.
      const again = await editor.get('/admin');
      assert.match(again.body, /Nothing new since your last visit/);
      assert.ok(again.body.includes(`/admin/articles/${id}`));
      assert.doesNotMatch(again.body, /notice-badge/);
    });

    test('returning tells every author of the article, with the note; not the editor who returned it', async () => {
      const id = await draft('Sanctions and the shadow fleet');
      await step(t.tokens.author, id, { status: 'in_review' });
      await mailArrives(mailbox.received, 3);
      mailbox.received.splice(0);
      await step(t.tokens.editor, id, { status: 'draft', review_note: 'Please cite the tanker registry.\nAnd shorten the lead.' });
      await mailArrives(mailbox.received, 2);
      assert.deepEqual(to(mailbox.received), ['author@rostrum.test', 'coauthor@rostrum.test']);
      for (const mail of mailbox.received) {
        assert.equal(subjectOf(mail.raw), 'Returned to you: Sanctions and the shadow fleet — Rostrum');
        const body = bodyOf(mail);
        assert.match(body, /returned “Sanctions and the shadow fleet” to you with a note:/);
        assert.match(body, /> Please cite the tanker registry\.\r?\n> And shorten the lead\./);
      }
      const [notice] = await noticesOf('coauthor@rostrum.test');
      assert.equal(notice?.kind, 'returned');
      assert.equal(notice?.note, 'Please cite the tanker registry.\nAnd shorten the lead.');
      assert.equal((await noticesOf('editor@rostrum.test')).filter((n) => n.articleId === id && n.kind === 'returned').length, 0);
    });

    test('publishing tells the authors with the address readers see; an author who publishes is not told of it', async () => {
      const id = await draft('Ports of the Black Sea');
      await step(t.tokens.editor, id, { status: 'published' });
      await mailArrives(mailbox.received, 2);
      assert.deepEqual(to(mailbox.received), ['author@rostrum.test', 'coauthor@rostrum.test']);
      const article = (await getArticleById(t.db.handle, id))!;
      assert.ok(bodyOf(mailbox.received[0]!).includes(`http://rostrum.test/blogs/author-expert/${article.slug}`));
      // The author takes it down themselves: only the co-author hears.
      mailbox.received.splice(0);
      const ownDraft = await draft('An author publishes alone');
      await t.db.handle.db.updateTable('articles').set({ lead: 'A lead.' }).where('id', '=', ownDraft).execute();
      await step(t.tokens.editor, ownDraft, { status: 'published' });
      await mailArrives(mailbox.received, 2);
      mailbox.received.splice(0);
      await step(t.tokens.editor, ownDraft, { status: 'draft' });
      await mailArrives(mailbox.received, 2);
      assert.deepEqual(to(mailbox.received), ['author@rostrum.test', 'coauthor@rostrum.test']);
      assert.match(subjectOf(mailbox.received[0]!.raw), /^Taken off the site: /);
    });

    test('a person who turns e-mail off still sees notices in the office; the link in a mail turns them off without signing in', async () => {
      const off = await coauthor.post('/admin/account/notices', { email_notices_shown: '1' });
      assert.equal(off.statusCode, 303);
      assert.equal(off.headers.location, '/admin/account/notices?notice=off');
      assert.equal((await getNoticeSettings(t.db.handle, (await getUserByEmail(t.db.handle, 'coauthor@rostrum.test'))!.id)).emailOn, false);
      const page = await coauthor.get('/admin/account/notices?notice=off');
      assert.match(page.body, /E-mail notices are off/);
      assert.doesNotMatch(page.body, /name="email_notices"[^>]*checked/);

      const id = await draft('Turned off');
      await step(t.tokens.editor, id, { status: 'published' });
      await mailArrives(mailbox.received, 1);
      assert.deepEqual(to(mailbox.received), ['author@rostrum.test']);
      assert.ok(
        (await noticesOf('coauthor@rostrum.test')).some((n) => n.articleId === id && n.kind === 'published'),
        'still on the dashboard',
      );

      // The author's own mail carries a link that turns theirs off: a GET only asks, the button does it.
      const link = /http:\/\/rostrum\.test(\/notices\/off\/[^\s]+)/.exec(bodyOf(mailbox.received[0]!))![1]!;
      const ask = await t.app.inject({ url: link });
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /Turn off e-mail notices/);
      const authorId = (await getUserByEmail(t.db.handle, 'author@rostrum.test'))!.id;
      assert.equal((await getNoticeSettings(t.db.handle, authorId)).emailOn, true, 'opening the link changes nothing');
      const done = await t.app.inject({ method: 'POST', url: link });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /E-mail notices are off/);
      assert.equal((await getNoticeSettings(t.db.handle, authorId)).emailOn, false);

      // A forged or mangled link turns nobody off.
      const coauthorId = (await getUserByEmail(t.db.handle, 'coauthor@rostrum.test'))!.id;
      for (const bad of [link.replace(/\/\d+\./, `/${coauthorId}.`), '/notices/off/1.abc', `/notices/off/${encodeURIComponent(hostileStrings[0]!)}`, `/notices/off/${'9'.repeat(400)}`]) {
        const res = await t.app.inject({ method: 'POST', url: bad });
        assert.ok(res.statusCode === 404, `${bad}: ${res.statusCode}`);
      }

      // On again, both.
      for (const session of [coauthor, await officeSessionFor(t.app, t.db.handle, 'author@rostrum.test')]) {
        assert.equal((await session.post('/admin/account/notices', { email_notices: '1' })).statusCode, 303);
      }
      assert.equal((await getNoticeSettings(t.db.handle, authorId)).emailOn, true);
    });

    test('the preference form refuses what it never offered, and only the person changes their own', async () => {
      for (const fields of [{ email_notices: 'yes' }, { email_notices: ['1', '1'] }, { email_notices: hostileStrings[1]! }]) {
        const res = await coauthor.post('/admin/account/notices', fields);
        assert.equal(res.statusCode, 422, JSON.stringify(fields));
      }
      const noCsrf = await coauthor.post('/admin/account/notices', {}, { csrf: false });
      assert.equal(noCsrf.statusCode, 403);
      const anonymous = await t.app.inject({ url: '/admin/account/notices' });
      assert.equal(anonymous.statusCode, 303);
    });

    test('a change that rolls back leaves no notice and sends no mail', async () => {
      const id = await draft('Never submitted');
      const article = (await getArticleById(t.db.handle, id))!;
      const before = (await listNoticesOf(t.db.handle, (await getUserByEmail(t.db.handle, 'editor@rostrum.test'))!.id, 1000)).length;
      await assert.rejects(
        withTransaction(t.db.handle, async (tx) => {
          await articleWorkflowStepped.notify(tx, { before: article, article: { ...article, status: 'in_review' }, step: 'submit', actor: systemActor('test') });
          assert.ok((await tx.db.selectFrom('noticeMails').select('id').execute()).length > 0, 'written inside the transaction');
          throw new Error('the save failed after the notices were written');
        }),
        /the save failed/,
      );
      // A refused submit (no lead) never gets as far.
      await t.db.handle.db.updateTable('articles').set({ lead: '' }).where('id', '=', id).execute();
      const refused = await api(t.tokens.author, 'PATCH', `/api/v1/articles/${id}`, { status: 'in_review' });
      assert.equal(refused.statusCode, 422, refused.body);
      await mailArrives(mailbox.received, 1);
      assert.equal(mailbox.received.length, 0);
      assert.equal((await listNoticesOf(t.db.handle, (await getUserByEmail(t.db.handle, 'editor@rostrum.test'))!.id, 1000)).length, before);
      const pending = await t.db.handle.db.selectFrom('noticeMails').select('id').where('sentAt', 'is', null).where('failedAt', 'is', null).execute();
      assert.deepEqual(pending, []);
    });

    test('hostile titles and notes stay on their line: one subject, no extra headers or recipients, escaped on the dashboard', async () => {
      const title = `Hello\r\nBcc: victim@evil.test\r\nSubject: forged ${hostileStrings[0]}\u2028X-Injected: 1`;
      const res = await api(t.tokens.author, 'POST', '/api/v1/articles', { experts: ['author-expert', 'coauthor-expert'], title, lead: 'A lead.', body: 'A body.', status: 'draft' });
      if (res.statusCode !== 201) {
        // The title's own rules may refuse line breaks; the notice is then tested with the title as stored below.
        assert.equal(res.statusCode, 422, res.body);
      }
      const id = res.statusCode === 201 ? (res.json() as { id: number }).id : await draft('placeholder');
      await t.db.handle.db.updateTable('articles').set({ title }).where('id', '=', id).execute();
      await step(t.tokens.author, id, { status: 'in_review' });
      await mailArrives(mailbox.received, 3);
      assert.equal(mailbox.received.length, 3);
      for (const mail of mailbox.received) {
        assert.equal(mail.to.length, 1);
        assert.ok(!mail.to.includes('victim@evil.test'));
        assert.equal(header(mail.raw, 'subject').length, 1);
        assert.deepEqual(header(mail.raw, 'bcc'), []);
        assert.deepEqual(header(mail.raw, 'x-injected'), []);
        assert.doesNotMatch(subjectOf(mail.raw), /[\r\n\u2028]/);
      }
      const page = await editor.get('/admin');
      assert.ok(!page.body.includes('<script>alert'), 'escaped');
      assert.equal(headerLine('a\r\nb\u0000c\u2029d'), 'a b c d');
      assert.equal(headerLine('x'.repeat(500)).length, 160);
    });

    test('an editor changing a live piece tells its authors once a while; an author editing their own tells nobody', async () => {
      const id = await draft('Live piece');
      await step(t.tokens.editor, id, { status: 'published' });
      await mailArrives(mailbox.received, 2);
      await step(t.tokens.editor, id, { lead: 'A corrected lead.' });
      await step(t.tokens.editor, id, { lead: 'Corrected again.' });
      const edits = (await noticesOf('author@rostrum.test')).filter((n) => n.articleId === id && n.kind === 'edited');
      assert.equal(edits.length, 1, 'two saves, one notice');
      const mail = await t.db.handle.db.selectFrom('noticeMails').select(['notBefore', 'sentAt']).where('noticeId', '=', edits[0]!.id).executeTakeFirstOrThrow();
      assert.equal(mail.sentAt, null);
      assert.ok(Date.parse(mail.notBefore) > Date.now() + 10 * 60_000, 'the mail waits, so a run of saves makes one');
      const before = (await noticesOf('coauthor@rostrum.test')).length;
      await step(coauthorToken, id, { lead: 'The co-author’s own wording.' }).catch(() => undefined);
      assert.equal((await noticesOf('coauthor@rostrum.test')).length, before);
    });

    test('a scheduled article: its authors hear it is scheduled, then that it went live at its time; a change of plan withdraws that', async () => {
      const id = await draft('Scheduled piece');
      const soon = new Date(Date.now() + 1500).toISOString();
      await step(t.tokens.editor, id, { status: 'published', published_at: soon });
      await mailArrives(mailbox.received, 2);
      assert.deepEqual(to(mailbox.received), ['author@rostrum.test', 'coauthor@rostrum.test']);
      assert.match(subjectOf(mailbox.received[0]!.raw), /^Scheduled: Scheduled piece/);
      assert.ok(!(await noticesOf('author@rostrum.test')).some((n) => n.articleId === id && n.kind === 'went_live'), 'not yet');
      mailbox.received.splice(0);
      await new Promise((r) => setTimeout(r, 1700));
      assert.ok((await noticesOf('author@rostrum.test')).some((n) => n.articleId === id && n.kind === 'went_live'));
      const courier = new NoticeCourier(t.db.handle, t.ctx.mailer, { publicUrl: 'http://rostrum.test' });
      await courier.deliverDue();
      await mailArrives(mailbox.received, 2);
      assert.deepEqual(to(mailbox.received), ['author@rostrum.test', 'coauthor@rostrum.test']);
      assert.match(subjectOf(mailbox.received[0]!.raw), /^Now live: Scheduled piece/);

      const later = await draft('Withdrawn piece');
      await step(t.tokens.editor, later, { status: 'published', published_at: new Date(Date.now() + 86_400_000).toISOString() });
      const coming = () => t.db.handle.db.selectFrom('notices').select('id').where('articleId', '=', later).where('kind', '=', 'went_live').execute();
      assert.equal((await coming()).length, 2);
      await step(t.tokens.editor, later, { status: 'draft' });
      assert.equal((await coming()).length, 0, 'unpublished: nothing will go live');

      // Deleted before its time: it never goes live, on the dashboard or by mail.
      const doomed = await draft('Deleted piece');
      await step(t.tokens.editor, doomed, { status: 'published', published_at: new Date(Date.now() + 800).toISOString() });
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/articles/${doomed}`, headers: bearer(t.tokens.editor) })).statusCode, 204);
      await new Promise((r) => setTimeout(r, 1000));
      mailbox.received.splice(0);
      await courier.deliverDue();
      await mailArrives(mailbox.received, 1);
      assert.ok(!mailbox.received.some((m) => /Deleted piece/.test(subjectOf(m.raw))), 'no mail of a deleted piece going live');
      assert.ok(!(await noticesOf('author@rostrum.test')).some((n) => n.kind === 'went_live' && n.articleTitle === 'Deleted piece'));
    });

    test('several processes sending at once send each mail once', async () => {
      const author = (await getUserByEmail(t.db.handle, 'author@rostrum.test'))!;
      const id = await draft('Many notices');
      await withTransaction(t.db.handle, async (tx) => {
        for (let i = 0; i < 30; i++) await recordNotice(tx, { userId: author.id, articleId: id, kind: 'published', articleTitle: `Notice ${i}`, actorName: 'Test', mail: true });
      });
      mailbox.received.splice(0);
      const handles = [0, 1, 2].map(() => openDatabase<Database>({ kind, url: t.db.url }));
      try {
        const mailer = createMailer({ smtpUrl: mailbox.url, from: 'office@think.example' });
        const couriers = handles.map((h) => new NoticeCourier(h, mailer, { publicUrl: 'http://rostrum.test' }));
        const sent = await Promise.all([...couriers, new NoticeCourier(t.db.handle, mailer, { publicUrl: 'http://rostrum.test' })].map((c) => c.deliverDue()));
        await mailArrives(mailbox.received, 30);
        // The app's own courier may have taken some: what counts is that each went once.
        assert.ok(sent.reduce((a, b) => a + b, 0) <= 30);
        await new Promise((r) => setTimeout(r, 1000));
        const subjects = mailbox.received.map((m) => subjectOf(m.raw)).filter((s) => /^Published: Notice \d+ /.test(s));
        assert.equal(subjects.length, 30);
        assert.equal(new Set(subjects).size, 30, 'no mail twice');
      } finally {
        for (const h of handles) await h.close();
      }
    });

    test('a mail server that refuses is tried again later, and a mail is given up after its tries', async () => {
      const author = (await getUserByEmail(t.db.handle, 'author@rostrum.test'))!;
      const noticeId = await recordNotice(t.db.handle, { userId: author.id, articleId: await draft('Bounced'), kind: 'published', articleTitle: 'Bounced', actorName: '', mail: true });
      const failing = { enabled: true, send: async () => Promise.reject(new Error('421 try later')) };
      const courier = new NoticeCourier(t.db.handle, failing, { publicUrl: 'http://rostrum.test', maxAttempts: 2 });
      assert.equal(await courier.deliverDue(), 0);
      const row = () => t.db.handle.db.selectFrom('noticeMails').selectAll().where('noticeId', '=', noticeId).executeTakeFirstOrThrow();
      const first = await row();
      assert.equal(first.attempts, 1);
      assert.equal(first.sentAt, null);
      assert.ok(Date.parse(first.notBefore) > Date.now() + 30_000, 'waits before the next try');
      assert.equal(first.lastError, '421 try later');
      await t.db.handle.db
        .updateTable('noticeMails')
        .set({ notBefore: new Date(Date.now() - 1000).toISOString() })
        .where('noticeId', '=', noticeId)
        .execute();
      await courier.deliverDue();
      const second = await row();
      assert.equal(second.attempts, 2);
      assert.ok(second.failedAt, 'given up after its tries');
    });
  });
}
